#!/usr/bin/env bash
# Schemathesis from PyPI, at exactly the versions test/fuzz/requirements.txt pins, in a virtualenv of
# its own under the cache (installing python3-venv with apt-get when Python cannot make one).
# Prints the path of its `st` command. Idempotent: the virtualenv is named after the requirements.
set -euo pipefail
source "$(dirname "$0")/servers/env.sh"

REQUIREMENTS="$REPO_ROOT/test/fuzz/requirements.txt"
VENV="$CACHE_DIR/schemathesis-$(sha256sum "$REQUIREMENTS" | cut -c1-12)"

if [ ! -f "$VENV/.complete" ]; then
  if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    log "installing python3-venv with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  log "installing Schemathesis into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$REQUIREMENTS" >&2
  touch "$VENV/.complete"
fi
echo "$VENV/bin/st"
