#!/usr/bin/env bash
# Builds and runs the benchmark (issue 7) on all three backends, on throwaway servers on loopback.
# Arguments go to autogen_bench (e.g. --sizes 100,1000 --repeat 3 --no-alembic). The servers stay up afterwards
# so that the next run reuses the loaded databases (loading 10,000 MariaDB tables takes minutes); stop them with
#   bash scripts/pg-server.sh stop; AUTOGEN_MARIADB_PORT=33073 bash scripts/mariadb-server.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUTOGEN_BUILD_BENCH=ON >/dev/null
cmake --build build -j2 --target autogen autogen_bench
pg_url=$(bash scripts/pg-server.sh start | tail -1)
mariadb_url=$(AUTOGEN_MARIADB_PORT="${AUTOGEN_MARIADB_PORT:-33073}" bash scripts/mariadb-server.sh start | tail -1)
mkdir -p build/bench-work
exec build/bench/autogen_bench --backend sqlite --backend postgresql --backend mariadb \
  --postgres-url "$pg_url" --mariadb-url "$mariadb_url" --work build/bench-work "$@"
