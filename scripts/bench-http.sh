#!/usr/bin/env bash
# What #[conditional] (each mode, `Deferred` among them, SHA-1 and xxh3) and the Conditional middleware cost on
# the 200 path and what a 304 saves, against a plain actix handler and against the third-party body-hashing
# middlewares actix-middleware-etag (peer) and etag-actix-middleware (peer2, in a build of its own that
# peers/peer2-server holds, beside bench_server on the next port), measured with wrk over loopback in one run:
# `bash scripts/bench-http.sh [SECONDS_PER_RUN] [ROUNDS]`.
#
# bench_server runs with one worker; wrk (one thread, 16 connections) runs on the other core. This machine is
# shared and noisy: two runs of the same case a few seconds apart can differ by 20%. So for each n the cases
# run in turn, ROUNDS times, each round starting at a different case; each round's ratios are taken to the
# plain 200 of that same round, and the table shows the median over rounds of requests/s and of those ratios.
# Peak RSS compares a fresh server loaded with hashed 10000 against a fresh one loaded with plain 10000.
#
# The axum cases (axum-*) run on bench_server_axum, on the port after peer2's, and each ratio is to that
# server's own plain handler (axum-plain/200): what the layer and the types add to axum, as the others show what
# the attribute and the middleware add to actix.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-2}
rounds=${2:-7}
port=18081
base="http://127.0.0.1:$port"
peer2_base="http://127.0.0.1:$((port + 1))"
axum_base="http://127.0.0.1:$((port + 2))"

bash scripts/ensure-package.sh wrk wrk
cargo build --release --quiet --no-default-features --example bench_server --example bench_server_axum
cargo build --release --quiet --manifest-path peers/peer2-server/Cargo.toml
server=target/release/examples/bench_server
peer2_server=peers/peer2-server/target/release/etag-bench-peer2
axum_server=target/release/examples/bench_server_axum
peer2_pid=
axum_pid=

start_server() {
    "$server" --addr "127.0.0.1:$port" --workers 1 >/dev/null &
    server_pid=$!
    wait_for "$base/plain/1"
}
start_axum_server() {
    "$axum_server" --addr "127.0.0.1:$((port + 2))" >/dev/null &
    axum_pid=$!
    wait_for "$axum_base/axum-plain/1"
}
start_peer2_server() {
    "$peer2_server" --addr "127.0.0.1:$((port + 1))" --workers 1 >/dev/null &
    peer2_pid=$!
    wait_for "$peer2_base/peer2-plain/1"
}
wait_for() {
    for _ in $(seq 100); do
        curl -fs -o /dev/null "$1" && return
        sleep 0.1
    done
    echo "$1: the server did not start" >&2
    exit 1
}
stop_server() {
    kill "$server_pid" $peer2_pid $axum_pid 2>/dev/null || true
    wait "$server_pid" $peer2_pid $axum_pid 2>/dev/null || true
    peer2_pid= axum_pid=
}
trap stop_server EXIT

# The URL of a route's path: peer2's routes are served by its own build.
url_of() {
    case $1 in
    peer2*) echo "$peer2_base/$1" ;;
    axum-*) echo "$axum_base/$1" ;;
    *) echo "$base/$1" ;;
    esac
}

etag_of() {
    curl -fs -D - -o /dev/null "$(url_of "$1")" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }'
}

# Requests/s of one wrk run. wrk counts only statuses >= 400 as errors, which must not occur; that the
# If-None-Match runs get 304s is checked with curl before they are timed.
requests_per_second() {
    local path=$1 header=${2:-}
    local args=(-t1 -c16 -d"${seconds}s")
    [ -n "$header" ] && args+=(-H "$header")
    local report
    report=$(wrk "${args[@]}" "$(url_of "$path")")
    if grep -q "Non-2xx or 3xx" <<<"$report"; then
        echo "$path: error responses: $report" >&2
        return 1
    fi
    awk '/Requests\/sec/ { print $2 }' <<<"$report"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

status_of() { curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $2" "$(url_of "$1")"; }

peak_rss_kib() {
    awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status"
}

# One case's requests/s, for n and the tags fetched for it: a case is ROUTE/STATUS, such as hashed/304.
run_case() {
    local route=${1%/*} status=${1#*/}
    if [ "$status" = 304 ]; then
        requests_per_second "$route/$n" "If-None-Match: ${tags[$route]}"
    else
        requests_per_second "$route/$n"
    fi
}

# CASES="plain/200 tagged/304 ..." times only those (plain/200, the baseline of every actix ratio, is always
# among them, and axum-plain/200 wherever an axum case is). Every route but the plain ones has a 200 and a 304
# case. peer2-plain/200 is plain in peer2's build: its ratio shows whether the two builds' baselines agree.
all_cases="plain/200 hashed/200 hashed/304 hashed-xxh3/200 hashed-xxh3/304 tagged/200 tagged/304 deferred/200 deferred/304
responder/200 responder/304 middleware/200 middleware/304 middleware-xxh3/200 middleware-xxh3/304 peer/200
peer/304 peer2-plain/200 peer2/200 peer2/304 axum-plain/200 axum-layer/200 axum-layer/304 axum-layer-xxh3/200
axum-layer-xxh3/304 axum-tagged/200 axum-tagged/304 axum-deferred/200 axum-deferred/304"
chosen=${CASES:-$all_cases}
axum_plain=
grep -q 'axum-' <<<"$chosen" && axum_plain=axum-plain/200
read -r -a cases <<<"$(echo plain/200 $axum_plain $chosen | tr ' \n' '\n\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ')"
# The plain case a case's ratio is taken to: its own framework's.
baseline_of() { case $1 in axum-*) echo axum-plain/200 ;; *) echo plain/200 ;; esac; }
results=$(mktemp -d)
start_server
start_peer2_server
start_axum_server
printf '%-6s %-20s %12s %8s\n' n case "req/s" ratio
for n in 1 100 10000; do
    declare -A tags=()
    for case in "${cases[@]}"; do
        route=${case%/*}
        [ "${case#*/}" = 304 ] && [ -z "${tags[$route]:-}" ] || continue
        tags[$route]=$(etag_of "$route/$n")
        [ "$(status_of "$route/$n" "${tags[$route]}")" = 304 ] || { echo "$route/$n: no 304" >&2; exit 1; }
    done
    for round in $(seq 0 $((rounds - 1))); do
        declare -A rate=()
        for i in $(seq 0 $((${#cases[@]} - 1))); do
            case=${cases[$(((round + i) % ${#cases[@]}))]}
            rate[$case]=$(run_case "$case")
            echo "${rate[$case]}" >>"$results/$n-${case/\//-}-rate"
        done
        for case in "${cases[@]}"; do
            baseline=$(baseline_of "$case")
            awk -v a="${rate[$case]}" -v b="${rate[$baseline]}" 'BEGIN { print a / b }' >>"$results/$n-${case/\//-}-ratio"
        done
    done
    for case in "${cases[@]}"; do
        printf '%-6s %-20s %12.0f %8.2f\n' "$n" "$case" "$(median <"$results/$n-${case/\//-}-rate")" \
            "$(median <"$results/$n-${case/\//-}-ratio")"
    done
done
rm -r "$results"
stop_server

for case in plain hashed; do
    start_server
    requests_per_second "$case/10000" >/dev/null
    echo "peak RSS, $case 10000: $(peak_rss_kib) KiB"
    stop_server
done
