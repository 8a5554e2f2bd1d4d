#!/usr/bin/env node
// Plays the part of the VS Code executable for @vscode/test-electron's runTests(): the desktop build cannot be
// downloaded on CI machines, but code-server (VS Code's server + web workbench, from npm) and Debian's Chromium
// can run the same extension host. This script takes the command line runTests builds, serves the workbench
// with code-server, opens it in headless Chromium with the test parameters in the URL payload, and exits with
// the code the extension tests report.
//
// While the tests run it also answers UI requests: a test prints `aisec-e2e:ui {json}` and this script drives
// the page with playwright (open the Problems panel, read its rows, take a screenshot) and writes the answer to
// the JSON file the request names. That lets a test inside the extension host check what a user would see.
//
// Environment: CODE_SERVER_BIN (the code-server launcher), CHROMIUM (default /usr/bin/chromium),
// AISEC_E2E_TIMEOUT_MS (default 240000), AISEC_E2E_WORKSPACE_TRUST=ask (open the folder untrusted, as for a
// first-time clone; otherwise trust is off as in runTests' desktop default).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { chromium } = require('playwright-core');

const codeServerBin = process.env.CODE_SERVER_BIN || 'code-server';
const chromiumBin = process.env.CHROMIUM || '/usr/bin/chromium';
const timeoutMs = Number(process.env.AISEC_E2E_TIMEOUT_MS || 240000);
const UI_REQUEST = 'aisec-e2e:ui ';

/** The parts of VS Code's command line that matter here; the rest (--no-sandbox, --disable-updates...) is desktop-only. */
function parseCommandLine(argv) {
  const options = { developmentPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined };
  const withValue = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      options.folder ??= path.resolve(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const key = arg.slice(2, equals === -1 ? undefined : equals);
    if (!withValue.has(key)) continue;
    const value = path.resolve(equals === -1 ? argv[++i] : arg.slice(equals + 1));
    if (key === 'extensionDevelopmentPath') options.developmentPaths.push(value);
    else if (key === 'extensionTestsPath') options.testsPath = value;
    else if (key === 'user-data-dir') options.userDataDir = value;
    else options.extensionsDir = value;
  }
  return options;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealth(port, codeServer, logFile) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (codeServer.exitCode !== null) break;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`code-server did not start; its log is ${logFile}`);
}

/** Log lines from the workbench that say nothing about the extension under test (no network here). */
const NOISE = /open-vsx\.org|vsda|Service Worker|serviceWorker|connection token|ChatSessionStore|builtin extensions cache|getaddrinfo ENOTFOUND|marketplace|^CodeExpectedError|^Creating a socket|refused to show dialog in tests/i;

/** UI actions a test can ask for. Each returns a JSON-serialisable result. */
const uiActions = {
  /** Opens the Problems panel like a user (keyboard shortcut), waits for `minRows` rows, reads them, takes a screenshot. */
  async problemsPanel(page, request) {
    const editor = page.locator('.monaco-editor .view-lines').first();
    await editor.waitFor({ timeout: 30000 });
    await editor.click({ position: { x: 5, y: 5 } });
    if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) {
      await page.keyboard.press('Control+Shift+M');
    }
    const rows = page.locator('.markers-panel .monaco-list-row');
    const minRows = request.minRows ?? 1;
    const deadline = Date.now() + 30000;
    while ((await rows.count()) < minRows && Date.now() < deadline) await sleep(200);
    // Squiggles are drawn a frame after the decorations arrive.
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info').first().waitFor({ timeout: 30000 });
    await page.mouse.move(0, 0); // no hover widget over the code in the picture
    await sleep(500);
    const squiggles = await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info').count();
    const rowTexts = await rows.allInnerTexts();
    if (request.screenshot) {
      fs.mkdirSync(path.dirname(request.screenshot), { recursive: true });
      await page.screenshot({ path: request.screenshot });
    }
    return { rows: rowTexts, squiggles, panelVisible: await page.locator('.markers-panel').isVisible() };
  },

  /** Hovers the language status (`{}`) in the status bar, like a user checking it, and reads what it shows. */
  async languageStatus(page, request) {
    const item = page.locator('[id="status.languageStatus"]');
    await item.waitFor({ timeout: 30000 });
    await item.hover();
    const entry = page.locator('.hover-language-status').first();
    await entry.waitFor({ state: 'visible', timeout: 10000 });
    // Every item of the hover is a .hover-language-status row; read them all.
    const text = (await page.locator('.hover-language-status').allInnerTexts()).join('\n');
    if (request.screenshot) await page.screenshot({ path: request.screenshot });
    await page.mouse.move(0, 0);
    return { text };
  },

  /**
   * Trusts the folder from the Workspace Trust editor (the test opens it with workbench.trust.manage), as a
   * user would; VS Code's start-up trust dialog is not shown to extension tests.
   */
  async trustWorkspace(page) {
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
    await trust.waitFor({ state: 'visible', timeout: 30000 });
    await trust.click();
    return { trusted: true };
  },
};

