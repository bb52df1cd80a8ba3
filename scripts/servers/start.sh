#!/usr/bin/env bash
# Starts Kafka, the MongoDB-wire server and Redis on 127.0.0.1 and creates the topics.
# Idempotent: whatever already runs is left running.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/env.sh"

"$HERE/redis.sh" start
"$HERE/mongo.sh" start
"$HERE/kafka.sh" start
[ -d "$REPO_ROOT/node_modules/kafkajs" ] || (cd "$REPO_ROOT" && npm ci --no-audit --no-fund)
KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" node "$HERE/create-topics.mjs"
log "servers up: kafka 127.0.0.1:$KAFKA_PORT, mongodb-wire 127.0.0.1:$MONGO_PORT, redis 127.0.0.1:$REDIS_PORT (state in $STATE_DIR)"
