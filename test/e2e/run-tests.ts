// Runs the extension tests in a real VS Code: installs the packaged .vsix into a fresh extensions directory,
// copies the test workspace to a temp dir (the tests edit it), bundles the mocha suite, and hands everything
// to @vscode/test-electron's runTests with test/e2e/vscode-shim.cjs standing in for the VS Code executable.
//
//   npx tsx test/e2e/run-tests.ts      (test/e2e/run.sh sets CODE_SERVER_BIN and packages the .vsix first)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');
const here = path.join(root, 'test', 'e2e');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run the end-to-end tests with "npm run test:e2e")`);
  return value;
}

async function main(): Promise<number> {
  const codeServer = required('CODE_SERVER_BIN');
  const vsix = path.join(root, 'dist', 'aisec.vsix');
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run "npm run package" first`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-e2e-'));
  const extensionsDir = path.join(scratch, 'extensions');

  // The same command a user runs; it unpacks the .vsix exactly as the marketplace install would.
  execFileSync(codeServer, ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'install')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, XDG_DATA_HOME: path.join(scratch, 'xdg-data'), XDG_CONFIG_HOME: path.join(scratch, 'xdg-config') },
  });

  const suite = path.join(here, 'out', 'suite.js');
  await build({
    entryPoints: [path.join(here, 'suite', 'index.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });

  const sessions: Session[] = [
    { name: 'main', workspace: 'workspace', env: {} },
    // Trust is decided when the window opens, so the untrusted case needs its own window and user data.
    { name: 'trust', workspace: 'workspace-untrusted', env: { AISEC_E2E_SUITE: 'trust', AISEC_E2E_WORKSPACE_TRUST: 'ask' } },
  ];
  let failed = 0;
  const total = { passes: 0, failures: 0 };
  for (const session of sessions) {
    console.log(`\n-- ${session.name} session (${session.workspace})`);
    if (!(await runSession(session, scratch, extensionsDir, suite))) failed++;
    const counts = readCounts(path.join(scratch, session.name, 'results.json'));
    total.passes += counts.passes;
    total.failures += counts.failures;
  }
  console.log(`\nend-to-end: ${total.passes} passed, ${total.failures} failed`);
  if (failed > 0) {
    console.error(`End-to-end tests failed in ${failed} session(s); logs and workspaces are kept in ${scratch}`);
    return 1;
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  return 0;
}

/** A session that never got to run its tests (VS Code did not start) counts as one failure. */
function readCounts(file: string): { passes: number; failures: number } {
  try {
    const counts = JSON.parse(fs.readFileSync(file, 'utf8')) as { passes?: unknown; failures?: unknown };
    if (typeof counts.passes === 'number' && typeof counts.failures === 'number') return { passes: counts.passes, failures: counts.failures };
  } catch {
    // no results written
  }
  return { passes: 0, failures: 1 };
}

interface Session {
  name: string;
  /** A folder under test/e2e/, copied because the tests edit it. */
  workspace: string;
  env: Record<string, string>;
}

async function runSession(session: Session, scratch: string, extensionsDir: string, suite: string): Promise<boolean> {
  const workspace = path.join(scratch, session.name, 'workspace');
  fs.cpSync(path.join(here, session.workspace), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath: path.join(here, 'vscode-shim.cjs'),
      extensionDevelopmentPath: path.join(here, 'host-extension'),
      extensionTestsPath: suite,
      launchArgs: [workspace, `--user-data-dir=${path.join(scratch, session.name, 'user-data')}`, `--extensions-dir=${extensionsDir}`],
      extensionTestsEnv: {
        AISEC_E2E_EXTENSIONS_DIR: extensionsDir,
        // The README's screenshot is refreshed only on request, so a test run leaves the work tree clean.
        AISEC_E2E_SCREENSHOT: process.env.AISEC_UPDATE_SCREENSHOT
          ? path.join(root, 'docs', 'images', 'problems-panel.png')
          : path.join(here, 'out', 'problems-panel.png'),
        AISEC_E2E_RESULTS: path.join(scratch, session.name, 'results.json'),
        ...session.env,
      },
    });
    return true;
  } catch (error) {
    console.error(`${session.name} session: ${(error as Error).message}`);
    return false;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
