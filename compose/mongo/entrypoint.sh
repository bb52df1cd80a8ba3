#!/usr/bin/env bash
# Entry point of the compose MongoDB (mongo image): the replica set's members authenticate to each
# other with a keyfile, which mongod accepts only if its owner alone can read it; a compose secret is
# a bind mount whose owner and mode come from the host, so it is copied first. Then the image's own
# entrypoint: root user from MONGO_INITDB_ROOT_*, create-app-users.js on the first start, --auth.
set -euo pipefail
install -m 0400 -o mongodb -g mongodb /run/secrets/mongo-keyfile /tmp/mongo-keyfile
exec docker-entrypoint.sh "$@"
