#!/usr/bin/env bash
# The one command that installs, builds and runs every test: unit tests, and integration tests on real
# SQLite files, a throwaway PostgreSQL 15 cluster and a throwaway MariaDB server, both on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh

# The servers the integration tests need; stopped again however the tests end.
trap 'bash scripts/pg-server.sh stop || true; bash scripts/mariadb-server.sh stop || true' EXIT
AUTOGEN_TEST_POSTGRES_URL=$(bash scripts/pg-server.sh start | tail -n 1)
AUTOGEN_TEST_MYSQL_URL=$(bash scripts/mariadb-server.sh start | tail -n 1)
export AUTOGEN_TEST_POSTGRES_URL AUTOGEN_TEST_MYSQL_URL
echo "test.sh: PostgreSQL at $AUTOGEN_TEST_POSTGRES_URL, MariaDB at $AUTOGEN_TEST_MYSQL_URL"

cd build
ctest --output-on-failure
