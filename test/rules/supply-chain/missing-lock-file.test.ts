import * as path from 'node:path';
import rule from '../../../rules/supply-chain/missing-lock-file';
import { runRuleTests } from '../../support/rule-tester';

const fixtures = path.resolve(__dirname, '../../fixtures/supply-chain');
const manifest = (project: string) => path.join(fixtures, project, 'package.json');
const code = '{\n  "name": "x",\n  "dependencies": { "express": "^4.19.2" }\n}\n';

runRuleTests(rule, {
  valid: [
    { name: 'package-lock.json beside', language: 'json', filePath: manifest('npm-project'), code },
    { name: 'pnpm-lock.yaml beside', language: 'json', filePath: manifest('pnpm-project'), code },
    { name: 'yarn.lock beside', language: 'json', filePath: manifest('yarn-project'), code },
    { name: 'lock file at the workspace root', language: 'json', filePath: path.join(fixtures, 'workspace', 'packages', 'app', 'package.json'), code },
    { name: 'no dependencies', language: 'json', filePath: manifest('no-lock-project'), code: '{ "name": "x", "devDependencies": {} }' },
    { name: 'unsaved document', language: 'json', filePath: 'package.json', code },
  ],
  invalid: [
    {
      name: 'no lock file; an unrelated lock further up does not count',
      language: 'json',
      filePath: manifest('no-lock-project'),
      code,
      findings: [{ line: 3, text: '"dependencies"', severity: 'info' }],
    },
  ],
});
