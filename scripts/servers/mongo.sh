#!/usr/bin/env bash
# The MongoDB-wire server: a real mongod when one is on PATH, else FerretDB 1.x (built once with
# the Go toolchain and cached) on SQLite or on Debian's PostgreSQL (FERRETDB_BACKEND).
# Usage: mongo.sh start|stop|status
set -euo pipefail
source "$(dirname "$0")/env.sh"

DIR="$STATE_DIR/mongo"
PIDFILE="$DIR/server.pid"
FERRETDB_BIN="$CACHE_DIR/ferretdb-$FERRETDB_VERSION"

build_ferretdb() {
  [ -x "$FERRETDB_BIN" ] && return 0
  log "building FerretDB $FERRETDB_VERSION with go (once; cached as $FERRETDB_BIN)"
  local work src
  work=$(mktemp -d)
  # `go install pkg@version` is refused here: it also asks the proxy for the module's version list,
  # which the proxy denies for FerretDB. So: download the exact version, build it as the main
  # module, and supply the version file its release process would generate (it panics without).
  (cd "$work" && go mod init ferretdb-build >/dev/null 2>&1 \
    && go mod download "github.com/FerretDB/FerretDB@$FERRETDB_VERSION")
  src=$(cd "$work" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  cp -r "$src" "$work/src" && chmod -R u+w "$work/src"
  echo "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
  (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb)
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$work"
}

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

# PostgreSQL runs as the postgres user, which must reach its data directory: a checkout under a
# private directory (a mktemp -d, a home of mode 700) gets one under /var/tmp instead, named after it.
postgres_dir() {
  if runuser -u postgres -- test -x "$DIR" 2>/dev/null || ! id postgres >/dev/null 2>&1; then
    echo "$DIR/postgres"
  else
    echo "/var/tmp/caregiver-reimbursements-$(printf %s "$DIR" | sha1sum | cut -c1-12)/postgres"
  fi
}

start_postgres() {
  local pg pgdata
  pg=$(postgres_bin)
  if [ -z "$pg" ]; then
    log "installing postgresql with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg=$(postgres_bin)
  fi
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  pgdata=$(postgres_dir)
  mkdir -p "$pgdata" && chown postgres "$(dirname "$pgdata")" "$pgdata"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    runuser -u postgres -- "$pg/initdb" -D "$pgdata" -A trust -U postgres >"$STATE_DIR/logs/postgres-init.log"
  fi
  if ! runuser -u postgres -- "$pg/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    log "starting postgresql on 127.0.0.1:$POSTGRES_PORT (data in $pgdata)"
    runuser -u postgres -- "$pg/pg_ctl" -D "$pgdata" -w -l "$pgdata/postgres.log" \
      -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -k /tmp -c max_connections=150" start >/dev/null
    "$pg/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ferretdb'" | grep -q 1 \
      || "$pg/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -qc "CREATE DATABASE ferretdb"
  fi
}

# Indexes `_id` on every FerretDB table and sets the planner as MongoDB would behave; idempotent, so
# a cluster made before this existed gets it on its next start (postgres/index-like-mongodb.sql).
index_like_mongodb() {
  local pg; pg=$(postgres_bin)
  "$pg/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d ferretdb -qX -v ON_ERROR_STOP=1 \
    -f "$(dirname "$0")/postgres/index-like-mongodb.sql" >/dev/null
}

stop_postgres() {
  local pg pgdata; pg=$(postgres_bin); pgdata=$(postgres_dir)
  [ -n "$pg" ] && [ -f "$pgdata/PG_VERSION" ] || return 0
  runuser -u postgres -- "$pg/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
}

start() {
  if pid_alive "$PIDFILE"; then
    log "mongodb-wire server already running (pid $(cat "$PIDFILE"))"
    if [ "$FERRETDB_BACKEND" = postgresql ] && ! command -v mongod >/dev/null; then index_like_mongodb; fi
    return 0
  fi
  if port_open "$MONGO_PORT"; then log "port $MONGO_PORT is taken by another process; set MONGO_PORT"; exit 1; fi
  mkdir -p "$DIR"
  if command -v mongod >/dev/null; then
    log "starting mongod on 127.0.0.1:$MONGO_PORT"
    mkdir -p "$DIR/mongod"
    nohup mongod --bind_ip 127.0.0.1 --port "$MONGO_PORT" --dbpath "$DIR/mongod" \
      >"$STATE_DIR/logs/mongo.log" 2>&1 &
    echo $! >"$PIDFILE"
  else
    build_ferretdb
    local backend_args
    if [ "$FERRETDB_BACKEND" = postgresql ]; then
      start_postgres
      index_like_mongodb
      backend_args=(--handler=postgresql "--postgresql-url=postgres://postgres@127.0.0.1:$POSTGRES_PORT/ferretdb?pool_max_conns=100")
    else
      mkdir -p "$DIR/sqlite"
      backend_args=(--handler=sqlite "--sqlite-url=file:$DIR/sqlite/")
    fi
    log "starting FerretDB $FERRETDB_VERSION ($FERRETDB_BACKEND) on 127.0.0.1:$MONGO_PORT"
    nohup "$FERRETDB_BIN" "${backend_args[@]}" --listen-addr="127.0.0.1:$MONGO_PORT" \
      --state-dir="$DIR" --telemetry=disable --log-level=warn --debug-addr=- \
      >"$STATE_DIR/logs/mongo.log" 2>&1 &
    echo $! >"$PIDFILE"
  fi
  if ! wait_for 60 port_open "$MONGO_PORT"; then
    log "mongodb-wire server did not start; last lines of $STATE_DIR/logs/mongo.log:"
    tail -n 20 "$STATE_DIR/logs/mongo.log" >&2; exit 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop_pidfile "$PIDFILE" 20; stop_postgres ;;
  status) pid_alive "$PIDFILE" && echo running || echo stopped ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
