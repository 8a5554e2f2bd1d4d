import rule from '../../../rules/endpoint/pip-trusted-host';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'https index', language: 'pip-requirements', code: '--index-url https://pypi.org/simple\ntorch==2.3.1\n' },
    { name: 'trusted host only in a comment', language: 'pip-requirements', code: '# --trusted-host example.com\ntorch==2.3.1\n' },
  ],
  invalid: [
    {
      name: 'trusted host on its own line',
      language: 'pip-requirements',
      code: '--index-url https://pypi.internal/simple\n--trusted-host pypi.internal\ntorch==2.3.1\n',
      findings: [{ line: 2, text: '--trusted-host pypi.internal', messageIncludes: 'pypi.internal' }],
      output: '--index-url https://pypi.internal/simple\ntorch==2.3.1\n',
    },
    {
      name: 'plain http index with credentials, masked',
      language: 'pip-requirements',
      code: '-i http://deploy:s3cr3t-t0ken-abcdef123@pypi.internal/simple --trusted-host pypi.internal\n',
      findings: [
        { line: 1, text: 'http://deploy:s3cr3t-t0ken-abcdef123@pypi.internal/simple', messageIncludes: 'deploy:s3cr…23@' },
        { line: 1, text: '--trusted-host pypi.internal' },
      ],
    },
    {
      name: 'http find-links, fixed to https',
      language: 'pip-requirements',
      code: '--find-links http://wheels.internal/torch\ntorch==2.3.1\n',
      findings: [{ line: 1, text: 'http://wheels.internal/torch', messageIncludes: 'plain HTTP' }],
      output: '--find-links https://wheels.internal/torch\ntorch==2.3.1\n',
    },
  ],
});
