import rule from '../../../rules/container/compose-privileged';
import { runRuleTests } from '../../support/rule-tester';

const c = 'dockercompose';
const filePath = 'compose.yaml';
runRuleTests(rule, {
  valid: [
    { name: 'not privileged', language: c, filePath, code: 'services:\n  api:\n    image: org/api:1\n    privileged: false\n    cap_add: [NET_BIND_SERVICE]\n' },
    { name: 'privileged outside services', language: c, filePath, code: 'x-notes:\n  privileged: true\nservices:\n  api:\n    image: org/api:1\n' },
  ],
  invalid: [
    {
      name: 'privileged: true',
      language: c,
      filePath,
      code: 'services:\n  llm:\n    image: vllm/vllm-openai:v0.6.4\n    privileged: true\n',
      findings: [{ line: 4, text: 'true', messageIncludes: '"llm"' }],
      output: 'services:\n  llm:\n    image: vllm/vllm-openai:v0.6.4\n    privileged: false\n',
    },
    {
      name: 'cap_add ALL and seccomp unconfined, flow and block sequences',
      language: c,
      filePath: 'docker-compose.gpu.yml',
      code: 'services:\n  a:\n    cap_add: [ "SYS_ADMIN" ]\n    security_opt:\n      - seccomp:unconfined\n  b: {privileged: yes}\n',
      findings: [{ line: 3, text: '"SYS_ADMIN"' }, { line: 5 }, { line: 6, text: 'yes' }],
    },
  ],
});
