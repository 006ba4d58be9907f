#!/usr/bin/env bash
# The project's test command (the README names it; .ci/run calls it). It installs what the tests need
# and runs the whole workspace's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
cargo test --workspace --doc
