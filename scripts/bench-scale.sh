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
bash scripts/ensure-package.sh postgresql '/usr/lib/postgresql/*/bin/initdb'
bash scripts/ensure-package.sh varnish varnishd
cargo build --release --quiet --example users
users=target/release/examples/users
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
wait_for() { for _ in $(seq 200); do curl -fs -o /dev/null "$1" && return; sleep 0.1; done; echo "$1 did not answer" >&2; exit 1; }

# Not under target/: a checkout in a private directory cannot be entered by postgres.
dir=$(mktemp -d) && chmod 755 "$dir"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -d "$dir/data" ] && as_postgres "$pg_bin/pg_ctl" stop -D "$dir/data" -m fast >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
chown postgres: "$dir"

pg_port=$(free_port)
as_postgres "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync >/dev/null
as_postgres "$pg_bin/pg_ctl" start -D "$dir/data" -l "$dir/postgres.log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=100" >/dev/null
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
echo "(c) optimistic PATCHes:   $(run -s scripts/wrk/optimistic-writes.lua "$base/users/1")"
