import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, makeProject, runCli } from './run-cli';

const DOCKERFILE = 'FROM python:3.12-slim@sha256:' + 'a'.repeat(64) + '\nADD app.py /srv/app.py\nUSER app\nCMD ["python", "/srv/app.py"]\n';
const LOADERS =
  'import torch\nfrom diffusers import DiffusionPipeline\n\n' +
  'pipe = DiffusionPipeline.from_pretrained("org/sd", revision="0123456789abcdef0123456789abcdef01234567", use_safetensors=False)\n' +
  'model = torch.load("model.pt")\n';

describe('aisec scan --fix', () => {
  const projects: string[] = [];
  after(() => projects.forEach(cleanup));
  function project(files: Record<string, string | Buffer>): string {
    const root = makeProject(files);
    projects.push(root);
    return root;
  }
  const read = (root: string, name: string) => fs.readFileSync(path.join(root, name), 'utf8');

  it('applies safe fixes, writes the files, and reports what is left', async () => {
    const root = project({ Dockerfile: DOCKERFILE, 'load.py': LOADERS });
    const run = await runCli(['scan', '--fix', '--format', 'json'], root);
    assert.equal(read(root, 'Dockerfile'), DOCKERFILE.replace('ADD app.py', 'COPY app.py'));
    assert.ok(!read(root, 'load.py').includes('use_safetensors'), read(root, 'load.py'));
    assert.ok(read(root, 'load.py').includes('torch.load("model.pt")'), 'an unsafe fix was applied without --unsafe-fixes');
    const report = JSON.parse(run.stdout);
    assert.equal(report.summary.fixed, 2);
    const rules = report.findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(!rules.includes('container/add-instead-of-copy'));
    assert.ok(!rules.includes('supply-chain/safetensors-disabled'));
    assert.ok(rules.includes('supply-chain/torch-load-without-weights-only'));
    assert.equal(run.code, 1);
  });

  it('applies unsafe fixes too with --unsafe-fixes, and says how many in the text summary', async () => {
    const root = project({ 'load.py': LOADERS });
    const run = await runCli(['scan', '--fix', '--unsafe-fixes'], root);
    assert.match(read(root, 'load.py'), /torch\.load\("model\.pt", weights_only=True\)/);
    assert.match(run.stdout, /^Fixed 2 problems in 1 file\.$/m);
  });

  it('leaves files alone without --fix, and says what --fix would do', async () => {
    const root = project({ Dockerfile: DOCKERFILE, 'load.py': LOADERS });
    const run = await runCli(['scan'], root);
    assert.equal(read(root, 'Dockerfile'), DOCKERFILE);
    assert.equal(read(root, 'load.py'), LOADERS);
    assert.match(run.stdout, /^2 fixable with --fix, 1 more fixable with --fix --unsafe-fixes\.$/m);
  });

  it('keeps a byte-order mark, and never rewrites a file that is not valid UTF-8', async () => {
    const bad = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n' + LOADERS)]);
    const root = project({ 'bom.py': '\ufeff' + LOADERS, 'latin1.py': bad });
    const run = await runCli(['scan', '--fix', '--format', 'json'], root);
    const bom = fs.readFileSync(path.join(root, 'bom.py'));
    assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(!bom.toString('utf8').includes('use_safetensors'));
    assert.deepEqual(fs.readFileSync(path.join(root, 'latin1.py')), bad);
    assert.match(run.stderr, /latin1\.py: not fixed: the file is not valid UTF-8/);
  });

  it('refuses --unsafe-fixes without --fix', async () => {
    const root = project({ 'load.py': LOADERS });
    const run = await runCli(['scan', '--unsafe-fixes'], root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--unsafe-fixes needs --fix/);
    assert.equal(read(root, 'load.py'), LOADERS);
  });
});
