#!/usr/bin/env bash
# Several instances behind a shared cache, measured as users would run them: Varnish (examples/users/deploy/
# varnish.vcl) in front of three release builds of the users example on one PostgreSQL database, wrk driving
# Varnish over loopback. `bash scripts/bench-scale.sh [SECONDS_PER_RUN] [CONNECTIONS]` prints, for GET
# /users/1, requests per second and the 99th percentile latency (a) with no validator and (b) revalidated (the
# client sends the tag it holds in If-None-Match), and (c) for concurrent optimistic PATCHes of that user (a GET
# for the tag, a PATCH with If-Match, again after a 412): successful writes per second and the share of 412s.
#
# Everything runs on this machine's two cores: wrk, Varnish, three instances and PostgreSQL share them, so the
# figures are for comparing the three cases with one another, not for capacity planning. PostgreSQL is a
# private cluster in a temporary directory, on a free loopback port, removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}

bash scripts/ensure-package.sh wrk wrk
bash scripts/ensure-package.sh varnish varnishd
cargo build --release --quiet --example users
users=target/release/examples/users
source scripts/private-postgres.sh

dir=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    private_postgres_stop "$dir"
    rm -rf "$dir"
}
trap cleanup EXIT
private_postgres_start "$dir"
psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE users"
db="postgres://postgres@127.0.0.1:$pg_port/users"

vcl=$(cat examples/users/deploy/varnish.vcl)
for deployed in 8081 8082 8083; do
    port=$(free_port)
    "$users" --addr "127.0.0.1:$port" --db "$db" >/dev/null &
    pids+=($!)
    wait_for "http://127.0.0.1:$port/users/1"
    vcl=${vcl//\"$deployed\"/\"$port\"}
done
printf '%s\n' "$vcl" >"$dir/varnish.vcl"
cache_port=$(free_port)
varnishd -F -n "$dir/varnish" -a "127.0.0.1:$cache_port" -f "$dir/varnish.vcl" -s malloc,64m >"$dir/varnishd.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$cache_port"
wait_for "$base/users/1"

tag=$(curl -fs -D - -o /dev/null "$base/users/1" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }')
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $tag" "$base/users/1")" = 304 ]

run() { wrk -t1 -c"$connections" -d"${seconds}s" "$@" | tail -1; }
echo "GET /users/1 through Varnish, three instances on PostgreSQL; wrk -t1 -c$connections -d${seconds}s"
echo "(a) no validator:         $(run -s scripts/wrk/report.lua "$base/users/1")"
echo "(b) If-None-Match: $tag: $(run -s scripts/wrk/report.lua -H "If-None-Match: $tag" "$base/users/1")"
# The writes are counted from the user's version: one counter per database, moved by each write.
version() { curl -fs "$1/users/1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])'; }
before=$(version "$base")
report=$(run -s scripts/wrk/optimistic-writes.lua "$base/users/1")
writes=$(( $(version "$base") - before ))
refused=$(sed -n 's/.*refused_412=\([0-9]*\).*/\1/p' <<<"$report")
echo "(c) optimistic PATCHes:   $(awk -v w="$writes" -v r="$refused" -v s="$seconds" \
    'BEGIN { printf "writes_per_s=%.0f refused_412=%.1f%%", w / s, 100 * r / ((w + r) > 0 ? w + r : 1) }') ${report#refused_412=* }"
