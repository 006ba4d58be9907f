#!/usr/bin/env bash
# The project's test command (the README names it; .ci/run calls it). It installs what the tests need
# and runs the whole workspace's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The shared-cache test puts a real nginx in front of the users example.
bash scripts/ensure-package.sh nginx-light nginx
# The users tests run the example on PostgreSQL too, each test binary in a private cluster it starts in target/
# (tests/support/postgres.rs): Debian's server, never the system's cluster.
bash scripts/ensure-package.sh postgresql '/usr/lib/postgresql/*/bin/initdb'
# And the other shared cache users put in front of several instances (tests/users_behind_varnish.rs).
bash scripts/ensure-package.sh varnish varnishd
# The browser test drives Debian's Chromium through Debian's chromedriver (tests/users_clients.rs).
bash scripts/ensure-package.sh chromium chromium
bash scripts/ensure-package.sh chromium-driver chromedriver
# Python tools from PyPI (openapi-spec-validator, requests-cache, hishel, selenium), made once in target/python;
# the tests would make it on first use too, but here its time is not counted against a test's.
bash scripts/python-venv.sh >/dev/null
cargo test --workspace --all-targets
cargo test --workspace --doc
# Every users test again, against users_axum: the same HTTP contract on axum (tests/support/example.rs).
USERS_EXAMPLE=users_axum cargo test --test 'users_*'
# The library as users get it by default: the workspace enables etag-runtime's `utoipa` feature (the users
# example documents its routes), so the library and its macros are tested once more with it off.
cargo test -p etag-runtime -p etag-macros
# The core alone (validators, preconditions, hashing), as an integration with another server would use it: no
# actix-web among its normal dependencies, and its tests run without the `actix` feature.
# `utoipa` and `metrics` need no framework either: they serve whichever adapter is on.
core_features=(--no-default-features --features utoipa,metrics)
if cargo tree -p etag-runtime "${core_features[@]}" -e normal --prefix none | grep -q '^actix'; then
    echo "etag-runtime without default features depends on actix" >&2
    exit 1
fi
cargo test -p etag-runtime --no-default-features
cargo test -p etag-runtime "${core_features[@]}"
# The axum adapter alone: axum among the normal dependencies and no actix crate, and its tests (the layer's
# doc tests and the axum guide page) without actix-web.
axum_tree=$(cargo tree -p etag-runtime --no-default-features --features axum -e normal --prefix none)
if grep -q '^actix' <<<"$axum_tree" || ! grep -q '^axum ' <<<"$axum_tree"; then
    echo "etag-runtime with only the axum feature must depend on axum and on no actix crate" >&2
    exit 1
fi
cargo test -p etag-runtime --no-default-features --features axum
# And with the feature on but nothing else of the workspace's, so that it builds with its own dependencies.
cargo test -p etag-runtime --features utoipa --doc
# An application compiled with brotli, gzip and zstd: a build of its own, since cargo unifies features per build.
cargo test --manifest-path tests/all-codings/Cargo.toml
