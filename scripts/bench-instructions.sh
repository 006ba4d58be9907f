#!/usr/bin/env bash
# Instructions per request in the server's user space, for each case of bench-http.sh, counted by callgrind:
# `bash scripts/bench-instructions.sh`. Wall-clock ratios on this shared machine move by several percent from
# run to run; instruction counts do not, so these show what #[conditional] adds to a request when the
# difference is small (n = 1). Kernel time (the socket work, more than half of a small request) is not counted.
#
# Valgrind does not run SHA-NI instructions, so under callgrind the sha1 crate takes its portable path: the
# hashed cases' counts include a SHA-1 several times dearer than on the real CPU. The script prints the hash's
# share separately (SHA-1 here; xxh3 for the xxh3 cases and the peer), so the rest can be read on its own.
#
# KINDS="tagged deferred" counts only those cases (and plain, their baseline). peer2 (etag-actix-middleware)
# runs in a build of its own (peers/peer2-server), whose bare handler is counted as peer2-plain200: the same
# code as plain, so its ratio shows that the two builds' baselines agree. The axum-* cases run on
# bench_server_axum, and each ratio is to axum's own plain handler (axum-plain200), not to actix's.
#
# The run ends with the tables BENCHMARKS.md holds, in Markdown, naming the commit measured: paste them there as
# they are. `--cases` prints the cases' names, one table and case per line, and measures nothing; a test checks
# that BENCHMARKS.md has a row for each.
set -euo pipefail
cd "$(dirname "$0")/.."

all_kinds="hashed hashed-xxh3 tagged deferred responder middleware middleware-xxh3 peer peer2-plain peer2 axum-plain
axum-layer axum-layer-xxh3 axum-tagged axum-deferred"
browser_cases="hashed/200 tagged/304 middleware-xxh3/200 middleware-xxh3/304 peer/200 peer/304 peer2/200 peer2/304"

# Every case of the main table, as "kind status": peer2-plain, peer2's own build of plain, has no 304.
cases() {
    echo "plain 200"
    for kind in ${KINDS:-$all_kinds}; do
        for status in 200 304; do
            case $kind$status in peer2-plain304 | axum-plain304) continue ;; esac
            echo "$kind $status"
        done
    done
}

if [ "${1:-}" = --cases ]; then
    cases | sed 's/^/main\t/'
    echo "browser	plain 200"
    for case in $browser_cases; do echo "browser	${case%/*} ${case#*/}"; done
    exit 0
fi

port=18082
base="http://127.0.0.1:$port"

