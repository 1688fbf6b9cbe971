#!/usr/bin/env bash
# Installs the Debian 12 packages autogen needs to build and test (as root, or through sudo), and any packages
# named as arguments (bench/install-deps.sh adds the benchmark's).
set -euo pipefail
packages=(build-essential cmake ccache pkg-config git python3
  nlohmann-json3-dev libboost-graph-dev doctest-dev libcli11-dev libfmt-dev
  libsqlite3-dev sqlite3
  libpqxx-dev postgresql-15 postgresql-client-15 postgresql-contrib postgresql-15-postgis-3
  libmysqlcppconn-dev mariadb-server mariadb-client "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
