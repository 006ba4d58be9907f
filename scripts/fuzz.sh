#!/usr/bin/env bash
# Runs the libFuzzer target over the parsers and the evaluator for SECONDS (default 60).
# It builds with sanitizer-coverage instrumentation on the stable toolchain, so cargo-fuzz is not needed;
# overflow checks and debug assertions are on, so an arithmetic slip is a crash, not a silent wrap.
# Usage: scripts/fuzz.sh [SECONDS]     (build only: scripts/fuzz.sh --build)
set -euo pipefail
cd "$(dirname "$0")/../etag-runtime/fuzz"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks --cfg fuzzing"
# An explicit --target keeps RUSTFLAGS off build scripts and proc-macros, which must not be instrumented.
host=$(rustc -vV | sed -n 's/^host: //p')
cargo build --release --target "$host" --bin preconditions
[ "${1:-}" = "--build" ] && exit 0
mkdir -p corpus
exec "target/$host/release/preconditions" corpus -max_total_time="${1:-60}" -max_len=4096 -print_final_stats=1
