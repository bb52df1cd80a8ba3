#!/usr/bin/env bash
# Random credentials for the servers and apps, so that none is ever committed.
#
#   scripts/generate-secrets.sh compose [dir]
#       Files for docker-compose.yml in dir (default compose/secrets, git-ignored): one per password,
#       the MongoDB keyfile, Redis's ACL file (hashed passwords) and one env file per app holding only
#       that app's credentials. A password file that exists is kept (delete it to rotate, then
#       `docker compose down -v`: MongoDB and Kafka take credentials only on their first start).
#       auth-api's first admin is BOOTSTRAP_ADMIN_USERNAME (default admin) with BOOTSTRAP_ADMIN_PASSWORD
#       (default random) from your environment, kept in auth-api-bootstrap-admin-password.
#
#   scripts/generate-secrets.sh k8s [namespace]
#       The Secrets that k8s/ expects to be created out of band (see docs/security.md), as YAML on
#       stdout with fresh random values:  scripts/generate-secrets.sh k8s | kubectl create -f -
#       (`create`, not `apply`: an existing Secret is left alone, not rotated by accident).
#
# Passwords are 48 hex digits: safe unquoted in URIs, JAAS options and ACL files.
set -euo pipefail
umask 077

random_hex() { od -An -vtx1 -N24 /dev/urandom | tr -d ' \n'; }
sha256_hex() {
  if command -v sha256sum >/dev/null 2>&1; then printf '%s' "$1" | sha256sum | cut -d' ' -f1
  else printf '%s' "$1" | shasum -a 256 | cut -d' ' -f1; fi
}
# MongoDB replica-set keyfile: 6 to 1024 base64 characters.
random_keyfile() { head -c 512 /dev/urandom | base64 | tr -d '\n'; }

# Redis users: the key patterns and commands each app needs (ioredis's ready check sends INFO; its
# CLIENT SETINFO may be refused, it ignores that). From Redis 7 on, the commands a Lua script calls are
# checked against the caller's ACL too, so the scripts' commands are listed: auth-api's login throttle,
# and the rate-limit counters of command-api and query-api (@nest-lab/throttler-storage-redis, keys
# {<RATE_LIMIT_KEY_PREFIX><app>:...}), query-api's in a selector (parentheses) of its own keys.
# command-api's registration counts its rate limit and claims its eventIds in one script
# (claim-event-ids.script.ts, EVALSHA then EVAL), whose keys are in both patterns: a command is allowed
# only when one selector (or the root) allows it with all its keys, so command-api's are in one.
# redis-acl.int-spec.ts loads this file into a redis-server and drives the apps' adapters with it.
REDIS_CONNECT='+ping +info'
rate_limit_selector() { echo "(~{rate-limit:$1:* resetchannels -@all +eval +incr +pttl +pexpire +get +set +del)"; }
redis_acl() { # redis_acl <command-api password> <query-api password> <auth-api password>
  cat <<ACL
user default on nopass resetkeys resetchannels -@all +ping
user command-api on #$(sha256_hex "$1") resetkeys ~recent-event-ids:* ~recent-reimbursement-ids:* ~{rate-limit:command-api:* resetchannels -@all $REDIS_CONNECT +get +set +del +eval +evalsha +incr +pttl +pexpire
user query-api on #$(sha256_hex "$2") resetkeys ~report:* resetchannels -@all $REDIS_CONNECT +get +set $(rate_limit_selector query-api)
user auth-api on #$(sha256_hex "$3") resetkeys ~auth:* resetchannels -@all $REDIS_CONNECT +eval +get +ttl +expire +incr +decr +del
ACL
}

