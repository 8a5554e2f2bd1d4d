#!/usr/bin/env bash
# Installs code-server 4.100.3 (which carries VS Code 1.100.3) and playwright-core into DIR, offline from GitHub:
# only the npm registry and Debian packages are reachable on CI machines.
#
#   bash .ci/install-code-server.sh DIR
#
# Needs Debian's chromium, ripgrep, libkrb5-dev and build-essential (test/e2e/run.sh installs them).
# Idempotent: a finished install leaves DIR/.installed and is not redone.
set -euo pipefail

dir=${1:?usage: install-code-server.sh DIR}
code_server_version=4.100.3   # the newest release whose engines.node accepts Node 20
playwright_version=1.65.1

if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$code_server_version" ]; then
  exit 0
fi
mkdir -p "$dir"
cd "$dir"
started=$(date +%s)
[ -f package.json ] || echo '{ "name": "aisec-e2e-host", "private": true }' > package.json

# Install scripts are skipped: several would download binaries from GitHub or build things we rebuild below.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
  "code-server@$code_server_version" "playwright-core@$playwright_version"

vscode_dir="$dir/node_modules/code-server/lib/vscode"
(
  cd "$vscode_dir"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  # Native modules the VS Code server loads. kerberos needs libkrb5-dev; node-pty's build asks a question
  # that npm_config_yes answers. Running as root needs unsafe-perm for node-gyp to write the build dir.
  npm_config_yes=true npm_config_unsafe_perm=true npm rebuild --loglevel=error \
    kerberos @vscode/spdlog @vscode/deviceid native-watchdog node-pty
  # @vscode/ripgrep's own install downloads from GitHub; Debian's rg is the same program.
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  # The server resolves some modules through node_modules.asar as the desktop build does.
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
  (cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error)
)
# code-server loads argon2 at start-up even with --auth none.
npm_config_unsafe_perm=true npm rebuild --loglevel=error argon2

echo "$code_server_version" > "$dir/.installed"
echo "code-server $code_server_version installed in $dir in $(( $(date +%s) - started )) s"
