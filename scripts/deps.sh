#!/usr/bin/env bash
# Installs what dangjian needs to build, run and test, and nothing twice: Debian packages via
# apt-get (when run as root; otherwise it prints the exact command and fails), and the
# browser-test packages via npm into tests/e2e/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(
  build-essential pkg-config clang libclang-rt-14-dev clang-format
  libsqlite3-dev sqlite3 libmicrohttpd-dev libjansson-dev libsodium-dev libxlsxwriter-dev
  libzip-dev libexpat1-dev libutf8proc-dev libcurl4-openssl-dev libcriterion-dev
  chromium fonts-noto-cjk wrk curl
)
command -v npm >/dev/null 2>&1 || debs+=(npm)

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "deps: installing ${missing[*]}"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "deps: missing Debian packages. As root, run:" >&2
    echo "  $cmd" >&2
    exit 1
  fi
fi

if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  echo "deps: installing playwright-core (npm) into tests/e2e"
  (cd tests/e2e && npm install --no-audit --no-fund --silent >/dev/null)
fi
