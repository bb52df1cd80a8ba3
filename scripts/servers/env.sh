# Shared settings of the local servers; every value can be overridden from the environment.
# Sourced by the scripts beside it, never run.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export STATE_DIR="${STATE_DIR:-$REPO_ROOT/.local}"
export CACHE_DIR="${CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/caregiver-reimbursements}"

export KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
export KAFKA_PORT="${KAFKA_PORT:-9092}"
export KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
export KAFKA_HEAP="${KAFKA_HEAP:-512m}"

export MONGO_PORT="${MONGO_PORT:-27017}"
# sqlite or postgresql: the FerretDB backend when no mongod is on PATH (docs/mongodb-wire-server.md)
export FERRETDB_BACKEND="${FERRETDB_BACKEND:-postgresql}"
export FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.0}"
export POSTGRES_PORT="${POSTGRES_PORT:-5433}"

export REDIS_PORT="${REDIS_PORT:-6379}"

mkdir -p "$STATE_DIR/logs" "$CACHE_DIR"

log() { printf '[servers] %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until a command succeeds, at most $1 seconds.
wait_for() {
  local timeout=$1; shift
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 0.3
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Stops the process in pid file $1: TERM, then KILL after $2 seconds.
stop_pidfile() {
  local pidfile=$1 grace=${2:-20} pid
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  wait_for "$grace" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}
