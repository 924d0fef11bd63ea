#!/usr/bin/env bash
# Run the image built by scripts/container-check.sh (localhost/project:check) the way production
# should: read-only root filesystem, keys mounted read-only, state only on a data volume. Checks
# that it becomes ready (store created on the volume), answers a real signed, encrypted ping,
# stops cleanly on SIGTERM, and reports the image size. Any write outside the volume would fail.
# Uses podman with runc directly, as ../shared/tools/container-check does; run that first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

image=${IMAGE:-localhost/project:check}
conf=$(mktemp)
printf '[containers]\ndefault_ulimits = []\n' >"$conf"
export CONTAINERS_CONF=$conf
pm() { podman --runtime /usr/sbin/runc "$@"; }

tmp=$(mktemp -d)
name=readonly-$$-$RANDOM
cleanup() { pm rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$tmp" "$conf"; }
trap cleanup EXIT
mkdir -p "$tmp/keys" "$tmp/data"
secret=$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))')
node -e '
const { generateKeyPairSync } = require("node:crypto");
const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const fs = require("node:fs");
fs.writeFileSync(process.argv[1] + "/keys/private.pem", privateKey);
fs.writeFileSync(process.argv[1] + "/public.pem", publicKey);
' "$tmp"
chmod 755 "$tmp/keys" && chmod 644 "$tmp/keys/private.pem"
chown 1000:1000 "$tmp/data"
printf 'NODE_ENV=production\nAPP_SECRET=%s\nFLOW_TOKEN_SECRET=%s%s\nPRIVATE_KEY_PATH=/app/keys/private.pem\n' "$secret" "$secret" "$secret" >"$tmp/env"

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# --read-only-tmpfs=false: as with docker's --read-only, not even /tmp is writable.
pm run -d --name "$name" --read-only --read-only-tmpfs=false --env-file "$tmp/env" \
  -v "$tmp/keys:/app/keys:ro" -v "$tmp/data:/app/data" -p "127.0.0.1:$port:3000" "$image" >/dev/null
url=http://127.0.0.1:$port

ready=0
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "$url/readyz" 2>/dev/null; then ready=1; break; fi
  sleep 0.5
done
if [ $ready = 1 ]; then echo "ok GET /readyz answered 200 with a read-only root filesystem (no tmpfs either)"; else
  echo "FAIL not ready in 30 s; container log:"; pm logs "$name" 2>&1 | tail -20; exit 1; fi

status=$(PUBLIC_PEM=$(cat "$tmp/public.pem") APP_SECRET=$secret URL=$url node -e '
const crypto = require("node:crypto");
const { PUBLIC_PEM: publicPem, APP_SECRET: secret, URL: url } = process.env;
const aesKey = crypto.randomBytes(16), iv = crypto.randomBytes(16);
const cipher = crypto.createCipheriv("aes-128-gcm", aesKey, iv);
const sealed = Buffer.concat([cipher.update(JSON.stringify({ version: "3.0", action: "ping" })), cipher.final(), cipher.getAuthTag()]);
const wrapped = crypto.publicEncrypt({ key: publicPem, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, aesKey);
const body = JSON.stringify({ encrypted_flow_data: sealed.toString("base64"), encrypted_aes_key: wrapped.toString("base64"), initial_vector: iv.toString("base64") });
const signature = "sha256=" + crypto.createHmac("sha256", secret).update(body).digest("hex");
fetch(url + "/flows/book-appointment", { method: "POST", body, headers: { "content-type": "application/json", "x-hub-signature-256": signature } })
  .then(async (res) => {
    const data = Buffer.from(await res.text(), "base64");
    const decipher = crypto.createDecipheriv("aes-128-gcm", aesKey, Buffer.from(iv.map((b) => b ^ 0xff)));
    decipher.setAuthTag(data.subarray(data.length - 16));
    const answer = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString();
    console.log(res.status + " " + answer);
  }, (err) => console.log("error " + err.message));
')
if [ "$status" = '200 {"data":{"status":"active"}}' ]; then echo "ok a signed, encrypted ping answered {\"data\":{\"status\":\"active\"}}"; else
  echo "FAIL ping answered: $status"; pm logs "$name" 2>&1 | tail -20; exit 1; fi

if [ -f "$tmp/data/flows.db" ]; then echo "ok the SQLite store lives on the data volume ($(ls "$tmp/data" | tr '\n' ' '))"; else
  echo "FAIL no flows.db on the data volume"; exit 1; fi
t0=$(date +%s)
pm stop -t 10 "$name" >/dev/null 2>&1 || true
code=$(pm inspect "$name" --format '{{.State.ExitCode}}')
if [ "$code" = 0 ]; then echo "ok stopped on SIGTERM in $(( $(date +%s) - t0 ))s, exit 0"; else echo "FAIL exit code $code"; exit 1; fi
echo "ok image size $(pm image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
