#!/usr/bin/env bash
# Offline validation of the deployment descriptions: docker-compose.yml and k8s/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "validate-deploy: docker-compose not found; installing it with apt-get"
  apt-get update -qq && apt-get install -y -qq docker-compose
fi

echo "validate-deploy: docker-compose -f docker-compose.yml config -q ($(docker-compose version --short 2>/dev/null || echo unknown))"
if ! docker-compose -f docker-compose.yml config -q; then
  echo "validate-deploy: docker-compose.yml is invalid" >&2
  exit 1
fi
echo "ok    docker-compose.yml"

echo "validate-deploy: node scripts/validate-k8s.mjs"
node scripts/validate-k8s.mjs
echo "validate-deploy: all deployment descriptions valid"
