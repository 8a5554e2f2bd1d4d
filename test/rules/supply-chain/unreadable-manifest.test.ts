import rule from '../../../rules/supply-chain/unreadable-manifest';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'requirements', language: 'pip-requirements', code: '# ok\ntorch==2.3.1\n-r base.txt\n' },
    { name: 'package.json', language: 'json', filePath: '/p/package.json', code: '{ "dependencies": { "a": "1.0.0" } }' },
    { name: 'pyproject', language: 'toml', filePath: '/p/pyproject.toml', code: '[project]\nname = "x"\n' },
    { name: 'empty requirements', language: 'pip-requirements', code: '' },
  ],
  invalid: [
    {
      name: 'requirements: option without value, unreadable lines',
      language: 'pip-requirements',
      code: 'torch==2.3.1\n--extra-index-url\n$$$\nnumpy 1.26\n',
      findings: [
        { line: 2, messageIncludes: '--extra-index-url needs a value' },
        { line: 3, messageIncludes: 'cannot read a requirement' },
        { line: 4, messageIncludes: 'version specifier' },
      ],
    },
    {
      name: 'package.json with a missing comma',
      language: 'json',
      filePath: '/p/package.json',
      code: '{\n  "dependencies": {\n    "a": "1.0.0"\n    "b": "*"\n  }\n}\n',
      findings: [{ line: 4, messageIncludes: 'not valid JSON: comma expected' }],
    },
    {
      name: 'package.json that is not an object',
      language: 'json',
      filePath: '/p/package.json',
      code: '[1, 2]',
      findings: [{ line: 1, messageIncludes: 'must hold an object' }],
    },
    {
      name: 'broken TOML',
      language: 'toml',
      filePath: '/p/pyproject.toml',
      code: '[project]\nname = "x"\ndependencies = ["torch"\n[tool.x]\n',
      findings: [{ line: 4, messageIncludes: 'not valid TOML' }],
    },
  ],
});
