#!/usr/bin/env bash
# Installs what the benchmark needs beyond the build and test packages (scripts/install-deps.sh): Alembic with
# SQLAlchemy and the Python drivers its comparison uses. Debian 12, as root or through sudo. Not part of CI.
set -euo pipefail
exec bash "$(dirname "$0")/../scripts/install-deps.sh" python3-alembic python3-sqlalchemy python3-psycopg2 python3-pymysql
