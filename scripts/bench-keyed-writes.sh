#!/usr/bin/env bash
# What an Idempotency-Key costs a write, on each store: the users example (release build) answers PATCHes of one
# user under wrk, on SQLite in memory, on a SQLite file and on PostgreSQL (a private cluster in a temporary
# directory, on a free loopback port, removed afterwards). For each store, one run after another, never
# interleaved: unkeyed writes, keyed writes (a new key per request, so each keeps its answer, each from a user of
# its own) and replays (one key: each request is answered from its record), each on a fresh example and
# database. The cap on all keys is lifted so that no run meets it; the quota per requester stays at its default.
#
# Every request changes the user (a new name per request) and carries `If-Match: *`, so none is refused; the run
# checks it. The user's version comes from one counter per database, so after a run of writes it must have moved
# by the number of 2xx answers wrk counted (plus a few per connection: requests wrk cut off when it stopped may
# still land; up to two per connection allowed, nine with eight connections seen), and by none after replays.
# A run that fails the check stops the script.
#
# `bash scripts/bench-keyed-writes.sh [SECONDS_PER_RUN] [ROUNDS]` prints one Markdown table: the median
# requests/s of ROUNDS runs per store and mode, and each mode's ratio to the unkeyed write on the same store.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-3}
rounds=${2:-3}
connections=8

bash scripts/ensure-package.sh wrk wrk
cargo build --release --quiet --example users
users=target/release/examples/users
source scripts/private-postgres.sh

dir=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    private_postgres_stop "$dir"
    rm -rf "$dir"
}
trap cleanup EXIT
private_postgres_start "$dir"

cat >"$dir/patch.lua" <<'LUA'
-- MODE: plain (no key), keyed (a new key per request, from a requester of its own, as many users' writes are),
-- replay (one key, the same body: replayed).
local mode = os.getenv("MODE")
local counter = 0
request = function()
  counter = counter + 1
  local headers = { ["Content-Type"] = "application/merge-patch+json", ["If-Match"] = "*" }
  local body = '{"name":"writer ' .. counter .. '"}'
  if mode == "keyed" then
    headers["Idempotency-Key"] = "k-" .. math.random(1, 2^30) .. "-" .. counter
    headers["X-User"] = "user-" .. counter
  elseif mode == "replay" then
    headers["Idempotency-Key"] = "the-one-key"
    body = '{"name":"the one change"}'
  end
  return wrk.format("PATCH", "/users/1", headers, body)
end
LUA

# A fresh database for one run: `--db`'s value (none for SQLite in memory).
database_for() {
    local store=$1 run=$2
    case $store in
        sqlite-memory) echo "" ;;
        sqlite-file) echo "$dir/run-$run.sqlite" ;;
        postgres)
            psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE run_$run" >/dev/null
            echo "postgres://postgres@127.0.0.1:$pg_port/run_$run" ;;
    esac
}

version() { curl -fs "$1/users/1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])'; }

# One run: a fresh example and database, then wrk; prints requests/s once the version check passes.
run() {
    local store=$1 mode=$2 run=$3 db port base before output requests non2xx after moved
    db=$(database_for "$store" "$run")
    port=$(free_port)
    "$users" --addr "127.0.0.1:$port" ${db:+--db "$db"} --key-cap 10000000 >/dev/null &
    server=$!
    base="http://127.0.0.1:$port"
    wait_for "$base/users/1"
    if [ "$mode" = replay ]; then
        # The one key's first request writes; the run's requests are all replays of it.
        curl -fs -o /dev/null -X PATCH -H 'Content-Type: application/merge-patch+json' -H 'If-Match: *' \
            -H 'Idempotency-Key: the-one-key' -d '{"name":"the one change"}' "$base/users/1"
    fi
    before=$(version "$base")
    output=$(MODE=$mode wrk -t1 -c"$connections" -d"${seconds}s" -s "$dir/patch.lua" "$base")
    after=$(version "$base")
    kill "$server" && wait "$server" 2>/dev/null || true
    server=
    requests=$(awk '/requests in/ {print $1}' <<<"$output")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$output")
    moved=$((after - before))
    if [ -n "$non2xx" ]; then
        echo "$store $mode: $non2xx answers were not 2xx" >&2; exit 1
    fi
    if [ "$mode" = replay ] && [ "$moved" -ne 0 ]; then
        echo "$store replay: the version moved by $moved; a replay must write nothing" >&2; exit 1
    fi
    if [ "$mode" != replay ] && { [ "$moved" -lt "$requests" ] || [ "$moved" -gt $((requests + 2 * connections)) ]; }; then
        echo "$store $mode: $requests answers but the version moved by $moved" >&2; exit 1
    fi
    awk '/Requests\/sec/ {print $2}' <<<"$output"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| store | write | requests/s (median of $rounds) | ratio to unkeyed |"
echo "|---|---|---|---|"
n=0
for store in sqlite-memory sqlite-file postgres; do
    declare -A results=()
    for mode in plain keyed replay; do
        for _ in $(seq "$rounds"); do
            n=$((n + 1))
            results[$mode]+="$(run "$store" "$mode" "$n") "
        done
    done
    plain=$(echo "${results[plain]}" | median)
    for mode in plain keyed replay; do
        rps=$(echo "${results[$mode]}" | median)
        echo "| $store | $mode | $rps | $(awk -v a="$rps" -v b="$plain" 'BEGIN {printf "%.2f", a / b}') |"
    done
    unset results
done
