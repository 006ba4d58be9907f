# Sourced by the benchmark scripts that run the users example on PostgreSQL: a private cluster of Debian's newest
# server in a directory of the caller's, on a free loopback port, and the small helpers around it.
# `private_postgres_start DIR` sets `pg_port`; `private_postgres_stop DIR` stops the cluster (DIR is removed by
# the caller). DIR must not be under target/: a checkout in a private directory cannot be entered by postgres.

bash scripts/ensure-package.sh postgresql '/usr/lib/postgresql/*/bin/initdb'
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
wait_for() { for _ in $(seq 200); do curl -fs -o /dev/null "$1" && return; sleep 0.1; done; echo "$1 did not answer" >&2; exit 1; }

private_postgres_start() {
    local dir=$1
    chmod 755 "$dir"
    chown postgres: "$dir"
    pg_port=$(free_port)
    as_postgres "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync >/dev/null
    as_postgres "$pg_bin/pg_ctl" start -D "$dir/data" -l "$dir/postgres.log" -w \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=100" >/dev/null
}

private_postgres_stop() {
    [ -d "$1/data" ] && as_postgres "$pg_bin/pg_ctl" stop -D "$1/data" -m fast >/dev/null 2>&1 || true
}
