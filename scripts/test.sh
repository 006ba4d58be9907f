#!/usr/bin/env bash
# The project's test command (the README names it; .ci/run calls it). It installs what the tests need
# and runs the whole workspace's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The shared-cache test puts a real nginx in front of the users example.
bash scripts/ensure-package.sh nginx-light nginx
cargo test --workspace --all-targets
cargo test --workspace --doc
# An application compiled with brotli, gzip and zstd: a build of its own, since cargo unifies features per build.
cargo test --manifest-path tests/all-codings/Cargo.toml
