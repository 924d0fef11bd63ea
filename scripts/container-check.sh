#!/usr/bin/env bash
# Build the Docker image and run it for real with ../shared/tools/container-check: build, start,
# GET /healthz == 200, runs as non-root, HEALTHCHECK passes, clean exit on SIGTERM.
# Usage (from anywhere): scripts/container-check.sh [extra check args]
#   KEY_MODE=env   (default) pass the throwaway key as PEM text in PRIVATE_KEY
#   KEY_MODE=mount mount it read-only at /app/keys/private.pem and set PRIVATE_KEY_PATH
#   CONTAINER_CHECK=/path/to/container-check   override the tool location
# A fresh RSA-2048 key pair is made for every run and deleted afterwards; no key goes into the
# image. Exit status is container-check's.
set -euo pipefail
hex() { node -p "require('node:crypto').randomBytes($1).toString('hex')"; }
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tool=${CONTAINER_CHECK:-../shared/tools/container-check}
[ -x "$tool" ] || { echo "container-check not found at $tool (expected ../shared beside the project)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx tsx src/cli/main.ts keys generate --dir "$tmp" >/dev/null
chmod 755 "$tmp" && chmod 644 "$tmp/private.pem" # the container runs as uid 1000 ("node")
# Production refuses to start with /metrics open unless told: a token, as a deployment sets one.
args=(-e NODE_ENV=production -e "APP_SECRET=$(hex 24)" -e "FLOW_TOKEN_SECRET=$(hex 32)"
  -e "METRICS_TOKEN=$(hex 24)")
case ${KEY_MODE:-env} in
  env) args+=(-e "PRIVATE_KEY=$(cat "$tmp/private.pem")") ;;
  mount) args+=(-v "$tmp:/app/keys:ro" -e PRIVATE_KEY_PATH=/app/keys/private.pem) ;;
  *) echo "KEY_MODE must be env or mount" >&2; exit 2 ;;
esac
"$tool" check "${args[@]}" "$@"
