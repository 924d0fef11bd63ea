#!/usr/bin/env bash
# `npm run bench` drives load with wrk (Debian's package) when it can: a C load generator costs a
# fraction of a Node client per request. Installed here when missing and we are root; otherwise
# the bench falls back to its Node client and says so.
set -euo pipefail
command -v wrk >/dev/null && exit 0
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing wrk (Debian package) for the benchmark..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null && exit 0
fi
echo "wrk is not installed (apt-get install wrk): the benchmark uses its Node client instead" >&2
exit 1