compose() {
  local dir=${1:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/compose/secrets"}
  mkdir -p "$dir"
  chmod 700 "$dir"
  local name
  for name in kafka-admin kafka-command-api kafka-projector kafka-query-api mongo-root mongo-projector mongo-query-api mongo-auth-api \
    redis-command-api redis-query-api redis-auth-api; do
    [ -s "$dir/$name-password" ] || random_hex >"$dir/$name-password"
  done
  [ -s "$dir/mongo-keyfile" ] || random_keyfile >"$dir/mongo-keyfile"
  [ -s "$dir/auth-api-bootstrap-admin-password" ] || printf '%s' "${BOOTSTRAP_ADMIN_PASSWORD:-$(random_hex)}" >"$dir/auth-api-bootstrap-admin-password"
  pw() { cat "$dir/$1-password"; }

  local mongo='mongo:27017/?authSource=admin&replicaSet=rs0'
  redis_acl "$(pw redis-command-api)" "$(pw redis-query-api)" "$(pw redis-auth-api)" >"$dir/redis-users.acl"
  printf 'KAFKA_SASL_PASSWORD=%s\nREDIS_URL=redis://command-api:%s@redis:6379\n' "$(pw kafka-command-api)" "$(pw redis-command-api)" >"$dir/command-api.env"
  printf 'KAFKA_SASL_PASSWORD=%s\nMONGODB_URI=mongodb://projector:%s@%s\n' "$(pw kafka-projector)" "$(pw mongo-projector)" "$mongo" >"$dir/projector.env"
  printf 'KAFKA_SASL_PASSWORD=%s\nMONGODB_URI=mongodb://query-api:%s@%s\nREDIS_URL=redis://query-api:%s@redis:6379\n' "$(pw kafka-query-api)" "$(pw mongo-query-api)" "$mongo" "$(pw redis-query-api)" >"$dir/query-api.env"
  printf 'MONGODB_URI=mongodb://auth-api:%s@%s\nREDIS_URL=redis://auth-api:%s@redis:6379\nBOOTSTRAP_ADMIN_USERNAME=%s\nBOOTSTRAP_ADMIN_PASSWORD=%s\n' \
    "$(pw mongo-auth-api)" "$mongo" "$(pw redis-auth-api)" "${BOOTSTRAP_ADMIN_USERNAME:-admin}" "$(pw auth-api-bootstrap-admin)" >"$dir/auth-api.env"
  # Mounted as compose secrets, read by the containers as their images' users, not as you: readable
  # inside, while the directory (0700) keeps other local users out. The env files and the first admin's
  # password are read by docker compose itself: yours alone.
  chmod 644 "$dir"/*-password "$dir"/mongo-keyfile "$dir"/*.acl
  chmod 600 "$dir"/*.env "$dir/auth-api-bootstrap-admin-password"
  echo "generate-secrets: compose credentials in $dir" >&2
}

secret_yaml() { # secret_yaml <name> <namespace> key=value...
  local name=$1 ns=$2
  shift 2
  printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\n  labels:\n    app.kubernetes.io/part-of: caregiver-reimbursements\ntype: Opaque\nstringData:\n' "$name" "$ns"
  local kv key value
  for kv in "$@"; do
    key=${kv%%=*}
    value=${kv#*=}
    if [[ "$value" == *$'\n'* ]]; then
      printf '  %s: |\n' "$key"
      printf '%s\n' "$value" | sed 's/^/    /'
    else
      printf '  %s: "%s"\n' "$key" "$value"
    fi
  done
}

k8s() {
  local ns=${1:-reimbursements}
  local redis_command redis_query redis_auth
  redis_command=$(random_hex) redis_query=$(random_hex) redis_auth=$(random_hex)
  secret_yaml auth-api-bootstrap-admin "$ns" username=admin "password=$(random_hex)"
  # The MongoDB Community Operator turns these into the users' connection-string Secrets.
  secret_yaml mongodb-projector-password "$ns" "password=$(random_hex)"
  secret_yaml mongodb-query-api-password "$ns" "password=$(random_hex)"
  secret_yaml mongodb-auth-api-password "$ns" "password=$(random_hex)"
  secret_yaml redis-acl "$ns" "users.acl=$(redis_acl "$redis_command" "$redis_query" "$redis_auth")"
  secret_yaml redis-command-api "$ns" "url=redis://command-api:$redis_command@redis:6379"
  secret_yaml redis-query-api "$ns" "url=redis://query-api:$redis_query@redis:6379"
  secret_yaml redis-auth-api "$ns" "url=redis://auth-api:$redis_auth@redis:6379"
}

case "${1:-}" in
  compose) shift; compose "$@" ;;
  k8s) shift; k8s "$@" ;;
  *) echo "usage: $0 compose [dir] | k8s [namespace]" >&2; exit 2 ;;
esac
