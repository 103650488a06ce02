#!/usr/bin/env bash
# Validates docker-compose.yml, alone and with the GPU override, without a Docker engine:
# `docker-compose config` parses the files, applies the overrides and the ${VAR:-default}
# interpolation and checks the result against the Compose schema.
#   Debian: apt-get install docker-compose   (docker-compose 1.29; `docker compose` v2 works too)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "validate-compose: neither docker-compose nor 'docker compose' found (Debian: apt-get install docker-compose)" >&2
  exit 2
fi

"${compose[@]}" version 2>/dev/null | sed -n 1p
"${compose[@]}" -f docker-compose.yml config -q
echo "docker-compose.yml: valid"
"${compose[@]}" -f docker-compose.yml -f docker-compose.gpu.yml config -q
echo "docker-compose.yml + docker-compose.gpu.yml: valid"
