import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CLI, cleanup, makeProject } from './run-cli';

const ROOT = path.resolve(__dirname, '../..');
const LOADER = 'import torch\nmodel = torch.load("model.pt")\n';

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  require_serial?: boolean;
}

interface ActionStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };

describe('integrations: pre-commit hooks and the GitHub Action', function () {
  this.timeout(60_000);
  const roots: string[] = [];
  after(() => roots.forEach(cleanup));
  function project(files: Record<string, string>): string {
    const root = makeProject(files);
    roots.push(root);
    return root;
  }

  describe('.pre-commit-hooks.yaml', () => {
    const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

    it('declares node hooks whose entry is the package\'s own bin, shipped in the package', () => {
      assert.deepEqual(hooks.map((h) => h.id), ['aisec', 'aisec-fix']);
      for (const hook of hooks) {
        assert.equal(hook.language, 'node');
        assert.equal(hook.require_serial, true);
        const [bin, ...args] = hook.entry.split(' ');
        assert.ok(pkg.bin[bin], `${bin} is a bin of package.json`);
        assert.ok(pkg.files.includes(pkg.bin[bin]) && pkg.files.includes('dist/worker.js') && pkg.files.includes('dist/grammars/'), 'npm pack carries the CLI');
        assert.equal(args[0], 'scan');
      }
    });

    it('blocks a commit whose staged files have findings, and lets other files through', () => {
      const root = project({ 'load.py': LOADER, 'README.md': '# notes\n', 'ok.py': 'print("hi")\n' });
      // As pre-commit runs it: the entry, then the staged files' names.
      const run = (files: string[]) => {
        const [, ...args] = hooks[0].entry.split(' ');
        return spawnSync(process.execPath, [CLI, ...args, ...files], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      };
      const blocked = run(['load.py', 'README.md']);
      assert.equal(blocked.status, 1, blocked.stderr);
      assert.match(blocked.stdout, /load\.py:2:\d+ \w+ supply-chain\/torch-load-without-weights-only/);
      const passed = run(['ok.py', 'README.md']);
      assert.equal(passed.status, 0, passed.stderr);
    });
  });

  describe('action.yml', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
      runs: { using: string; steps: ActionStep[] };
    };
    const scanStep = action.runs.steps.find((step) => step.id === 'scan')!;

    function runScanStep(root: string, inputs: Record<string, string>): { status: number | null; output: string; stderr: string } {
      const outputFile = path.join(root, '.github-output');
      fs.writeFileSync(outputFile, '');
      const env: Record<string, string> = { ...(process.env as Record<string, string>), GITHUB_OUTPUT: outputFile, NO_COLOR: '1' };
      for (const [name, value] of Object.entries(scanStep.env ?? {})) {
        // The expressions the runner would evaluate: the action's path and the inputs (defaults unless given).
        env[name] = value
          .replace('${{ github.action_path }}', ROOT)
          .replace(/\$\{\{ inputs\.([a-z-]+) \}\}/, (_, input: string) => inputs[input] ?? action.inputs[input].default ?? '');
      }
      const run = spawnSync('bash', ['-e', '-c', scanStep.run!], { cwd: root, env, encoding: 'utf8' });
      return { status: run.status, output: fs.readFileSync(outputFile, 'utf8'), stderr: run.stderr };
    }

    it('is a composite action that sets up Node, builds, scans and uploads SARIF', () => {
      assert.equal(action.runs.using, 'composite');
      const uses = action.runs.steps.map((step) => step.uses).filter(Boolean);
      assert.ok(uses.some((u) => u!.startsWith('actions/setup-node@')));
      assert.ok(uses.some((u) => u!.startsWith('github/codeql-action/upload-sarif@')));
      for (const input of ['paths', 'fail-level', 'baseline', 'diff-base']) assert.ok(action.inputs[input], `input ${input}`);
    });

    it('never splices an input into a script (inputs reach scripts as environment variables)', () => {
      for (const step of action.runs.steps) if (step.run) assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: an expression inside run`);
    });

    it('writes SARIF and reports exit code 1 for findings, leaving the failure to the step after the upload', () => {
      const root = project({ 'src/load.py': LOADER, 'other/ok.py': 'print(1)\n' });
      const run = runScanStep(root, { paths: 'src other' });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.output, /^exit-code=1$/m);
      const sarif = JSON.parse(fs.readFileSync(path.join(root, 'aisec.sarif'), 'utf8'));
      assert.equal(sarif.runs[0].results[0].ruleId, 'supply-chain/torch-load-without-weights-only');
      const quiet = runScanStep(root, { paths: 'other', 'fail-level': 'error' });
      assert.match(quiet.output, /^exit-code=0$/m);
    });

    it('passes the baseline input on, and stops with exit 2 on a usage error', () => {
      const root = project({ 'load.py': LOADER });
      const written = spawnSync(process.execPath, [CLI, 'scan', '--write-baseline', 'base.json'], { cwd: root, encoding: 'utf8' });
      assert.equal(written.status, 0, written.stderr);
      assert.match(runScanStep(root, { baseline: 'base.json' }).output, /^exit-code=0$/m);
      const bad = runScanStep(root, { 'fail-level': 'severe' });
      assert.equal(bad.status, 2);
      assert.match(bad.output, /^exit-code=2$/m);
    });

    it('treats a path input as data, never as shell code', () => {
      const root = project({ 'load.py': LOADER });
      const run = runScanStep(root, { paths: '$(touch pwned) `touch pwned2` ;touch pwned3' });
      assert.ok(!fs.existsSync(path.join(root, 'pwned')) && !fs.existsSync(path.join(root, 'pwned2')) && !fs.existsSync(path.join(root, 'pwned3')));
      assert.match(run.output, /^exit-code=2$/m, 'the odd paths do not exist: a usage error');
    });
  });
});
