#!/usr/bin/env bash
# Makes (once) a virtual environment in target/python with scripts/python-requirements.txt installed from
# PyPI, and prints its bin directory. Tests call it before they run a Python tool, so `cargo test` alone works
# on a fresh machine too; the environment is remade when the requirements change.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/python
requirements=scripts/python-requirements.txt
stamp="$venv/.requirements"
# Several test binaries may ask at once: one makes the environment, the others wait for it.
mkdir -p target
exec 9>target/python.lock
flock 9
if ! cmp -s "$requirements" "$stamp" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
    cp "$requirements" "$stamp"
fi
echo "$PWD/$venv/bin"
