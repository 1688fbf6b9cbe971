#!/usr/bin/env bash
# A throwaway MariaDB server for the tests: start | stop | url | status.
#
#   bash scripts/mariadb-server.sh start   # initializes a data directory in a temp folder, starts mariadbd on
#                                          # 127.0.0.1:$AUTOGEN_MARIADB_PORT (default 33069) with its own socket,
#                                          # waits until it answers, prints the URL; a second start reuses it
#   bash scripts/mariadb-server.sh url     # prints the URL (mysql://root@127.0.0.1:33069/); exit 1 when stopped
#   bash scripts/mariadb-server.sh status  # exit 0 when the server answers
#   bash scripts/mariadb-server.sh stop    # shuts it down and removes the temp folder; nothing to do is fine
#
# Typical use:  export AUTOGEN_TEST_MYSQL_URL=$(bash scripts/mariadb-server.sh start)
# The state (data directory, URL) is kept in $AUTOGEN_MARIADB_STATE (default ${TMPDIR:-/tmp}/autogen-mariadb-<port>.state).
set -euo pipefail

port="${AUTOGEN_MARIADB_PORT:-33069}"
state="${AUTOGEN_MARIADB_STATE:-${TMPDIR:-/tmp}/autogen-mariadb-${port}.state}"

die() {
    echo "mariadb-server: $*" >&2
    exit 1
}

find_program() {
    local name
    for name in "$@"; do
        if command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return 0
        fi
        for dir in /usr/sbin /usr/local/sbin /usr/bin; do
            if [ -x "$dir/$name" ]; then
                echo "$dir/$name"
                return 0
            fi
        done
    done
    return 1
}

# Reads the state file into $dir and $url; returns 1 when there is none.
read_state() {
    [ -f "$state" ] || return 1
    dir="$(sed -n 's/^dir=//p' "$state")"
    url="$(sed -n 's/^url=//p' "$state")"
    [ -n "$dir" ] && [ -n "$url" ]
}

ping_server() {
    local admin
    admin="$(find_program mariadb-admin mysqladmin)" || return 1
    "$admin" --no-defaults --protocol=socket --socket="$1/mysqld.sock" -uroot ping >/dev/null 2>&1
}

stop_server() {
    read_state || return 0
    local pid="" admin
    [ -f "$dir/mysqld.pid" ] && pid="$(cat "$dir/mysqld.pid" 2>/dev/null || true)"
    if ping_server "$dir"; then
        admin="$(find_program mariadb-admin mysqladmin)"
        "$admin" --no-defaults --protocol=socket --socket="$dir/mysqld.sock" -uroot shutdown >/dev/null 2>&1 || true
    elif [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
    fi
    if [ -n "$pid" ]; then
        for _ in $(seq 1 300); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && die "mariadbd (pid $pid) did not stop; its data is in $dir"
    fi
    # Only a folder this script made is removed (its name carries the prefix mktemp was given).
    case "$(basename "$dir")" in
        autogen-mariadb.*) rm -rf "$dir" ;;
    esac
    rm -f "$state"
}

start_server() {
    if read_state; then
        if ping_server "$dir"; then
            echo "$url"
            return 0
        fi
        stop_server  # a stale state from a server that died: clean up and start afresh
    fi
    local mariadbd install_db
    mariadbd="$(find_program mariadbd mysqld)" || die "mariadbd not found: install mariadb-server (scripts/install-deps.sh)"
    install_db="$(find_program mariadb-install-db mysql_install_db)" || die "mariadb-install-db not found"

    dir="$(mktemp -d "${TMPDIR:-/tmp}/autogen-mariadb.XXXXXX")"
    local user_opt=()
    if [ "$(id -u)" -eq 0 ]; then
        # mariadbd refuses to run as root unless told to; the mysql account of the Debian package is preferred.
        if id mysql >/dev/null 2>&1; then
            chown mysql: "$dir"
            chmod 0750 "$dir"
            user_opt=(--user=mysql)
        else
            user_opt=(--user=root)
        fi
    fi
    if ! "$install_db" --no-defaults --auth-root-authentication-method=normal --datadir="$dir/data" \
        "${user_opt[@]}" --skip-test-db >"$dir/install.log" 2>&1; then
        cat "$dir/install.log" >&2
        rm -rf "$dir"
        die "mariadb-install-db failed"
    fi
    # utf8mb4 as the server default, as Debian's packaged configuration has it; small buffers, since several
    # developers share the machine; no name resolution, so that root@127.0.0.1 is who the tests are. A throwaway
    # server needs no durability: no fsync, no doublewrite buffer, tables in the system tablespace (no file
    # created and removed per table), which makes the DDL the tests run many times faster.
    "$mariadbd" --no-defaults "${user_opt[@]}" --datadir="$dir/data" --socket="$dir/mysqld.sock" \
        --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" --port="$port" --bind-address=127.0.0.1 \
        --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --max-connections=100 \
        --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-flush-method=nosync \
        --innodb-file-per-table=0 --performance-schema=OFF >/dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 1 600); do
        if ping_server "$dir"; then
            url="mysql://root@127.0.0.1:${port}/"
            printf 'dir=%s\nurl=%s\npid=%s\n' "$dir" "$url" "$pid" >"$state"
            echo "$url"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$dir/error.log" >&2 || true
            rm -rf "$dir"
            die "mariadbd exited during start-up (is port $port taken?)"
        fi
        sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    cat "$dir/error.log" >&2 || true
    die "mariadbd did not answer within 60 s; its data is in $dir"
}

case "${1:-}" in
    start) start_server ;;
    stop) stop_server ;;
    url)
        read_state && ping_server "$dir" || die "no server running (run: $0 start)"
        echo "$url"
        ;;
    status)
        read_state && ping_server "$dir" || die "no server running"
        echo "running: $url (data in $dir)"
        ;;
    *)
        echo "usage: $0 start|stop|url|status" >&2
        exit 2
        ;;
esac
