#!/usr/bin/env bash
# Installs a Debian package when the command it provides is missing: `ensure-package.sh PACKAGE COMMAND`, where
# COMMAND is a name on the PATH or in /usr/sbin, or a path pattern such as /usr/lib/postgresql/*/bin/initdb.
# The tests need nginx (nginx-light), PostgreSQL and Varnish, and the HTTP benchmark needs wrk; CI machines start
# without them.
set -euo pipefail
package=$1
command=$2
if [[ $command == */* ]]; then
    if compgen -G "$command" >/dev/null; then
        exit 0
    fi
elif command -v "$command" >/dev/null 2>&1 || [ -x "/usr/sbin/$command" ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "installing $package (for $command)" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" >/dev/null
