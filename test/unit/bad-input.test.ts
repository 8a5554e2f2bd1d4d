import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, ConfigError, defaultConfig, initEngine, parseConfig, readConfigFile, type LanguageId } from '../../server/src/engine';
import { scanFiles } from '../../server/src/scan/scanner';
import { cleanup, makeProject, runCli } from '../cli/run-cli';

const TORCH_LOAD = 'model = torch.load("model.pt")';
const RULE = 'supply-chain/torch-load-without-weights-only';

/** Inputs that break naive tools. Each must give findings, a clear note or a skip, never a crash or a hang. */
const nested = (open: string, close: string, depth: number) => open.repeat(depth) + close.repeat(depth);

describe('bad input', function () {
  this.timeout(60_000);
  before(() => initEngine());

  describe('through the engine', () => {
    it('deeply nested code (5,000 levels) in Python, JavaScript and TypeScript, within a time and memory limit', async () => {
      // Run in the real scan worker, with its watchdog and heap limit, so that a pathological case fails this
      // test with a clear note instead of hanging mocha or exhausting its memory.
      const worker = path.resolve(__dirname, '../../dist/worker.js');
      assert.ok(fs.existsSync(worker), 'dist/worker.js is missing: build first (npm test does)');
      const dir = makeProject({
        'parens.py': `import torch\nx = ${nested('(', ')', 5000)}\ny = ${nested('[', ']', 5000)}\n${TORCH_LOAD}\n`,
        'arrays.js': `const x = ${nested('[', ']', 5000)};\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";\n`,
        'calls.ts': `const y = ${'f('.repeat(5000)}1${')'.repeat(5000)};\nconst z = ${nested('{a:', '}', 5000).replace(/\{a:\}/, '{a: 1}')};\n`,
        'functions.ts': `${'function f() {'.repeat(5000)}${'}'.repeat(5000)}\n`,
      });
      try {
        const names = ['arrays.js', 'calls.ts', 'functions.ts', 'parens.py'];
        const tasks = names.map((name) => ({
          path: path.join(dir, name),
          languageId: (name.endsWith('.py') ? 'python' : name.endsWith('.ts') ? 'typescript' : 'javascript') as LanguageId,
          configIndex: 0,
        }));
        const { results } = await scanFiles(tasks, { configs: [defaultConfig()], jobs: 1, workerScript: worker, fileTimeoutMs: 20_000 });
        const byName = Object.fromEntries(results.map((r) => [path.basename(r.path), r]));
        for (const name of names) assert.deepEqual(byName[name].notes, [], `${name}: ${byName[name].notes.join('; ')}`);
        assert.deepEqual(byName['parens.py'].findings.map((f) => [f.ruleId, f.range.start.line]), [[RULE, 3]]);
        assert.deepEqual(byName['arrays.js'].findings.map((f) => f.range.start.line), [1]);
      } finally {
        cleanup(dir);
      }
    });

    it('a 50,000-character line still yields the finding on it, at the right column', () => {
      const padding = 'a'.repeat(50_000);
      const result = analyze(`import torch\nx = "${padding}"; ${TORCH_LOAD}\n`, 'python');
      const finding = result.findings.find((f) => f.ruleId === RULE);
      assert.ok(finding);
      assert.equal(finding.range.start.line, 1);
      assert.equal(finding.range.start.character, `x = "${padding}"; model = `.length);
    });

    it('unparseable code gives no crash, and findings in the parts that parse', () => {
      for (const [text, languageId] of [
        ['def (:\n  ))) ]]] {{{\n', 'python'],
        ['function ( { ]]] => =>\n<<<>>>\n', 'javascript'],
        ['interface X { a: ; }}}} type = = ;\n', 'typescript'],
        ['FROM\nRUN\nUSER\n\\\n', 'dockerfile'],
      ] as const) {
        assert.doesNotThrow(() => analyze(text, languageId));
      }
      const partly = analyze(`import torch\n${TORCH_LOAD}\n\ndef broken(:\n    pass\n`, 'python');
      assert.deepEqual(partly.findings.map((f) => f.ruleId), [RULE]);
    });

    it('a 10 MB file is analysed or given up within the parse time limit, with a note', () => {
      const text = `import torch\n${TORCH_LOAD}\n` + 'def add(a, b):\n    return a + b\n'.repeat(330_000);
      assert.ok(text.length > 9_500_000);
      const started = Date.now();
      const result = analyze(text, 'python', { filePath: 'big.py' });
      assert.ok(Date.now() - started < 30_000);
      assert.ok(result.findings.some((f) => f.ruleId === RULE) || result.notes.some((n) => /not analysed/.test(n)), JSON.stringify(result.notes));
    });

    it('an invalid configuration names the file and the key', () => {
      assert.throws(() => parseConfig({ rules: { secret: 'loud' } }, '.aisec.json'), (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^\.aisec\.json: "rules\.secret" must be one of/);
        return true;
      });
      const root = makeProject({ '.aisec.json': '{"exclude": "dist"}' });
      try {
        assert.throws(() => readConfigFile(path.join(root, '.aisec.json')), /\.aisec\.json: "exclude" must be an array/);
      } finally {
        cleanup(root);
      }
    });
  });

  describe('through the CLI', () => {
    let root: string;
    before(() => {
      const latin1 = Buffer.concat([Buffer.from('import torch\n# caf'), Buffer.from([0xe9]), Buffer.from(` menu\n${TORCH_LOAD}\n`)]);
      root = makeProject({
        'binary.py': Buffer.concat([Buffer.from('import torch\n'), Buffer.alloc(64), Buffer.from(`${TORCH_LOAD}\n`)]),
        'latin1.py': latin1,
        'huge.py': `import torch\n${TORCH_LOAD}\n` + 'x = 1\n'.repeat(1_750_000),
        'long_line.py': `import torch\nx = "${'b'.repeat(50_000)}"; ${TORCH_LOAD}\n`,
        'nested.py': `x = ${nested('(', ')', 5000)}\n`,
        'nested.ts': `const x = ${nested('[', ']', 5000)};\n`,
        'broken.py': 'def (:\n  ))) ]]] {{{\n',
        'broken.tsx': 'export const A = () => <div><span></div>;;; {{{\n',
        'Dockerfile': 'FROM\nRUN \\\n',
      });
    });
    after(() => cleanup(root));

    it('scans the rest, skips or notes each bad file, and never crashes', async () => {
      const run = await runCli(['scan', '--format', 'json'], root);
      assert.equal(run.code, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /internal error/);
      const report = JSON.parse(run.stdout) as { findings: { file: string; line: number; ruleId: string }[]; notes: { file: string; message: string }[] };
      const notes = Object.fromEntries(report.notes.map((n) => [n.file, n.message]));
      assert.match(notes['binary.py'], /^skipped: binary file/);
      assert.match(notes['huge.py'], /^skipped: larger than 5\.0 MB \(10\.0 MB\)/);
      assert.match(notes['latin1.py'], /not valid UTF-8/);
      const flagged = report.findings.filter((f) => f.ruleId === RULE).map((f) => `${f.file}:${f.line}`).sort();
      assert.deepEqual(flagged, ['latin1.py:3', 'long_line.py:2']);
      assert.match(run.stderr, /binary\.py: skipped: binary file/);
    });

    it('handles the same files given one by one', async () => {
      for (const name of fs.readdirSync(root)) {
        const run = await runCli(['scan', name, '--format', 'json'], root);
        assert.ok(run.code === 0 || run.code === 1, `${name}: exit ${run.code}: ${run.stderr}`);
        JSON.parse(run.stdout);
      }
    });
  });
});
