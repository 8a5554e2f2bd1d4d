import rule from '../../../rules/container/compose-root-user';
import { runRuleTests } from '../../support/rule-tester';

const c = 'dockercompose';
const filePath = 'compose.yaml';
runRuleTests(rule, {
  valid: [
    { name: 'non-root uid', language: c, filePath, code: 'services:\n  api:\n    user: "10001:0"\n' },
    { name: 'no user key', language: c, filePath, code: 'services:\n  api:\n    image: org/api:1\n' },
  ],
  invalid: [
    {
      name: 'user: root',
      language: c,
      filePath,
      code: 'services:\n  api:\n    image: org/api:1\n    user: root\n',
      findings: [{ line: 4, text: 'root' }],
      output: 'services:\n  api:\n    image: org/api:1\n    user: "10001:10001"\n',
    },
    {
      name: 'quoted "0" and 0:0',
      language: c,
      filePath,
      code: 'services:\n  a:\n    user: "0"\n  b:\n    user: \'0:0\'\n',
      findings: [{ line: 3, text: '"0"' }, { line: 5 }],
      output: 'services:\n  a:\n    user: "10001:10001"\n  b:\n    user: "10001:10001"\n',
    },
  ],
});
