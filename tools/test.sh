#!/usr/bin/env bash
# Installs everything the tests need and runs the whole suite:
# a private D-Bus session with an unlocked gnome-keyring (real Secret Service), a local
# PostgreSQL server for the database tests, and pytest offscreen. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
ZG_EXTRAS=test source tools/setup.sh

# --- PostgreSQL -------------------------------------------------------------------------
if [ -z "${TEST_PG_URL:-}" ] && command -v pg_lsclusters >/dev/null 2>&1; then
    read -r pg_ver pg_name _ < <(pg_lsclusters -h | head -n 1)
    if [ -n "${pg_ver:-}" ]; then
        if [ "$(id -u)" -eq 0 ]; then AS_PG="su postgres -c"; else AS_PG="sudo -u postgres sh -c"; fi
        pg_ctlcluster "$pg_ver" "$pg_name" start 2>/dev/null || true   # exit 2: already running
        for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
        pg_isready -h 127.0.0.1
        $AS_PG "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='zg'\" | grep -q 1 || psql -qc \"CREATE ROLE zg LOGIN SUPERUSER PASSWORD 'zg'\""
        $AS_PG "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='zg_ci'\" | grep -q 1 || createdb -O zg zg_ci"
        export TEST_PG_URL="postgresql+psycopg://zg:zg@127.0.0.1/zg_ci"
        echo ">> PostgreSQL $pg_ver ready: $TEST_PG_URL"
    fi
fi

# --- lint and types: CI fails on either ---------------------------------------------------
echo ">> ruff"
.venv/bin/ruff check app tests bench tools
echo ">> mypy (strict for app/services and app/models)"
.venv/bin/mypy

# --- a throw-away keyring on a private D-Bus session -------------------------------------
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=offscreen ZG_REQUIRE_SECRET_SERVICE=1 PYTHONDONTWRITEBYTECODE=1

exec dbus-run-session -- bash -c '
    echo -n "zg-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec .venv/bin/python -m pytest "$@"
' pytest-in-keyring "$@"
