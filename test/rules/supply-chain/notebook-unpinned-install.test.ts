import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import rule from '../../../rules/supply-chain/notebook-unpinned-install';
import { analyzeNotebookCells, applyEdits, initEngine } from '../../../server/src/engine';
import { ipynbLine, notebookJson } from '../../support/notebook';
import { runRuleTests } from '../../support/rule-tester';

const unpinned = notebookJson([{ source: 'import os\n%pip install torch transformers>=4.40 numpy==1.26.4\n' }]);
const shell = notebookJson([{ source: '!pip install -q -U "langchain" --index-url https://pypi.org/simple\n!python -m pip install openai\n' }]);
const bashCell = notebookJson([{ source: '%%bash\npip install requests\n' }]);

runRuleTests(rule, {
  valid: [
    { name: 'pinned', language: 'jupyter', code: notebookJson([{ source: '%pip install torch==2.3.1 "transformers==4.44.2"\n' }]) },
    { name: 'requirements file', language: 'jupyter', code: notebookJson([{ source: '!pip install -r requirements.txt\n%pip install -e .\n' }]) },
    { name: 'not an install', language: 'jupyter', code: notebookJson([{ source: '!pip list\n%pip show torch\n!echo pip install x\n' }]) },
    { name: 'markdown mentions', language: 'jupyter', code: notebookJson([{ kind: 'markdown', source: 'Run `%pip install torch` first\n' }]) },
    { name: 'suppressed', language: 'jupyter', code: notebookJson([{ source: '%pip install torch  # aisec-ignore: supply-chain\n' }]) },
  ],
  invalid: [
    {
      name: '%pip with unpinned and ranged packages',
      language: 'jupyter',
      code: unpinned,
      findings: [
        { line: ipynbLine(unpinned, '%pip'), messageIncludes: 'torch has no version' },
        { line: ipynbLine(unpinned, '%pip'), messageIncludes: 'transformers ">=4.40" allows many versions' },
      ],
    },
    {
      name: '!pip and python -m pip, options skipped',
      language: 'jupyter',
      code: shell,
      findings: [
        { line: ipynbLine(shell, '!pip'), messageIncludes: 'langchain' },
        { line: ipynbLine(shell, '-m pip'), messageIncludes: 'openai' },
      ],
    },
    { name: 'pip inside a %%bash cell', language: 'jupyter', code: bashCell, findings: [{ line: ipynbLine(bashCell, 'pip install requests') }] },
  ],
});

describe('supply-chain/notebook-unpinned-install fixes', () => {
  before(() => initEngine());

  it('pins to the version in a lock file beside the notebook, editing the cell', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-nb-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'uv.lock'),
        'version = 1\n\n[[package]]\nname = "torch"\nversion = "2.3.1"\nsource = { registry = "https://pypi.org/simple" }\n',
      );
      const cells = [
        { kind: 'markdown' as const, text: '# Setup' },
        { kind: 'code' as const, text: 'import os\n%pip install torch\n' },
      ];
      const { findings } = analyzeNotebookCells(cells, { rules: [rule], filePath: path.join(dir, 'train.ipynb') });
      assert.equal(findings.length, 1);
      const fix = findings[0].fixes[0];
      assert.match(fix.title, /==2\.3\.1.*uv\.lock/);
      assert.ok(fix.edits.every((edit) => edit.cell === 1));
      assert.equal(applyEdits(cells[1].text, fix.edits), 'import os\n%pip install torch==2.3.1\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
