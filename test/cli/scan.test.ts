import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, makeProject, runCli } from './run-cli';

const TORCH = 'import torch\n\nmodel = torch.load("model.pt")\n';
const CLEAN = 'import os\n\nprint(os.getcwd())\n';

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  category: string;
  severity: string;
  message: string;
  fixable: boolean;
}

describe('aisec scan (CLI)', () => {
  const projects: string[] = [];
  after(() => projects.forEach(cleanup));
  function project(files: Record<string, string | Buffer>): string {
    const root = makeProject(files);
    projects.push(root);
    return root;
  }

  describe('text format', () => {
    it('prints file:line:col severity rule-id message, a summary, and exits 1', async () => {
      const root = project({ 'app/load.py': TORCH });
      const run = await runCli(['scan', '.'], root);
      assert.equal(run.code, 1, run.stderr);
      const lines = run.stdout.trimEnd().split('\n');
      assert.equal(lines[0], 'app/load.py:3:9 warning supply-chain/torch-load-without-weights-only ' + lines[0].split(' ').slice(3).join(' '));
      assert.match(lines[0], /^app\/load\.py:3:9 warning supply-chain\/torch-load-without-weights-only \S.+$/);
      assert.match(lines[lines.length - 1], /^1 finding \(0 errors, 1 warning, 0 info\) in 1 file \(3 lines\), \d+\.\d\d s\.$/);
    });

    it('scans the current folder by default and exits 0 with no findings', async () => {
      const root = project({ 'main.py': CLEAN });
      const run = await runCli(['scan'], root);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^No findings in 1 file \(3 lines\), \d+\.\d\d s\.\n$/);
    });

    it('says so when there is nothing to scan', async () => {
      const root = project({ 'README.md': '# docs only\n', 'node_modules/x/index.js': 'eval(x)\n' });
      const run = await runCli(['scan'], root);
      assert.equal(run.code, 0);
      assert.match(run.stderr, /aisec: nothing to scan in \.: no Python/);
      assert.match(run.stdout, /^No findings in 0 files/);
    });
  });

  describe('json format', () => {
    it('follows the contract with 1-based positions', async () => {
      const root = project({ 'load.py': TORCH, 'ok.py': CLEAN });
      const run = await runCli(['scan', '--format', 'json'], root);
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout) as { findings: JsonFinding[]; notes: unknown[]; summary: Record<string, number> };
      const finding = report.findings.find((f) => f.ruleId === 'supply-chain/torch-load-without-weights-only');
      assert.ok(finding, run.stdout);
      assert.deepEqual(
        { file: finding.file, line: finding.line, column: finding.column, endLine: finding.endLine, category: finding.category, severity: finding.severity },
        { file: 'load.py', line: 3, column: 9, endLine: 3, category: 'supply-chain', severity: 'warning' },
      );
      assert.ok(finding.endColumn > finding.column);
      assert.equal(typeof finding.message, 'string');
      assert.equal(typeof finding.fixable, 'boolean');
      assert.equal(report.summary.filesScanned, 2);
      assert.equal(report.summary.lines, 6);
    });
  });

  describe('exit codes and fail level', () => {
    it('exits 0 when every finding is below --fail-level', async () => {
      const root = project({ 'load.py': TORCH });
      assert.equal((await runCli(['scan', '--fail-level', 'error'], root)).code, 0);
      assert.equal((await runCli(['scan', '--fail-level', 'info'], root)).code, 1);
      assert.equal((await runCli(['scan', '--fail-level', 'none'], root)).code, 0);
    });

    it('takes the fail level from the project configuration', async () => {
      const root = project({ 'load.py': TORCH, '.aisec.json': JSON.stringify({ failLevel: 'error' }) });
      assert.equal((await runCli(['scan'], root)).code, 0);
    });

    it('turns a rule off from the configuration', async () => {
      const root = project({
        'load.py': TORCH,
        'pyproject.toml': '[tool.aisec.rules]\n"supply-chain/torch-load-without-weights-only" = "off"\n',
      });
      const run = await runCli(['scan', '--format', 'json'], root);
      assert.equal(run.code, 0, run.stdout);
      assert.deepEqual(JSON.parse(run.stdout).findings, []);
    });

    it('gives a sub-project its own configuration file, nearest file winning', async () => {
      const root = project({
        '.aisec.json': JSON.stringify({ rules: { 'supply-chain': 'error' } }),
        'load.py': TORCH,
        'services/legacy/.aisec.json': JSON.stringify({ rules: { 'supply-chain/torch-load-without-weights-only': 'off' }, exclude: ['gen/'] }),
        'services/legacy/load.py': TORCH,
        'services/legacy/gen/other.py': 'import yaml\nyaml.load(open("x"))\n',
        'services/ml/pyproject.toml': '[tool.aisec]\nfailLevel = "error"\n',
        'services/ml/train/load.py': TORCH,
      });
      const run = await runCli(['scan', '--format', 'json'], root);
      const findings = JSON.parse(run.stdout).findings as JsonFinding[];
      const torch = findings.filter((f) => f.ruleId === 'supply-chain/torch-load-without-weights-only');
      assert.deepEqual(
        torch.map((f) => [f.file, f.severity]),
        [
          ['load.py', 'error'],
          ['services/ml/train/load.py', 'warning'],
        ],
      );
      assert.ok(!findings.some((f) => f.file.startsWith('services/legacy/gen/')), 'the nested exclude was ignored');
      // The root's findings are errors under its own configuration, so the scan fails.
      assert.equal(run.code, 1);
      const onlyMl = await runCli(['scan', 'services/ml'], root);
      assert.equal(onlyMl.code, 0, 'failLevel "error" of services/ml should let a warning pass');
    });

    it('uses --config instead of the nearest configuration', async () => {
      const root = project({ 'load.py': TORCH, 'strict.json': JSON.stringify({ rules: { 'supply-chain': 'error' } }) });
      const run = await runCli(['scan', '--config', 'strict.json', '--format', 'json'], root);
      assert.equal(run.code, 1);
      assert.ok((JSON.parse(run.stdout).findings as JsonFinding[]).every((f) => f.severity === 'error'));
    });
  });

  describe('usage and configuration errors exit 2 with a clear message', () => {
    const cases: [string, Record<string, string>, string[], RegExp][] = [
      ['unknown format', {}, ['scan', '--format', 'xml'], /argument 'xml' is invalid.*text, json, sarif/s],
      ['missing path', {}, ['scan', 'nowhere'], /no such file or folder: nowhere/],
      ['bad --jobs', {}, ['scan', '--jobs', 'zero'], /--jobs.*whole number/s],
      ['unknown option', {}, ['scan', '--frobnicate'], /unknown option '--frobnicate'/],
      ['invalid JSON config', { '.aisec.json': '{ "rules": ' }, ['scan'], /invalid configuration: .*\.aisec\.json: invalid JSON/],
      ['unknown config key', { '.aisec.json': '{ "rulez": {} }' }, ['scan'], /\.aisec\.json: unknown key "rulez"/],
      ['unknown rule', { '.aisec.json': '{ "rules": { "secret/nope": "off" } }' }, ['scan'], /unknown rule or category "secret\/nope"/],
      ['bad severity', { '.aisec.json': '{ "rules": { "secret": "loud" } }' }, ['scan'], /"rules\.secret" must be one of info, warning, error, off/],
      ['invalid TOML', { 'pyproject.toml': '[tool.aisec\nrules = 1\n' }, ['scan'], /pyproject\.toml: invalid TOML/],
      ['bad failLevel in pyproject', { 'pyproject.toml': '[tool.aisec]\nfailLevel = "fatal"\n' }, ['scan'], /\[tool\.aisec\]: "failLevel" must be one of/],
      ['missing --config file', {}, ['scan', '--config', 'missing.json'], /missing\.json: cannot read the file/],
    ];
    for (const [name, files, args, message] of cases) {
      it(name, async () => {
        const root = project({ 'main.py': CLEAN, ...files });
        const run = await runCli(args, root);
        assert.equal(run.code, 2, run.stdout + run.stderr);
        assert.match(run.stderr, message);
        assert.doesNotMatch(run.stderr, /internal error|at .*\.js:\d+/);
      });
    }
  });

  describe('file selection', () => {
    it('honours .gitignore and exclude globs, never enters node_modules', async () => {
      const root = project({
        '.gitignore': 'generated/\n',
        '.aisec.json': JSON.stringify({ exclude: ['legacy/**'] }),
        'generated/load.py': TORCH,
        'legacy/load.py': TORCH,
        'node_modules/pkg/load.py': TORCH,
        'src/load.py': TORCH,
      });
      const run = await runCli(['scan', '--format', 'json'], root);
      assert.deepEqual([...new Set((JSON.parse(run.stdout).findings as JsonFinding[]).map((f) => f.file))], ['src/load.py']);
      const all = await runCli(['scan', '--format', 'json', '--no-gitignore'], root);
      assert.deepEqual(
        [...new Set((JSON.parse(all.stdout).findings as JsonFinding[]).map((f) => f.file))].sort(),
        ['generated/load.py', 'src/load.py'],
      );
    });

    it('adds --exclude globs (relative to the working directory) to the configured ones', async () => {
      const root = project({
        '.aisec.json': JSON.stringify({ exclude: ['legacy/**'] }),
        'legacy/load.py': TORCH,
        'src/gen/load.py': TORCH,
        'src/app/load.py': TORCH,
        'src/app/load_test.py': TORCH,
      });
      const run = await runCli(['scan', 'src', '--format', 'json', '--exclude', 'src/gen/', '--exclude', '*_test.py'], root);
      assert.deepEqual([...new Set((JSON.parse(run.stdout).findings as JsonFinding[]).map((f) => f.file))], ['src/app/load.py']);
    });

    it('honours --max-file-size', async () => {
      const root = project({ 'big.py': TORCH + '# padding\n'.repeat(20_000), 'small.py': TORCH });
      const run = await runCli(['scan', '--format', 'json', '--max-file-size', '0.1'], root);
      const report = JSON.parse(run.stdout);
      assert.deepEqual([...new Set((report.findings as JsonFinding[]).map((f) => f.file))], ['small.py']);
      assert.match(report.notes[0].message, /^skipped: larger than 102\.4 KB \(195\.4 KB\)$/);
      assert.equal((await runCli(['scan', '--max-file-size', '-1'], root)).code, 2);
    });

    it('notes skipped binary and oversized files on stderr, keeping JSON on stdout clean', async () => {
      const root = project({ 'blob.py': Buffer.from([0x61, 0x00, 0x62]), 'load.py': TORCH });
      const run = await runCli(['scan', '--format', 'json'], root);
      assert.match(run.stderr, /aisec: blob\.py: skipped: binary file/);
      const report = JSON.parse(run.stdout);
      assert.deepEqual(report.notes, [{ file: 'blob.py', message: 'skipped: binary file (NUL byte in the first 8 KB)' }]);
    });
  });

  describe('--output', () => {
    it('writes the report to the file (creating folders) and nothing to stdout', async () => {
      const root = project({ 'load.py': TORCH });
      const run = await runCli(['scan', '.', '--format', 'sarif', '--output', 'reports/aisec.sarif'], root);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      const sarif = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'aisec.sarif'), 'utf8'));
      assert.equal(sarif.runs[0].results[0].ruleId, 'supply-chain/torch-load-without-weights-only');
    });

    it('fails with exit 2 when the file cannot be written', async () => {
      const root = project({ 'load.py': TORCH, 'taken': 'a file, not a folder' });
      const run = await runCli(['scan', 'load.py', '--output', 'taken/report.txt'], root);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /cannot write taken\/report\.txt/);
    });
  });

  describe('parallel scanning', () => {
    it('gives the same report on one thread and on worker threads', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 48; i++) files[`pkg${i % 4}/mod${i}.py`] = i % 3 === 0 ? TORCH : CLEAN;
      const root = project(files);
      const single = await runCli(['scan', '--format', 'json', '--jobs', '1', '--no-cache'], root);
      const parallel = await runCli(['scan', '--format', 'json', '--jobs', '2', '--no-cache'], root);
      const strip = (text: string) => {
        const report = JSON.parse(text);
        delete report.summary.durationMs;
        delete report.summary.cpuMs;
        delete report.summary.workers;
        return report;
      };
      assert.equal(strip(single.stdout).findings.length, 16);
      assert.deepEqual(strip(parallel.stdout), strip(single.stdout));
    });
  });

  describe('aisec rules', () => {
    it('lists every rule with id and category as JSON', async () => {
      const root = project({});
      const run = await runCli(['rules', '--format', 'json'], root);
      assert.equal(run.code, 0);
      const { rules } = JSON.parse(run.stdout) as { rules: { id: string; category: string }[] };
      assert.ok(rules.length > 0);
      for (const rule of rules) assert.equal(rule.id.split('/')[0], rule.category);
      for (const rule of rules as { docs?: string }[]) assert.match(rule.docs ?? '', /^https:\/\/.*docs\/rules\.md#/);
      assert.ok(rules.some((r) => r.id === 'container/root-user'));
    });
  });
});
