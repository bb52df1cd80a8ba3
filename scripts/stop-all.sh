#!/usr/bin/env bash
# Stops the apps and the accounting page (gracefully: they finish in-flight work and leave the consumer group),
# then the servers. `npm run stop -- --purge` also deletes all local data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers/env.sh

for app in accounting-page auth-api command-api query-api projector; do
  stop_pidfile "$STATE_DIR/apps/$app.pid" 30
done
bash scripts/servers/stop.sh "$@"
