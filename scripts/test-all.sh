#!/usr/bin/env bash
# Every suite, on a clean clone: install, lint, type check, unit tests, build, start the servers,
# integration and end-to-end tests against them (the page's in Debian's Chromium), the deployment checks; then stop what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers/env.sh

step() { printf '\n==> %s\n' "$*"; }

step "install"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

step "lint, type check, domain purity"
npm run --silent lint
npm run --silent typecheck
npm run --silent check:domain-purity

step "unit tests"
npm run --silent test:unit

step "build"
npm run --silent build

if [ "${TEST_SERVERS:-scripts}" = containers ]; then
  # The suites' global setup starts Kafka, mongod and Redis with Testcontainers (test/support/server-route.ts).
  step "servers: from Testcontainers (TEST_SERVERS=containers)"
else
  running_before=()
  for server in kafka mongo redis; do
    [ "$(bash "scripts/servers/$server.sh" status)" = running ] && running_before+=("$server")
  done
  stop_started() {
    for server in kafka mongo redis; do
      if [[ ! " ${running_before[*]} " =~ " $server " ]]; then bash "scripts/servers/$server.sh" stop || true; fi
    done
  }
  trap stop_started EXIT

  step "servers"
  bash scripts/servers/start.sh
fi

step "integration tests"
npm run --silent test:integration

step "Chromium for the accounting page's browser tests"
bash scripts/ensure-chromium.sh

step "fuzzing tools"
bash scripts/install-schemathesis.sh >/dev/null

step "end-to-end tests (the accounting page's in Chromium, the fuzzing from the OpenAPI documents and the outages under load among them)"
npm run --silent test:e2e

step "deployment descriptions"
npm run --silent test:deploy

step "all suites passed"
