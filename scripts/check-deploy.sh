#!/usr/bin/env bash
# deploy/ checked by the tools that consume it: promtool (rules, their unit tests, the scrape
# config) and docker-compose (the compose file, with the example env file standing in for the
# secrets). Installs the tools when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-packages.sh promtool=prometheus docker-compose
p=deploy/prometheus
promtool check rules $p/alerts.yml $p/flow-alerts.yml
promtool test rules $p/alerts.test.yml $p/flow-alerts.test.yml
# The scrape config names a token file that only exists where it is deployed.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp $p/prometheus.yml $p/alerts.yml $p/flow-alerts.yml "$tmp/" && echo example-token >"$tmp/metrics-token"
promtool check config "$tmp/prometheus.yml"
FLOWS_ENV_FILE=flows.env.example docker-compose -f deploy/compose.yaml config -q
echo "deploy/compose.yaml: valid (docker-compose config)"
