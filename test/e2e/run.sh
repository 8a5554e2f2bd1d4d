#!/usr/bin/env bash
# npm run test:e2e: the extension, packaged as users get it, tested inside a real VS Code 1.100.3.
# VS Code's desktop build cannot be downloaded on CI machines (only the npm registry and Debian are reachable),
# so code-server (the same workbench and extension host, from npm) serves it and Debian's Chromium drives it.
# Works on a fresh Debian machine as root with no display; the code-server install is cached in .vscode-test/.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive
started=$(date +%s)
step() { printf '\n== e2e: %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing system packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root." >&2
    exit 2
  fi
  apt-get update -qq
  # With recommends: Chromium needs the fonts they bring to render the workbench (and the screenshot).
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cache=${AISEC_E2E_CACHE:-$PWD/.vscode-test}
host=$cache/code-server-4.100.3
if [ ! -f "$host/.installed" ]; then
  step "installing code-server 4.100.3 (VS Code 1.100.3) into $host"
  mkdir -p "$cache"
  bash .ci/install-code-server.sh "$host" >"$cache/install.log" 2>&1 || { tail -40 "$cache/install.log" >&2; exit 2; }
fi
export CODE_SERVER_BIN=$host/node_modules/.bin/code-server
export CHROMIUM=${CHROMIUM:-$(command -v chromium)}
# The shim (test/e2e/vscode-shim.cjs) loads playwright-core from the code-server install.
export NODE_PATH=$host/node_modules${NODE_PATH:+:$NODE_PATH}

step "packaging the extension (npm run package)"
npm run --silent package >/dev/null

step "extension tests in VS Code"
timeout 600 npx tsx test/e2e/run-tests.ts
step "done"
