#!/usr/bin/env bash
# The playground's browser tests drive Debian's Chromium through playwright-core; this makes sure
# the browser is there, so `npm test` works on a fresh machine. Prints nothing when it is.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  [ -n "$candidate" ] && [ -x "$candidate" ] && exit 0
done
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing chromium (Debian package) for the playground's browser tests..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "chromium is needed by the playground's browser tests: install it (e.g. apt-get install chromium)" >&2
exit 1
