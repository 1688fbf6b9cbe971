#!/usr/bin/env bash
# The main job on SQLite, end to end: installs what is missing, builds, then shows check, drift and revision
# on a bundled example database (fixtures/demo: a database at an old schema and a JSON target).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
autogen=$PWD/build/cli/autogen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/app.db
sqlite3 -bail "$db" < fixtures/demo/app_v1.sql
url="sqlite:///$db"
target=fixtures/demo/target.json
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step autogen check --db "$url" --target "$target"
set +e; "$autogen" check --db "$url" --target "$target"; echo "(exit $?: 1 means the database drifted from the target)"; set -e

step autogen drift --db "$url" --target "$target"
set +e; "$autogen" drift --db "$url" --target "$target"; set -e

step autogen revision --db "$url" --target "$target" -m "add tags and publishing" --versions "$work/versions"
revision=$("$autogen" revision --db "$url" --target "$target" -m "add tags and publishing" --versions "$work/versions")
echo "$revision"
cat "$revision"

step "autogen show $(basename "$revision") --up | sqlite3 -bail -cmd 'PRAGMA foreign_keys=ON' app.db"
"$autogen" show "$revision" --up | sqlite3 -bail -cmd 'PRAGMA foreign_keys=ON' "$db"

step autogen check --db "$url" --target "$target"
"$autogen" check --db "$url" --target "$target" && echo "(exit 0: the database now matches the target)"

step "sqlite3 app.db 'SELECT id, email, display_name FROM users'  -- the renamed column kept its data"
sqlite3 "$db" 'SELECT id, email, display_name FROM users'

step "autogen show $(basename "$revision") --down | sqlite3 -bail app.db  -- and back"
"$autogen" show "$revision" --down | sqlite3 -bail -cmd 'PRAGMA foreign_keys=ON' "$db"
sqlite3 "$db" 'SELECT id, email, nick FROM users'
