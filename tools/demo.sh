#!/usr/bin/env bash
# Installs Zhanggui and opens the demo shop (its own data file, signed in as the owner).
# Without a screen it opens offscreen and says where it saved a screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
exec .venv/bin/zhanggui --demo "$@"
