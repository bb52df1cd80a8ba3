#!/usr/bin/env bash
# Entry point of the compose broker (apache/kafka image): server.properties beside this script plus
# the admin's credentials from /run/secrets, then a first-start format that creates the admin's SCRAM
# credential, then the broker. The app users and their ACLs are created by the kafka-init service.
set -euo pipefail

KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
SECRETS_DIR="${SECRETS_DIR:-/run/secrets}"
WORK_DIR="${WORK_DIR:-/tmp/kafka}"
BASE_CONFIG="${BASE_CONFIG:-$(dirname "${BASH_SOURCE[0]}")/server.properties}"
: "${CLUSTER_ID:?CLUSTER_ID must be set}"

admin_password="$(tr -d '\r\n' <"$SECRETS_DIR/kafka-admin-password")"
# It is quoted in JAAS and SCRAM options below: URL-unreserved characters only (as the generator makes).
if ! [[ "$admin_password" =~ ^[A-Za-z0-9._~-]{16,}$ ]]; then
  echo "start.sh: $SECRETS_DIR/kafka-admin-password must be 16 or more of [A-Za-z0-9._~-]" >&2
  exit 1
fi

umask 077
mkdir -p "$WORK_DIR"
config="$WORK_DIR/server.properties"
{
  cat "$BASE_CONFIG"
  echo
  echo "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$admin_password\" user_admin=\"$admin_password\";"
  echo "listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$admin_password\";"
} >"$config"

# For the healthcheck and for an operator's `docker compose exec kafka ... --command-config`.
cat >"$WORK_DIR/admin.properties" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
PROPS

# The admin's SCRAM credential can only be bootstrapped when the storage is formatted (first start).
"$KAFKA_HOME/bin/kafka-storage.sh" format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$config" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$admin_password]"

exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$config"
