import * as assert from 'node:assert/strict';
import { ipynbLine, notebookJson } from '../support/notebook';
import { cleanup, makeProject, runCli } from './run-cli';

// A format-valid fake key, assembled so this file holds no contiguous key.
const KEY = 'sk-proj-' + 'Zq8Wx3Ec5Rv7Tb9Yn1Um3Ik5Ol7Pa9Sd1Fg3Hj5Kl7Zx9Cv' + 'T3BlbkFJ' + 'Bn2Mq4We6Rt8Yu0Io2Pa4Sd6Fg8Hj0Kl2Zx4Cv6Bn8M';

describe('notebooks in the CLI', () => {
  let root: string;
  const notebook = notebookJson([
    { kind: 'markdown', source: '# Training notebook\n' },
    { source: 'import os\n%pip install transformers\n' },
    {
      source: `os.environ["OPENAI_API_KEY"] = "${KEY}"\nprint(os.environ)\n`,
      outputs: [{ output_type: 'stream', name: 'stdout', text: [`environ({'OPENAI_API_KEY': '${KEY}'})\n`] }],
    },
  ]);
  before(() => {
    root = makeProject({ 'notebooks/train.ipynb': notebook, 'notebooks/broken.ipynb': '{"cells": [' });
  });
  after(() => cleanup(root));

  it('reports lines of the .ipynb file, with the cell and the line in the cell', async () => {
    const run = await runCli(['scan', '--format', 'json'], root);
    assert.equal(run.code, 1);
    const { findings } = JSON.parse(run.stdout) as { findings: Record<string, unknown>[] };
    const byRule = (id: string) => findings.filter((f) => f.ruleId === id);
    const [install] = byRule('supply-chain/notebook-unpinned-install');
    assert.equal(install.file, 'notebooks/train.ipynb');
    assert.equal(install.line, ipynbLine(notebook, '%pip install'));
    assert.equal(install.cell, 1);
    assert.equal(install.cellLine, 2);
    const [hardcoded] = byRule('secret/hardcoded-provider-key');
    assert.equal(hardcoded.line, ipynbLine(notebook, 'os.environ[\\"OPENAI_API_KEY\\"]'));
    assert.equal(hardcoded.cell, 2);
    assert.equal(hardcoded.cellLine, 1);
    const [output] = byRule('secret/notebook-output-secret');
    assert.equal(output.line, ipynbLine(notebook, "environ({"));
    assert.equal(output.cell, 2);
    assert.ok(!run.stdout.includes(KEY) && !run.stderr.includes(KEY), 'a full key was printed');
    assert.match(run.stderr + run.stdout, /broken\.ipynb.*not valid JSON/);
  });

  it('points SARIF regions into the .ipynb file', async () => {
    const run = await runCli(['scan', '--format', 'sarif'], root);
    const sarif = JSON.parse(run.stdout);
    const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    const install = results.find((r) => r.ruleId === 'supply-chain/notebook-unpinned-install')!;
    assert.equal(install.locations[0].physicalLocation.artifactLocation.uri, 'notebooks/train.ipynb');
    assert.equal(install.locations[0].physicalLocation.region.startLine, ipynbLine(notebook, '%pip install'));
  });
});
