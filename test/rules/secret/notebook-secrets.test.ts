import * as assert from 'node:assert/strict';
import envRule from '../../../rules/secret/notebook-env-secret';
import outputRule from '../../../rules/secret/notebook-output-secret';
import { analyze, initEngine } from '../../../server/src/engine';
import { ipynbLine, notebookJson } from '../../support/notebook';
import { runRuleTests } from '../../support/rule-tester';

// Format-valid fakes, assembled so that this file itself holds no contiguous key.
const OPENAI = 'sk-proj-' + 'Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ3lN5pR7tV9xZ1' + 'T3BlbkFJ' + 'a2C4e6G8i0K2m4O6q8S0u2W4y6A8c0E2g4I6k8M0';
const ANTHROPIC = 'sk-ant-api03-' + 'q'.repeat(0) + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7Zx6Yw5Vu4Ts3Rq2Po1Nm0Lk9Ji8Hg7Fe6Dc5Ba4Zx3Yw2Vu1Ts0Rq9Po8-AA';

const envMagic = notebookJson([{ source: `import openai\n%env OPENAI_API_KEY=${OPENAI}\n` }]);
const exportLine = notebookJson([{ source: `!export ANTHROPIC_API_KEY="${ANTHROPIC}"\n` }]);

runRuleTests(envRule, {
  valid: [
    { name: 'placeholder', language: 'jupyter', code: notebookJson([{ source: '%env OPENAI_API_KEY=sk-...\n' }]) },
    { name: 'not a secret', language: 'jupyter', code: notebookJson([{ source: '%env CUDA_VISIBLE_DEVICES=0\n%env\n' }]) },
    { name: 'variable reference', language: 'jupyter', code: notebookJson([{ source: '%env OPENAI_API_KEY=$OPENAI_KEY\n' }]) },
  ],
  invalid: [
    { name: '%env with an OpenAI key', language: 'jupyter', code: envMagic, findings: [{ line: ipynbLine(envMagic, '%env'), messageIncludes: ['OpenAI', 'sk-p…'] }] },
    { name: '!export with an Anthropic key', language: 'jupyter', code: exportLine, findings: [{ line: ipynbLine(exportLine, '!export'), messageIncludes: 'Anthropic' }] },
  ],
});

const printed = notebookJson([
  {
    source: 'import os\nprint(os.environ)\n',
    outputs: [{ output_type: 'stream', name: 'stdout', text: [`environ({'HOME': '/root', 'OPENAI_API_KEY': '${OPENAI}'})\n`] }],
  },
]);
const traceback = notebookJson([
  {
    source: 'client.chat()\n',
    outputs: [{ output_type: 'error', ename: 'AuthenticationError', evalue: `Incorrect API key provided: ${ANTHROPIC}`, traceback: ['Traceback...'] }],
  },
]);
const markdown = notebookJson([{ kind: 'markdown', source: `My key for later: ${OPENAI}\n` }]);

runRuleTests(outputRule, {
  valid: [
    { name: 'clean output', language: 'jupyter', code: notebookJson([{ source: 'print(1)\n', outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }] }]) },
    { name: 'placeholder in markdown', language: 'jupyter', code: notebookJson([{ kind: 'markdown', source: 'Set `OPENAI_API_KEY=sk-...` first\n' }]) },
  ],
  invalid: [
    { name: 'key printed by print(os.environ)', language: 'jupyter', code: printed, findings: [{ line: ipynbLine(printed, 'environ({'), messageIncludes: ['output of cell 1', 'clear'] }] },
    { name: 'key in an error value', language: 'jupyter', code: traceback, findings: [{ line: ipynbLine(traceback, 'Incorrect API key'), messageIncludes: 'Anthropic' }] },
    { name: 'key pasted into markdown', language: 'jupyter', code: markdown, findings: [{ line: ipynbLine(markdown, 'My key'), messageIncludes: 'markdown cell 1' }] },
  ],
});

describe('notebook secret findings never hold the key', () => {
  before(() => initEngine());
  it('masks keys in messages and properties', () => {
    for (const text of [envMagic, exportLine, printed, traceback, markdown]) {
      const { findings } = analyze(text, 'jupyter', { rules: [envRule, outputRule] });
      assert.ok(findings.length > 0);
      const serialised = JSON.stringify(findings);
      assert.ok(!serialised.includes(OPENAI) && !serialised.includes(ANTHROPIC), serialised);
    }
  });
});
