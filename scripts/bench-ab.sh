#!/usr/bin/env bash
# Two builds of bench_server against each other, in one run: `bash scripts/bench-ab.sh BASELINE CANDIDATE
# [SECONDS_PER_RUN] [ROUNDS]`, each a bench_server binary (build the baseline from another revision, such as
# `git worktree add /tmp/base REV && cargo build --release --example bench_server` there).
#
# For a change too small to see across two runs of bench-http.sh on this noisy machine: each round times every
# case on both builds back to back (which build goes first alternates by round), and the table shows, per
# case, the median over rounds of the candidate's requests/s divided by the baseline's in that round.
#
# CASES="hashed/1 middleware/1 ..." picks the paths (default: the n = 1 paths of the hashed, tagged and
# middleware modes); each is timed for its 200 and for its 304.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=$1 candidate=$2 seconds=${3:-2} rounds=${4:-7}
port=18083
base="http://127.0.0.1:$port"
bash scripts/ensure-package.sh wrk wrk

server_pid=
start() {
    "$1" --addr "127.0.0.1:$port" --workers 1 >/dev/null &
    server_pid=$!
    for _ in $(seq 100); do curl -fs -o /dev/null "$base/plain/1" && return; sleep 0.1; done
    echo "$1 did not start" >&2
    exit 1
}
stop() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    server_pid=
    return 0
}
trap stop EXIT

requests_per_second() {
    local path=$1 header=$2
    local args=(-t1 -c16 -d"${seconds}s")
    [ -n "$header" ] && args+=(-H "$header")
    wrk "${args[@]}" "$base/$path" | awk '/Requests\/sec/ { print $2 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

read -r -a paths <<<"${CASES:-plain/1 hashed/1 tagged/1 middleware/1}"
work=$(mktemp -d)
trap 'stop; rm -rf "$work"' EXIT
for round in $(seq "$rounds"); do
    builds=(baseline candidate)
    [ $((round % 2)) = 0 ] && builds=(candidate baseline)
    for build in "${builds[@]}"; do
        start "${!build}"
        for path in "${paths[@]}"; do
            tag=$(curl -fs -D - -o /dev/null "$base/$path" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }')
            requests_per_second "$path" "" >"$work/$build-${path//\//_}-200-$round"
            if [ -n "$tag" ]; then
                requests_per_second "$path" "If-None-Match: $tag" >"$work/$build-${path//\//_}-304-$round"
            fi
        done
        stop
    done
done

printf '%-16s %6s %14s %14s %10s\n' path status "baseline req/s" "candidate req/s" "ratio"
for path in "${paths[@]}"; do
    for status in 200 304; do
        name=${path//\//_}-$status
        [ -e "$work/baseline-$name-1" ] || continue
        ratios=$(for round in $(seq "$rounds"); do
            awk -v a="$(cat "$work/candidate-$name-$round")" -v b="$(cat "$work/baseline-$name-$round")" \
                'BEGIN { print a / b }'
        done | median)
        old=$(cat "$work"/baseline-"$name"-* | median)
        new=$(cat "$work"/candidate-"$name"-* | median)
        printf '%-16s %6s %14.0f %14.0f %10.3f\n' "$path" "$status" "$old" "$new" "$ratios"
    done
done
