import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchBaseline, serializeBaseline } from '../../server/src/scan/baseline';
import { cleanup, makeProject, runCli } from './run-cli';

/** A fake, format-valid key (never issued). */
const OPENAI_KEY = 'sk-proj-Qm7xT2vLp9RwZ4kNc8HdY3bFj6GsA1eU5oVi0tXn' + 'T3BlbkFJ' + 'Wc4Lr8Pz2Kq7Nd5Hx9Mb3Vf6Tg1Sj0Ya8Ue2Ro4Ik7';
const LOADER = 'import torch\n\nmodel = torch.load("model.pt")\n';
const SETTINGS = `from openai import OpenAI\nclient = OpenAI(api_key="${OPENAI_KEY}")\n`;

interface JsonReport {
  findings: { file: string; line: number; ruleId: string }[];
  summary: { baselined?: number; staleBaselineEntries?: number };
}

describe('aisec scan --baseline / --write-baseline', function () {
  this.timeout(60_000);
  const roots: string[] = [];
  after(() => roots.forEach(cleanup));
  function project(files: Record<string, string>): string {
    const root = makeProject(files);
    roots.push(root);
    return root;
  }
  const write = (root: string, name: string, text: string) => fs.writeFileSync(path.join(root, name), text);
  async function scanJson(root: string, args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
    const run = await runCli(['scan', '--format', 'json', '--no-progress', ...args], root);
    return { code: run.code, report: run.stdout ? JSON.parse(run.stdout) : undefined, stderr: run.stderr };
  }

  it('accepts today\'s findings, then reports and fails only on new ones, wherever the old code moved', async () => {
    const root = project({ 'src/load.py': LOADER, 'src/settings.py': SETTINGS });
    const recorded = await runCli(['scan', '--write-baseline', 'aisec-baseline.json'], root);
    assert.equal(recorded.code, 0, 'writing a baseline accepts every finding');
    assert.match(recorded.stderr, /wrote \d+ findings to the baseline aisec-baseline\.json/);
    const quiet = await scanJson(root, ['--baseline', 'aisec-baseline.json']);
    assert.equal(quiet.code, 0);
    assert.deepEqual(quiet.report.findings, []);
    assert.ok((quiet.report.summary.baselined ?? 0) >= 2);
    assert.equal(quiet.report.summary.staleBaselineEntries, 0);

    // The accepted call moves down and is re-indented; a second, new torch.load arrives.
    write(root, 'src/load.py', 'import torch\n\n\ndef build():\n    pass\n\nif True:\n    model = torch.load("model.pt")\nother = torch.load("other.pt")\n');
    const gated = await scanJson(root, ['--baseline', 'aisec-baseline.json']);
    assert.equal(gated.code, 1);
    assert.deepEqual(
      gated.report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
      ['src/load.py:9 supply-chain/torch-load-without-weights-only'],
    );
    const text = await runCli(['scan', '--baseline', 'aisec-baseline.json'], root);
    assert.match(text.stdout, /\d+ findings accepted by the baseline not shown\./);
  });

  it('follows a file renamed inside the tree, and counts entries that match nothing as stale', async () => {
    const root = project({ 'src/load.py': LOADER, 'src/settings.py': SETTINGS });
    await runCli(['scan', '--write-baseline', 'aisec-baseline.json'], root);
    fs.renameSync(path.join(root, 'src/load.py'), path.join(root, 'src/loading.py'));
    const renamed = await scanJson(root, ['--baseline', 'aisec-baseline.json']);
    assert.deepEqual(renamed.report.findings, []);
    assert.equal(renamed.report.summary.staleBaselineEntries, 0);

    write(root, 'src/loading.py', 'import torch\n\nmodel = torch.load("model.pt", weights_only=True)\n');
    const fixed = await scanJson(root, ['--baseline', 'aisec-baseline.json']);
    assert.deepEqual(fixed.report.findings, []);
    assert.equal(fixed.report.summary.staleBaselineEntries, 1);
    const text = await runCli(['scan', '--baseline', 'aisec-baseline.json'], root);
    assert.match(text.stdout, /1 baseline entry no longer matches \(rewrite it with --write-baseline\)/);
  });

  it('reads the baseline from .aisec.json and [tool.aisec], relative to that file', async () => {
    const root = project({ 'app/load.py': LOADER, 'app/.aisec.json': '{ "baseline": "../ci/baseline.json" }' });
    await runCli(['scan', 'app', '--write-baseline', 'ci/baseline.json'], root);
    const viaJson = await scanJson(path.join(root, 'app'), []);
    assert.deepEqual(viaJson.report.findings, []);
    assert.equal(viaJson.code, 0);

    const py = project({ 'load.py': LOADER, 'pyproject.toml': '[tool.aisec]\nbaseline = "aisec-baseline.json"\n' });
    await runCli(['scan', '--write-baseline', 'aisec-baseline.json'], py);
    write(py, 'load.py', LOADER + 'again = torch.load("b.pt")\n');
    const viaToml = await scanJson(py, []);
    assert.deepEqual(viaToml.report.findings.map((f) => f.line), [4]);
  });

  it('keeps keys masked in the baseline file', async () => {
    const root = project({ 'settings.py': SETTINGS });
    await runCli(['scan', '--write-baseline', 'aisec-baseline.json'], root);
    const baseline = fs.readFileSync(path.join(root, 'aisec-baseline.json'), 'utf8');
    assert.match(baseline, /"ruleId": "secret\//, 'the key is in the baseline as a finding');
    assert.ok(!baseline.includes(OPENAI_KEY.slice(4, 24)), 'no long piece of the key is in the baseline');
  });

  it('exits 2 with a clear message for a missing or broken baseline, and for --write-baseline with --baseline', async () => {
    const root = project({ 'load.py': LOADER, 'broken.json': '{"findings": 3}' });
    const missing = await runCli(['scan', '--baseline', 'nope.json'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json: no such baseline file \(create it with "aisec scan --write-baseline/);
    const broken = await runCli(['scan', '--baseline', 'broken.json'], root);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not an AISec baseline/);
    const both = await runCli(['scan', '--baseline', 'a.json', '--write-baseline', 'b.json'], root);
    assert.equal(both.code, 2);
    const stdin = await runCli(['scan', '--stdin-filename', 'x.py', '--baseline', 'broken.json'], root);
    assert.equal(stdin.code, 2);
    assert.match(stdin.stderr, /--baseline cannot be used with --stdin-filename/);
    const badKey = project({ 'load.py': LOADER, '.aisec.json': '{ "baseline": 3 }' });
    const config = await runCli(['scan'], badKey);
    assert.equal(config.code, 2);
    assert.match(config.stderr, /"baseline" must be the path of a baseline file/);
  });
});

describe('baseline matching', () => {
  const entry = (file: string, fingerprint: string) => ({ path: file, findings: [{ ruleId: 'r/x', fingerprint }] });
  it('counts one entry for one finding, so a second identical finding is new', () => {
    const text = serializeBaseline('/p/b.json', [entry('/p/a.py', 'f1')]);
    const baseline = { file: '/p/b.json', entries: JSON.parse(text).findings };
    const match = matchBaseline(baseline, [{ path: '/p/a.py', findings: [{ ruleId: 'r/x', fingerprint: 'f1' }, { ruleId: 'r/x', fingerprint: 'f1' }] }], () => true);
    assert.deepEqual(match.baselined, [[true, false]]);
  });
  it('lets an entry of a vanished file accept the finding in a new file, but not one of a file still there', () => {
    const baseline = { file: '/p/b.json', entries: [{ ruleId: 'r/x', file: 'old.py', fingerprint: 'f1' }, { ruleId: 'r/x', file: 'kept.py', fingerprint: 'f2' }] };
    const files = [entry('/p/new.py', 'f1'), entry('/p/copy.py', 'f2')];
    const match = matchBaseline(baseline, files, (file) => file === '/p/kept.py');
    assert.deepEqual(match.baselined, [[true], [false]]);
    assert.equal(match.stale, 0, 'kept.py was not scanned: its entry is not judged');
  });
});
