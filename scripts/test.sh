#!/usr/bin/env bash
# The one command that installs, builds and runs every test (unit and integration on real databases).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure
