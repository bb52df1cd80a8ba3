#!/usr/bin/env bash
# The accounting page's browser tests drive Debian's Chromium (never a browser download): installed
# with apt-get when missing.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then exit 0; fi
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
  echo "$chromium_path is missing and apt-get needs root: install Debian's chromium package" >&2; exit 1
fi
as_root=(); [ "$(id -u)" != 0 ] && as_root=(sudo)
"${as_root[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q chromium
