#!/usr/bin/env bash
# Quick start on a clean clone: installs what is needed, starts Kafka, the MongoDB-wire server and
# Redis, builds and starts auth-api, command-api, query-api, projector and the accounting page, and
# prints how to use them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers/env.sh

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
bash scripts/servers/start.sh

export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT" REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export HOST="${HOST:-127.0.0.1}"
mkdir -p "$STATE_DIR/apps"
# auth-api's first admin: given in the environment, or a password made once and kept (mode 600) in
# $STATE_DIR/auth/bootstrap-admin-password, never printed.
BOOTSTRAP_ADMIN_USERNAME="${BOOTSTRAP_ADMIN_USERNAME:-admin}"
if [ -z "${BOOTSTRAP_ADMIN_PASSWORD:-}" ]; then
  password_file="$STATE_DIR/auth/bootstrap-admin-password"
  if [ ! -s "$password_file" ]; then
    mkdir -p "$STATE_DIR/auth" && (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(24).toString('base64url'))" >"$password_file")
  fi
  BOOTSTRAP_ADMIN_PASSWORD="$(cat "$password_file")"
fi
APPS=(auth-api command-api query-api projector accounting-page)
declare -A PORTS=([auth-api]="${AUTH_API_PORT:-3000}" [command-api]="${COMMAND_API_PORT:-3001}" [query-api]="${QUERY_API_PORT:-3002}" [projector]="${PROJECTOR_PORT:-3003}" [accounting-page]="${ACCOUNTING_PAGE_PORT:-3004}")
# The accounting page proxies its API calls to the apps (one origin for the browser), and the two
# APIs verify tokens with auth-api: all of them follow its port (an address set by the caller wins).
export AUTH_API_URL="${AUTH_API_URL:-http://127.0.0.1:${PORTS[auth-api]}}" COMMAND_API_URL="${COMMAND_API_URL:-http://127.0.0.1:${PORTS[command-api]}}" QUERY_API_URL="${QUERY_API_URL:-http://127.0.0.1:${PORTS[query-api]}}"
export AUTH_JWKS_URL="${AUTH_JWKS_URL:-$AUTH_API_URL/.well-known/jwks.json}" AUTH_PRINCIPALS_URL="${AUTH_PRINCIPALS_URL:-$AUTH_API_URL}"
for app in "${APPS[@]}"; do
  pidfile="$STATE_DIR/apps/$app.pid"
  if pid_alive "$pidfile"; then log "$app already running (pid $(cat "$pidfile"))"; continue; fi
  # Only auth-api gets the first admin's credentials. It trusts the page's X-Forwarded-For (the page
  # runs on loopback here), so that sign-ins on the page count per caller, not all against the page;
  # a local caller could write its own, which is fine on one's own machine (not in compose or k8s).
  admin=()
  if [ "$app" = auth-api ]; then
    admin=("BOOTSTRAP_ADMIN_USERNAME=$BOOTSTRAP_ADMIN_USERNAME" "BOOTSTRAP_ADMIN_PASSWORD=$BOOTSTRAP_ADMIN_PASSWORD")
    if [ "${AUTH_TRUST_PROXY_HOPS:-0}" = 0 ] && [ -z "${AUTH_TRUSTED_PROXIES+set}" ]; then admin+=("AUTH_TRUSTED_PROXIES=loopback"); fi
  fi
  env "${admin[@]}" PORT="${PORTS[$app]}" nohup node "dist/apps/$app/src/main.js" >>"$STATE_DIR/logs/$app.log" 2>&1 &
  echo $! >"$pidfile"
done
for app in "${APPS[@]}"; do
  url="http://127.0.0.1:${PORTS[$app]}/health/ready"
  if ! wait_for 60 curl -fs -o /dev/null "$url"; then
    log "$app is not ready; see $STATE_DIR/logs/$app.log"; exit 1
  fi
done

cat <<MSG

The system is up (logs in $STATE_DIR/logs; stop it with: npm run stop)
  Accounting page  http://127.0.0.1:${PORTS[accounting-page]}   (sign in as $BOOTSTRAP_ADMIN_USERNAME, or as an accountant or manager made as below)
  auth-api     http://127.0.0.1:${PORTS[auth-api]}   OpenAPI http://127.0.0.1:${PORTS[auth-api]}/docs
  command-api  http://127.0.0.1:${PORTS[command-api]}   OpenAPI http://127.0.0.1:${PORTS[command-api]}/docs
  query-api    http://127.0.0.1:${PORTS[query-api]}   OpenAPI http://127.0.0.1:${PORTS[query-api]}/docs
  projector    http://127.0.0.1:${PORTS[projector]}   (health and metrics only)

Try it (the first admin is $BOOTSTRAP_ADMIN_USERNAME; its password is in ${password_file:-BOOTSTRAP_ADMIN_PASSWORD}):
  TOKEN=\$(curl -s http://127.0.0.1:${PORTS[auth-api]}/v1/auth/token -d grant_type=password -d username=$BOOTSTRAP_ADMIN_USERNAME \\
    --data-urlencode password@${password_file:-<file holding the password>} | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  curl -s -X POST http://127.0.0.1:${PORTS[command-api]}/v1/event-types -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"code":"x-ray","name":"X-ray","amountCents":50000}'
  curl -s -X POST http://127.0.0.1:${PORTS[command-api]}/v1/events -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"caregiverId":"4","eventType":"x-ray","occurredAt":"$(date -u +%Y-%m-%dT%H:%M:%SZ)"}'
  curl -s -H "Authorization: Bearer \$TOKEN" 'http://127.0.0.1:${PORTS[query-api]}/v1/reports/monthly?from=$(date -u +%Y-01)&to=$(date -u +%Y-12)'
  curl -s -X POST http://127.0.0.1:${PORTS[auth-api]}/v1/users -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"username":"anna","password":"a long passphrase here","roles":["accountant"]}'

Open the accounting page: http://127.0.0.1:${PORTS[accounting-page]}
MSG
