#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: `pg-server.sh start|stop|url|status`.
#
#   start   initializes a cluster in a temporary directory (as the `postgres` OS user when run as root: the
#           server refuses root), starts it on 127.0.0.1 on a free port (54329 or the next free one), waits
#           until it accepts connections and prints its URL. Starting again while it runs only prints the URL.
#   url     prints the URL of the running cluster (postgresql://postgres@127.0.0.1:PORT/postgres); exit 1 if none.
#   status  exit 0 when the cluster answers, 1 otherwise.
#   stop    stops the cluster and removes its directory; nothing to stop is not an error.
#
# The state file lives in AUTOGEN_PG_STATE_DIR (default: /tmp/autogen-pg-<uid>-<hash of this checkout>), so that
# several checkouts on one machine each get their own cluster. Authentication is `trust`: the server listens on
# loopback only and its socket sits in the private temporary directory. fsync is off: the data is disposable.
set -euo pipefail

PG_BIN=${AUTOGEN_PG_BIN:-/usr/lib/postgresql/15/bin}
FIRST_PORT=${AUTOGEN_PG_PORT:-54329}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE_DIR=${AUTOGEN_PG_STATE_DIR:-/tmp/autogen-pg-$(id -u)-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)}
STATE=$STATE_DIR/state

die() { echo "pg-server: $*" >&2; exit 1; }

# Runs a server binary as the user that owns the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

read_state() {
  [ -f "$STATE" ] || return 1
  # shellcheck disable=SC1090
  . "$STATE"
  [ -n "${DATA:-}" ] && [ -n "${PORT:-}" ] && [ -n "${URL:-}" ]
}

answers() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -t 2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cleanup_dir() {
  [ -n "${DIR:-}" ] && [ -d "$DIR" ] && rm -rf "$DIR"
  rm -f "$STATE"
}

start() {
  if read_state; then
    if answers; then
      echo "$URL"
      return 0
    fi
    # A state file without a live server: a crash or a reboot. Stop what may remain and start afresh.
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    cleanup_dir
  fi
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL 15 at $PG_BIN (run scripts/install-deps.sh)"
  if [ "$(id -u)" -eq 0 ]; then id postgres >/dev/null 2>&1 || die "no 'postgres' OS user to run the server as"; fi
  mkdir -p "$STATE_DIR"

  DIR=$(mktemp -d "${TMPDIR:-/tmp}/autogen-pg.XXXXXX")
  DATA=$DIR/data
  [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
  chmod 700 "$DIR"
  if ! as_owner "$PG_BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust --no-sync \
      >"$DIR/initdb.log" 2>&1; then
    cat "$DIR/initdb.log" >&2
    rm -rf "$DIR"
    die "initdb failed"
  fi

  # Another cluster (another checkout, another developer) may take a port between the check and the start:
  # a failed start moves on to the next port.
  local port=$FIRST_PORT tries=0
  while :; do
    tries=$((tries + 1))
    [ $tries -le 50 ] || { rm -rf "$DIR"; die "no free port from $FIRST_PORT on"; }
    if port_in_use "$port"; then port=$((port + 1)); continue; fi
    if as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$DIR -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c shared_buffers=32MB" \
        >/dev/null 2>&1; then
      break
    fi
    if grep -q "could not bind\|Address already in use\|could not create any TCP/IP sockets" "$DIR/server.log" 2>/dev/null; then
      port=$((port + 1))
      continue
    fi
    cat "$DIR/server.log" >&2 || true
    rm -rf "$DIR"
    die "the server did not start"
  done

  PORT=$port
  URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
  local i
  for i in $(seq 1 60); do
    answers && break
    sleep 0.5
  done
  answers || { as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; die "the server does not answer on port $PORT"; }
  printf 'DIR=%q\nDATA=%q\nPORT=%q\nURL=%q\n' "$DIR" "$DATA" "$PORT" "$URL" >"$STATE.tmp"
  mv "$STATE.tmp" "$STATE"
  echo "$URL"
}

stop() {
  read_state || return 0
  as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null 2>&1 ||
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  cleanup_dir
  rmdir "$STATE_DIR" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) read_state && answers || die "no server running (run: $0 start)"; echo "$URL" ;;
  status) read_state && answers ;;
  *) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac
