#!/usr/bin/env bash
# Offline validation of the deployment descriptions: docker-compose.yml (with compose/) and k8s/.
# The credentials they need are generated into a scratch directory (never the work tree) first, so that
# the checks see each app's compose env file and the Secrets made out of band for the cluster.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "validate-deploy: docker-compose not found; installing it with apt-get"
  apt-get update -qq && apt-get install -y -qq docker-compose
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp docker-compose.yml "$scratch/"
cp -R compose "$scratch/compose"
rm -f "$scratch"/compose/secrets/*
bash scripts/generate-secrets.sh compose "$scratch/compose/secrets" 2>/dev/null
bash scripts/generate-secrets.sh k8s >"$scratch/out-of-band-secrets.yaml"

echo "validate-deploy: docker-compose -f docker-compose.yml config -q ($(docker-compose version --short 2>/dev/null || echo unknown)), with generated credentials"
if ! (cd "$scratch" && docker-compose -f docker-compose.yml config -q && docker-compose -f docker-compose.yml config >resolved-compose.yml); then
  echo "validate-deploy: docker-compose.yml is invalid" >&2
  exit 1
fi
echo "ok    docker-compose.yml"

for f in compose/kafka/start.sh compose/mongo/entrypoint.sh scripts/generate-secrets.sh; do
  bash -n "$f" || { echo "validate-deploy: $f is not valid bash" >&2; exit 1; }
done
if git ls-files --error-unmatch compose/secrets >/dev/null 2>&1 && [ "$(git ls-files compose/secrets)" != "compose/secrets/.gitignore" ]; then
  echo "validate-deploy: generated credentials are committed under compose/secrets" >&2
  exit 1
fi
echo "ok    compose scripts parse; no credentials committed"

if ! command -v promtool >/dev/null 2>&1; then
  echo "validate-deploy: promtool not found; installing Debian's prometheus package with apt-get"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
fi
# promtool reads plain rule files: the groups of every PrometheusRule in k8s/, as one.
node --input-type=module -e '
  import { readdirSync, readFileSync } from "node:fs";
  import { parseAllDocuments, stringify } from "yaml";
  const groups = readdirSync("k8s").filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => parseAllDocuments(readFileSync(`k8s/${f}`, "utf8")).map((d) => d.toJS()))
    .filter((d) => d?.kind === "PrometheusRule").flatMap((d) => d.spec?.groups ?? []);
  if (groups.length === 0) { console.error("validate-deploy: no PrometheusRule groups in k8s/"); process.exit(1); }
  process.stdout.write(stringify({ groups }));
' >"$scratch/prometheus-rules.yaml"
echo "validate-deploy: promtool check rules ($(promtool --version 2>&1 | head -1)), the groups of k8s/prometheus-rules.yaml"
if ! promtool check rules "$scratch/prometheus-rules.yaml"; then
  echo "validate-deploy: the Prometheus rules are invalid" >&2
  exit 1
fi
echo "validate-deploy: promtool test rules test/alerts/prometheus-rules.test.yaml (each alert fires when it should, and only then)"
cp test/alerts/prometheus-rules.test.yaml "$scratch/"
if ! promtool test rules "$scratch/prometheus-rules.test.yaml"; then
  echo "validate-deploy: an alert does not behave as test/alerts/prometheus-rules.test.yaml expects" >&2
  exit 1
fi

echo "validate-deploy: node scripts/validate-k8s.mjs"
node scripts/validate-k8s.mjs --compose-resolved "$scratch/resolved-compose.yml" --out-of-band-secrets "$scratch/out-of-band-secrets.yaml"
echo "validate-deploy: all deployment descriptions valid"
