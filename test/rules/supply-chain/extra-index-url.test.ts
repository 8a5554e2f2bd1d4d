import rule from '../../../rules/supply-chain/extra-index-url';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [{ name: 'single index', language: 'pip-requirements', code: '--index-url https://pypi.internal/simple\ntorch==2.3.1\n' }],
  invalid: [
    {
      name: 'extra index, also with = and a token in the URL',
      language: 'pip-requirements',
      code: 'torch==2.3.1\n--extra-index-url https://download.pytorch.org/whl/cu121\n--extra-index-url=https://__token__:pypi-AgEIcHlwaS5vcmcCJGI@gitlab.example/simple\n',
      findings: [
        { line: 2, text: '--extra-index-url https://download.pytorch.org/whl/cu121', messageIncludes: 'dependency confusion' },
        { line: 3, messageIncludes: '__token__:pypi…GI@' },
      ],
    },
  ],
});
