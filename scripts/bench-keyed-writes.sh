#!/usr/bin/env bash
# What an Idempotency-Key costs a write: the users example (release build, SQLite in memory) answers PATCHes of
# one user with wrk, unkeyed and keyed (a new key per request, so each stores its answer), and keyed retries (one
# key, every request a replay), in turn, ROUNDS times; the table shows the median requests/s of each and its
# ratio to the unkeyed write of the same round. Every request changes the user (a new name per request) and
# carries `If-Match: *`, so no request is refused. `bash scripts/bench-keyed-writes.sh [SECONDS_PER_RUN] [ROUNDS]`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-3}
rounds=${2:-5}
port=18091
bash scripts/ensure-package.sh wrk wrk
cargo build --release --quiet --example users
target/release/examples/users --addr "127.0.0.1:$port" >/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/users/1" && break; sleep 0.1; done

script=$(mktemp --suffix=.lua)
trap 'kill $server 2>/dev/null || true; rm -f "$script"' EXIT
cat >"$script" <<'LUA'
-- MODE: plain (no key), keyed (a new key per request), replay (one key, the same body: replayed).
local mode = os.getenv("MODE")
local counter = 0
request = function()
  counter = counter + 1
  local headers = { ["Content-Type"] = "application/merge-patch+json", ["If-Match"] = "*" }
  local body = '{"name":"writer ' .. counter .. '"}'
  if mode == "keyed" then
    headers["Idempotency-Key"] = "k-" .. math.random(1, 2^30) .. "-" .. counter
  elseif mode == "replay" then
    headers["Idempotency-Key"] = "the-one-key"
    body = '{"name":"the one change"}'
  end
  return wrk.format("PATCH", "/users/1", headers, body)
end
LUA

declare -A results
for round in $(seq "$rounds"); do
  for mode in plain keyed replay; do
    rps=$(MODE=$mode wrk -t1 -c8 -d"${seconds}s" -s "$script" "http://127.0.0.1:$port" | awk '/Requests\/sec/ {print $2}')
    results[$mode]+="$rps "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain=$(echo "${results[plain]}" | median)
echo "| write | requests/s (median of $rounds) | ratio to unkeyed |"
echo "|---|---|---|"
for mode in plain keyed replay; do
  rps=$(echo "${results[$mode]}" | median)
  echo "| $mode | $rps | $(awk -v a="$rps" -v b="$plain" 'BEGIN {printf "%.2f", a / b}') |"
done
