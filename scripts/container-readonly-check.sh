#!/usr/bin/env bash
# Run the image built by scripts/container-check.sh (localhost/project:check) the way production
# should: read-only root filesystem (no tmpfs either), keys mounted read-only, state only on a data
# volume. Checks that it becomes ready, passes `flows-endpoint doctor` (WhatsApp's checks: a real
# signed, encrypted ping answered {"data":{"status":"active"}}, wrong key, bad signatures, garbage,
# INIT), keeps flows.db on the volume, stops cleanly on SIGTERM, and reports the image size. Any
# write outside the volume would fail. Then the same with a project's flows mounted read-only over
# /app/flows (docker run -v "$PWD/flows:/app/flows:ro"): they are compiled in memory and served. Uses podman with runc, as ../shared/tools/container-check does.
set -euo pipefail
hex() { node -p "require('node:crypto').randomBytes($1).toString('hex')"; }
cd "$(dirname "${BASH_SOURCE[0]}")/.."
image=${IMAGE:-localhost/project:check} name=readonly-$$-$RANDOM tmp=$(mktemp -d)
export CONTAINERS_CONF=$tmp/containers.conf
printf '[containers]\ndefault_ulimits = []\n' >"$CONTAINERS_CONF"
pm() { podman --runtime /usr/sbin/runc "$@"; }
trap 'pm rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
fail() { echo "FAIL $1"; pm logs "$name" 2>&1 | tail -20; exit 1; }

npx tsx src/cli/main.ts keys generate --dir "$tmp/keys" >/dev/null
chmod 755 "$tmp/keys" && chmod 644 "$tmp/keys/private.pem" # the container runs as uid 1000
mkdir "$tmp/data" && chown 1000:1000 "$tmp/data"
hex 24 >"$tmp/app-secret"
export FLOW_TOKEN_SECRET=$(hex 32) # doctor signs its INIT token with it
printf 'NODE_ENV=production\nAPP_SECRET=%s\nFLOW_TOKEN_SECRET=%s\nMETRICS_TOKEN=%s\nPRIVATE_KEY_PATH=/app/keys/private.pem\n' \
  "$(cat "$tmp/app-secret")" "$FLOW_TOKEN_SECRET" "$(hex 24)" >"$tmp/env"
# --read-only-tmpfs=false: as with docker's --read-only, not even /tmp is writable.
pm run -d --name "$name" --read-only --read-only-tmpfs=false --env-file "$tmp/env" \
  -v "$tmp/keys:/app/keys:ro" -v "$tmp/data:/app/data" -p 127.0.0.1::3000 "$image" >/dev/null
url=http://$(pm port "$name" 3000)

for i in $(seq 60); do
  curl -fsS -o /dev/null "$url/readyz" 2>/dev/null && break
  [ "$i" = 60 ] && fail "not ready in 30 s; container log:"
  sleep 0.5
done
echo "ok GET /readyz answered 200 with a read-only root filesystem (no tmpfs either)"
npx tsx src/cli/main.ts doctor "$url/flows/book-appointment" --public-key "$tmp/keys/public.pem" \
  --app-secret-file "$tmp/app-secret" || fail "doctor's checks against the container; container log:"
[ -f "$tmp/data/flows.db" ] || fail "no flows.db on the data volume"
echo "ok the SQLite store lives on the data volume ($(ls "$tmp/data" | tr '\n' ' '))"
t0=$(date +%s)
pm stop -t 10 "$name" >/dev/null 2>&1 || true
code=$(pm inspect "$name" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || fail "exit code $code after SIGTERM"
echo "ok stopped on SIGTERM in $(($(date +%s) - t0))s, exit 0"
echo "ok image size $(pm image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

# A project's own flows, mounted read-only over the image's: the way `docker run -v` serves them.
mounted=mounted-$$-$RANDOM
FLOWS_DIR="$tmp/project/flows" npx tsx src/cli/main.ts new lead-signup --template data-exchange >/dev/null
chmod -R a+rX "$tmp/project"
pm run -d --name "$mounted" --read-only --read-only-tmpfs=false --env-file "$tmp/env" \
  -v "$tmp/keys:/app/keys:ro" -v "$tmp/data:/app/data" -v "$tmp/project/flows:/app/flows:ro" \
  -p 127.0.0.1::3000 "$image" >/dev/null
trap 'pm rm -f "$name" "$mounted" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
murl=http://$(pm port "$mounted" 3000)
for i in $(seq 60); do
  curl -fsS -o /dev/null "$murl/readyz" 2>/dev/null && break
  [ "$i" = 60 ] && { pm logs "$mounted" 2>&1 | tail -20; echo "FAIL mounted flows: not ready in 30 s"; exit 1; }
  sleep 0.5
done
FLOWS_DIR="$tmp/project/flows" npx tsx src/cli/main.ts doctor "$murl/flows/lead-signup" \
  --public-key "$tmp/keys/public.pem" --app-secret-file "$tmp/app-secret" ||
  { pm logs "$mounted" 2>&1 | tail -20; echo "FAIL doctor against the mounted flow"; exit 1; }
echo "ok flows mounted read-only at /app/flows are compiled in memory and served (/flows/lead-signup)"
pm stop -t 10 "$mounted" >/dev/null 2>&1 || true
