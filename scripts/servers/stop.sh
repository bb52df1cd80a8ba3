#!/usr/bin/env bash
# Stops what start.sh started. Data stays in $STATE_DIR; `stop.sh --purge` removes it too.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/env.sh"

"$HERE/kafka.sh" stop
"$HERE/mongo.sh" stop
"$HERE/redis.sh" stop
if [ "${1:-}" = --purge ]; then rm -rf "$STATE_DIR"; log "removed $STATE_DIR"; fi
log "servers stopped"
