#!/usr/bin/env bash
# The tools that consume deploy/: Prometheus (promtool checks and unit-tests the alert rules; the
# scrape test runs prometheus itself against a server) and docker-compose (parses compose.yaml).
# Debian's packages, installed when missing, as ensure-redis-server.sh does for redis-server. A
# service the prometheus package may start is never used: tests run their own on a free port.
set -euo pipefail
missing=()
command -v promtool >/dev/null && command -v prometheus >/dev/null || missing+=(prometheus)
command -v docker-compose >/dev/null || missing+=(docker-compose)
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing ${missing[*]} (Debian packages) for the deploy/ checks..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "the deploy/ checks need ${missing[*]}: install them (e.g. apt-get install ${missing[*]})" >&2
exit 1
