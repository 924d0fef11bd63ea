#!/usr/bin/env bash
# The Redis store tests start their own redis-server on a free loopback port; this makes sure the
# binary is there (Debian's package), so `npm test` works on a fresh machine. A system service the
# package may start on 6379 is never used.
set -euo pipefail
command -v redis-server >/dev/null && exit 0
[ -x /usr/bin/redis-server ] && exit 0
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing redis-server (Debian package) for the Redis store tests..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  exit 0
fi
echo "redis-server is needed by the Redis store tests: install it (e.g. apt-get install redis-server)" >&2
exit 1