bash scripts/ensure-package.sh valgrind valgrind
bash scripts/ensure-package.sh wrk wrk
cargo build --release --quiet --no-default-features --example bench_server --example bench_server_axum
cargo build --release --quiet --manifest-path peers/peer2-server/Cargo.toml
server=target/release/examples/bench_server
# peer2 (etag-actix-middleware) is served by a build of its own; see peers/peer2-server/Cargo.toml.
peer2_server=peers/peer2-server/target/release/etag-bench-peer2
axum_server=target/release/examples/bench_server_axum
server_for() { case ${1%%/*} in peer2*) echo "$peer2_server" ;; axum-*) echo "$axum_server" ;; *) echo "$server" ;; esac; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

wrk_run() {
    local seconds=$1 path=$2 header=${3:-}
    local args=(-t1 -c4 -d"${seconds}s")
    [ -n "$header" ] && args+=(-H "$header")
    [ -n "${accept_encoding:-}" ] && args+=(-H "$accept_encoding")
    wrk "${args[@]}" "$base/$path"
}

# The requests the server served between callgrind's zero and its dump: the calls to actix's per-request entry
# point (AppInitService::call), or to axum's (Router::call_with_state). wrk's own count leaves out the requests in flight when it stops, which the
# server did run. Function names are compressed in the dump: "fn=(id) name" or "cfn=(id) name" the first time,
# "(id)" alone after that.
requests_in() {
    awk '
        /^c?fn=\(/ {
            id = substr($0, index($0, "("), index($0, ")") - index($0, "(") + 1)
            name = substr($0, index($0, ")") + 2)
            if (name != "") names[id] = name
            if ($0 ~ /^cfn=/) callee = id
        }
        /^calls=/ { split($1, count, "="); calls[callee] += count[2] }
        END {
            for (id in calls) if (names[id] ~ /^<actix_web::app_service::AppInitService<T,B> as actix_service::Service</ || names[id] ~ /^axum::routing::Router<S>::call_with_state$/) n += calls[id]
            print n + 0
        }' "$1"
}

# Prints "instructions-per-request hash-instructions-per-request" for one case.
measure() {
    local path=$1 header=${2:-}
    # The case's own scope first: each scope actix tries before it would add a failed match to its count.
    valgrind --tool=callgrind --callgrind-out-file="$work/out" "$(server_for "$path")" --addr "127.0.0.1:$port" --workers 1 \
        --first "${path%%/*}" >/dev/null 2>"$work/valgrind.log" &
    local pid=$!
    for _ in $(seq 300); do curl -fs -o /dev/null "$base/$path" && break; sleep 0.2; done
    wrk_run 1 "$path" "$header" >/dev/null
    callgrind_control --zero "$pid" >/dev/null 2>&1
    wrk_run 3 "$path" "$header" >/dev/null
    callgrind_control --dump "$pid" >/dev/null 2>&1
    sleep 1
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    local dump="$work/out.1"
    local total hash requests
    total=$(awk '/^summary:/ { print $2 }' "$dump")
    requests=$(requests_in "$dump")
    hash=$(callgrind_annotate --inclusive=yes --threshold=100 "$dump" 2>/dev/null |
        awk '!found && /sha1::block_api::compress|xxhash_rust::xxh3::xxh3_128/ { gsub(",", "", $1); print $1; found = 1 }')
    rm -f "$work"/out*
    echo "$((total / requests)) $((${hash:-0} / requests))"
}

# The tags are fetched from normal servers: they do not depend on the run.
etag_of() { curl -fs -D - -o /dev/null "$base/$1" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }'; }
declare -A tag
for binary in "$server" "$peer2_server" "$axum_server"; do
    "$binary" --addr "127.0.0.1:$port" --workers 1 >/dev/null &
    pid=$!
    for _ in $(seq 100); do
        for plain in plain peer2-plain axum-plain; do curl -fs -o /dev/null "$base/$plain/1" && break 2; done
        sleep 0.1
    done
    case $binary in
    "$server") kinds="hashed hashed-xxh3 tagged deferred responder middleware middleware-xxh3 peer" ;;
    "$peer2_server") kinds=peer2 ;;
    *) kinds="axum-layer axum-layer-xxh3 axum-tagged axum-deferred" ;;
    esac
    for n in 1 100; do
        for kind in $kinds; do
            tag[$kind$n]=$(etag_of "$kind/$n")
            status=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: ${tag[$kind$n]}" "$base/$kind/$n")
            [ "$status" = 304 ] || { echo "$kind/$n answered $status to its own tag" >&2; exit 1; }
        done
    done
    kill "$pid"
    wait "$pid" 2>/dev/null || true
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# Each case's count, ratio to plain and hash share, by "n case", for the tables at the end.
declare -A count_of ratio_of hash_of
printf '%-6s %-22s %14s %8s %14s\n' n case "instr/request" ratio "of it the hash"
for n in 1 100; do
    read -r plain _ < <(measure "plain/$n")
    # The cases come in on descriptor 3, so that nothing a measurement runs can read them from standard input.
    while read -r kind status <&3; do
        if [ "$kind" = plain ]; then
            count=$plain hash=0
        elif [ "$kind" = axum-plain ]; then
            read -r count hash < <(measure "$kind/$n")
            axum_plain=$count
        elif [ "$status" = 200 ]; then
            read -r count hash < <(measure "$kind/$n")
        else
            read -r count hash < <(measure "$kind/$n" "If-None-Match: ${tag[$kind$n]}")
        fi
        count_of["$n $kind $status"]=$count
        # axum's cases, to axum's own plain handler.
        case $kind in axum-*) baseline=$axum_plain ;; *) baseline=$plain ;; esac
        ratio_of["$n $kind $status"]=$(ratio "$count" "$baseline")
        hash_of["$n $kind $status"]=$hash
        printf '%-6s %-22s %14d %8.2f %14d\n' "$n" "$kind$status" "$count" "${ratio_of["$n $kind $status"]}" "$hash"
    done 3< <(cases)
done

# wrk sends no Accept-Encoding; a browser sends one on every request, and every mode negotiates a coding for it
# (bench_server has no Compress, so nothing is encoded, but a strong tag takes the form for gzip, the coding
# this build's Compress would apply). The same cases at n = 1 with a browser's field, each to plain's 200 with it.
accept_encoding="Accept-Encoding: gzip, deflate, br, zstd"
"$server" --addr "127.0.0.1:$port" --workers 1 >/dev/null &
pid=$!
for _ in $(seq 100); do curl -fs -o /dev/null "$base/plain/1" && break; sleep 0.1; done
gzip_tag=$(curl -fs -D - -o /dev/null -H "$accept_encoding" "$base/tagged/1" | tr -d '\r' |
    awk 'tolower($1) == "etag:" { print $2 }')
kill "$pid"
wait "$pid" 2>/dev/null || true
read -r plain _ < <(measure "plain/1")
printf '%-6s %-22s %14d %8.2f %14d\n' 1 plain200+ae "$plain" 1 0
declare -A browser_count_of browser_ratio_of
browser_count_of["plain 200"]=$plain browser_ratio_of["plain 200"]=1.00
for case in $browser_cases; do
    kind=${case%/*} status=${case#*/}
    header=
    [ "$status" = 304 ] && header="If-None-Match: ${tag[${kind}1]}"
    [ "$case" = tagged/304 ] && header="If-None-Match: $gzip_tag"
    read -r count hash < <(measure "$kind/1" "$header")
    browser_count_of["$kind $status"]=$count
    browser_ratio_of["$kind $status"]=$(ratio "$count" "$plain")
    printf '%-6s %-22s %14d %8.2f %14d\n' 1 "$kind$status+ae" "$count" "${browser_ratio_of["$kind $status"]}" "$hash"
done

# The tables for BENCHMARKS.md, with the commit they were measured on (and whether the tree had changes).
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit, with uncommitted changes"
echo
echo "Instructions per request, user space, release build: \`bash scripts/bench-instructions.sh\` on commit $commit."
echo
echo "| case | n = 1 | ratio to plain | of it the hash | n = 100 | ratio to plain | of it the hash |"
echo "|---|---|---|---|---|---|---|"
while read -r kind status; do
    one="1 $kind $status" hundred="100 $kind $status"
    echo "| $kind $status | ${count_of[$one]} | ${ratio_of[$one]} | ${hash_of[$one]} |" \
        "${count_of[$hundred]} | ${ratio_of[$hundred]} | ${hash_of[$hundred]} |"
done < <(cases)
echo
echo "| case, with \`Accept-Encoding: gzip, deflate, br, zstd\` | n = 1 | ratio to plain |"
echo "|---|---|---|"
for case in "plain/200" $browser_cases; do
    key="${case%/*} ${case#*/}"
    echo "| $key | ${browser_count_of[$key]} | ${browser_ratio_of[$key]} |"
done
