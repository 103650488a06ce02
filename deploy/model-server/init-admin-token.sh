#!/bin/sh
# token-init (docker-compose.yml): the model server's admin token, without a hand-made file. A
# token given in $STATECAST_GIVEN_SECRETS/admin-token (docker-compose.yml mounts
# deploy/secrets there) is used; else one is generated once (32 random bytes, base64) and kept in
# $STATECAST_SECRETS/admin-token (a volume), where the model server reads it:
#   docker compose exec model-server cat /run/statecast/secrets/admin-token
#
# Environment: STATECAST_GIVEN_SECRETS (/opt/statecast/given-secrets), STATECAST_SECRETS
# (/run/statecast/secrets), STATECAST_SECRETS_OWNER (statecast: the user the server runs as).
set -eu

given="${STATECAST_GIVEN_SECRETS:-/opt/statecast/given-secrets}/admin-token"
dir="${STATECAST_SECRETS:-/run/statecast/secrets}"
token="$dir/admin-token"
owner="${STATECAST_SECRETS_OWNER:-statecast}"

umask 077
if [ -s "$given" ]; then
  cp "$given" "$token.new"
  echo "token-init: using the admin token of $given"
elif [ -s "$token" ]; then
  echo "token-init: keeping the admin token generated before"
  exit 0
else
  head -c 32 /dev/urandom | base64 | tr -d '\n' > "$token.new"
  echo "token-init: generated an admin token; read it with:"
  echo "  docker compose exec model-server cat $token"
fi
chown "$owner" "$token.new" 2>/dev/null || true
chmod 0400 "$token.new"
mv -f "$token.new" "$token"
