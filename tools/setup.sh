#!/usr/bin/env bash
# Installs what Zhanggui needs on a Debian/Ubuntu machine: system packages (when run as root),
# the virtual environment `.venv` and the app itself (editable). Sourced by demo.sh and test.sh.
#   ZG_EXTRAS=test   also install the test tools and the PostgreSQL driver
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNTIME_PKGS="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3 \
libx11-6 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 fonts-noto-cjk python3-venv"
TEST_PKGS="gnome-keyring dbus dbus-x11 libsecret-tools postgresql xvfb xauth"

need_pkgs() {  # prints the packages of "$@" that are not installed yet
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done
}

if command -v apt-get >/dev/null 2>&1; then
    want="$RUNTIME_PKGS"
    [ "${ZG_EXTRAS:-}" = "test" ] && want="$want $TEST_PKGS"
    # shellcheck disable=SC2086
    missing=$(need_pkgs $want | tr '\n' ' ')
    if [ -n "${missing// /}" ]; then
        if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
        echo ">> installing system packages: $missing"
        $SUDO apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo ">> creating .venv"
    "$PY" -m venv .venv
fi
spec="."
[ "${ZG_EXTRAS:-}" = "test" ] && spec=".[test]"
stamp=".venv/.zg-installed-$(sha1sum pyproject.toml | cut -c1-12)-${ZG_EXTRAS:-app}"
if [ ! -f "$stamp" ]; then
    echo ">> installing Python packages into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e "$spec"
    touch "$stamp"
fi
