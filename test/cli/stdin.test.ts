import * as assert from 'node:assert/strict';
import { cleanup, makeProject, runCliWithInput } from './run-cli';

const TORCH = 'import torch\nmodel = torch.load("model.pt")\n';

describe('aisec scan --stdin-filename', () => {
  let root: string;
  before(() => {
    root = makeProject({ 'ml/.aisec.json': JSON.stringify({ rules: { 'supply-chain': 'error' } }) });
  });
  after(() => cleanup(root));

  it('analyses standard input as the named file, with that file\'s configuration, even if it does not exist', async () => {
    const run = await runCliWithInput(['scan', '--stdin-filename', 'ml/new/train.py', '--format', 'json'], root, TORCH);
    assert.equal(run.code, 1, run.stderr);
    const { findings } = JSON.parse(run.stdout);
    assert.deepEqual(
      findings.map((f: { file: string; line: number; severity: string; ruleId: string }) => [f.file, f.line, f.severity, f.ruleId]),
      [['ml/new/train.py', 2, 'error', 'supply-chain/torch-load-without-weights-only']],
    );
  });

  it('exits 0 for clean input and 2 for a name AISec does not read or paths given too', async () => {
    assert.equal((await runCliWithInput(['scan', '--stdin-filename', 'a.py'], root, 'print(1)\n')).code, 0);
    const unknown = await runCliWithInput(['scan', '--stdin-filename', 'notes.md'], root, '# hi\n');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /notes\.md: not a file type AISec reads/);
    const both = await runCliWithInput(['scan', 'ml', '--stdin-filename', 'a.py'], root, '');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give no paths/);
  });
});
