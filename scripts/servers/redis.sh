#!/usr/bin/env bash
# Debian's redis-server on loopback, no persistence: it only holds a disposable cache.
# Usage: redis.sh start|stop|status
set -euo pipefail
source "$(dirname "$0")/env.sh"

DIR="$STATE_DIR/redis"
PIDFILE="$DIR/redis.pid"

start() {
  if pid_alive "$PIDFILE"; then log "redis already running (pid $(cat "$PIDFILE"))"; return 0; fi
  if port_open "$REDIS_PORT"; then log "port $REDIS_PORT is taken by another process; set REDIS_PORT"; exit 1; fi
  if ! command -v redis-server >/dev/null; then
    log "installing redis-server with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  mkdir -p "$DIR"
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$PIDFILE" \
    --dir "$DIR" --save '' --appendonly no --logfile "$STATE_DIR/logs/redis.log" --maxmemory 256mb \
    --maxmemory-policy allkeys-lru
  wait_for 20 port_open "$REDIS_PORT" || { log "redis did not start"; exit 1; }
  wait_for 20 test -s "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop_pidfile "$PIDFILE" 10 ;;
  status) pid_alive "$PIDFILE" && echo running || echo stopped ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
