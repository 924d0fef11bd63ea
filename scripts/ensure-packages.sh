#!/usr/bin/env bash
# Makes sure each command named is there, installing Debian's packages when missing (as root with
# apt-get), so tests and checks work on a fresh machine; prints nothing when all are there.
# Arguments: a command, or command=package[,package...], e.g. promtool=prometheus. Services a
# package may start are never used: tests run their own on free ports.
set -euo pipefail
missing=()
for arg in "$@"; do
  cmd=${arg%%=*}
  if [ "$cmd" = chromium ]; then # where the playground's browser tests look for it
    for c in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do [ -n "$c" ] && [ -x "$c" ] && continue 2; done
  else command -v "$cmd" >/dev/null || [ -x "/usr/bin/$cmd" ] && continue; fi
  IFS=, read -ra pkgs <<<"${arg#*=}"
  for p in "${pkgs[@]}"; do [[ " ${missing[*]} " == *" $p "* ]] || missing+=("$p"); done
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing ${missing[*]} (Debian packages)..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "missing Debian packages: install them with apt-get install ${missing[*]}" >&2
exit 1