async function answerUiRequest(page, line) {
  let request;
  try {
    request = JSON.parse(line.slice(line.indexOf(UI_REQUEST) + UI_REQUEST.length));
  } catch (error) {
    console.error('[vscode-shim] unreadable UI request:', line);
    return;
  }
  let answer;
  try {
    const action = uiActions[request.action];
    if (!action) throw new Error(`unknown UI action "${request.action}"`);
    answer = { ok: true, result: await action(page, request) };
  } catch (error) {
    answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  // Written to a temp name and renamed, so the test never reads half a file.
  fs.writeFileSync(`${request.answer}.tmp`, JSON.stringify(answer));
  fs.renameSync(`${request.answer}.tmp`, request.answer);
}

async function main() {
  const started = Date.now();
  const options = parseCommandLine(process.argv.slice(2));
  const userDataDir = options.userDataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-e2e-user-'));
  fs.mkdirSync(userDataDir, { recursive: true });
  const extensionsDir = options.extensionsDir || path.join(userDataDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const folder = options.folder || process.cwd();
  // Everything code-server, its extension host and Chromium write goes under the user data dir, not $HOME.
  const env = {
    ...process.env,
    XDG_DATA_HOME: path.join(userDataDir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(userDataDir, 'xdg-config'),
    XDG_CACHE_HOME: path.join(userDataDir, 'xdg-cache'),
  };
  const port = await freePort();
  const logFile = path.join(userDataDir, 'code-server.log');
  const log = fs.createWriteStream(logFile);
  const codeServer = spawn(
    codeServerBin,
    [
      '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      ...(process.env.AISEC_E2E_WORKSPACE_TRUST === 'ask' ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
      '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', path.join(userDataDir, 'code-server.yaml'),
    ],
    // Its own process group, so the extension host and language server it starts go down with it.
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  codeServer.stdout.pipe(log);
  codeServer.stderr.pipe(log);
  const stopCodeServer = () => {
    try {
      process.kill(-codeServer.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stopCodeServer);
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));

  await waitForHealth(port, codeServer, logFile);
  const profile = fs.mkdtempSync(path.join(userDataDir, 'chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumBin,
    headless: true,
    env,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] || (await browser.newPage());
  let reportExit;
  const exited = new Promise((resolve) => (reportExit = resolve));
  const pendingUi = [];
  // The workbench's log; during extension tests the extension host's console is routed here as well.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    if (line.includes(UI_REQUEST)) {
      pendingUi.push(answerUiRequest(page, line));
      return;
    }
    if (NOISE.test(line)) return;
    (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
  });
  await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
  page.on('pageerror', (error) => console.error('[workbench]', error.message));

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = options.developmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (options.testsPath) payload.push(['extensionTestsPath', remote(options.testsPath)]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const kind = folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
  await page.goto(`http://127.0.0.1:${port}/?${kind}=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

  const code = await Promise.race([exited, sleep(timeoutMs).then(() => 'timeout')]);
  await Promise.allSettled(pendingUi);
  console.error(`[vscode-shim] extension tests exited with ${code} after ${Date.now() - started} ms (code-server log: ${logFile})`);
  await browser.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
  stopCodeServer();
  process.exit(typeof code === 'number' ? code : 1);
}

main().catch((error) => {
  console.error('[vscode-shim]', error);
  process.exit(1);
});
