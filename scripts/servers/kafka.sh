#!/usr/bin/env bash
# Apache Kafka, single node in KRaft mode, from the official jars resolved with Maven.
# Usage: kafka.sh start|stop|status
set -euo pipefail
source "$(dirname "$0")/env.sh"

DIR="$STATE_DIR/kafka"
PIDFILE="$DIR/kafka.pid"
LIBS="$CACHE_DIR/kafka-$KAFKA_VERSION/libs"
CONF="$DIR/server.properties"

resolve_jars() {
  [ -f "$LIBS/.complete" ] && return 0
  log "resolving Kafka $KAFKA_VERSION jars with Maven (cached in $LIBS)"
  rm -rf "$LIBS"
  mvn -q -B -Dstyle.color=never -f "$(dirname "$0")/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS"
  touch "$LIBS/.complete"
}

write_config() {
  mkdir -p "$DIR/data"
  cat >"$CONF" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DIR/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
PROPS
}

start() {
  if pid_alive "$PIDFILE"; then log "kafka already running (pid $(cat "$PIDFILE"))"; return 0; fi
  if port_open "$KAFKA_PORT"; then log "port $KAFKA_PORT is taken by another process; set KAFKA_PORT"; exit 1; fi
  resolve_jars
  write_config
  if [ ! -f "$DIR/data/meta.properties" ]; then
    log "formatting KRaft storage in $DIR/data"
    local cluster_id
    cluster_id=$(java -cp "$LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)
    java -cp "$LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$CONF" >"$STATE_DIR/logs/kafka-format.log" 2>&1
  fi
  log "starting kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (heap $KAFKA_HEAP)"
  nohup java -Xms128m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$(dirname "$0")/kafka/log4j2.yaml" \
    -cp "$LIBS/*" kafka.Kafka "$CONF" >"$STATE_DIR/logs/kafka.log" 2>&1 &
  echo $! >"$PIDFILE"
  if ! wait_for "${KAFKA_START_TIMEOUT:-90}" grep -q "Kafka Server started" "$STATE_DIR/logs/kafka.log" 2>/dev/null; then
    log "kafka did not start; last lines of $STATE_DIR/logs/kafka.log:"; tail -n 20 "$STATE_DIR/logs/kafka.log" >&2; exit 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop_pidfile "$PIDFILE" 30 ;;
  status) pid_alive "$PIDFILE" && echo running || echo stopped ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
