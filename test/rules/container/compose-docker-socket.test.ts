import rule from '../../../rules/container/compose-docker-socket';
import { runRuleTests } from '../../support/rule-tester';

const c = 'dockercompose';
const filePath = 'docker-compose.yml';
runRuleTests(rule, {
  valid: [
    { name: 'data volumes', language: c, filePath, code: 'services:\n  api:\n    volumes:\n      - ./models:/models:ro\n      - cache:/root/.cache\n' },
  ],
  invalid: [
    {
      name: 'short syntax, read-only does not help',
      language: c,
      filePath,
      code: 'services:\n  agent:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n',
      findings: [{ line: 4, messageIncludes: ':ro' }],
    },
    {
      name: 'long syntax and flow sequence',
      language: c,
      filePath,
      code: 'services:\n  a:\n    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /var/run/docker.sock\n  b:\n    volumes: ["/run/containerd/containerd.sock:/c.sock"]\n',
      findings: [{ line: 4 }, { line: 8 }],
    },
  ],
});
