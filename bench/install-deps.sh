#!/usr/bin/env bash
# Installs what the benchmark needs beyond the build and test packages (scripts/install-deps.sh): Alembic with
# SQLAlchemy and the Python drivers its comparison uses. Debian 12, as root or through sudo. Not part of CI.
set -euo pipefail
bash "$(dirname "$0")/../scripts/install-deps.sh"
packages=(python3-alembic python3-sqlalchemy python3-psycopg2 python3-pymysql)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bench/install-deps: everything is installed"
  exit 0
fi
echo "bench/install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
