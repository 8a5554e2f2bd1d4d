import rule from '../../../rules/container/compose-host-namespaces';
import { runRuleTests } from '../../support/rule-tester';

const c = 'dockercompose';
const filePath = 'compose.yaml';
runRuleTests(rule, {
  valid: [
    { name: 'bridge network', language: c, filePath, code: 'services:\n  ollama:\n    network_mode: bridge\n    ports: ["127.0.0.1:11434:11434"]\n' },
    { name: 'service named host', language: c, filePath, code: 'services:\n  api:\n    network_mode: "service:host"\n' },
  ],
  invalid: [
    { name: 'network_mode: host', language: c, filePath, code: 'services:\n  ollama:\n    image: ollama/ollama:0.4.7\n    network_mode: host\n', findings: [{ line: 4, text: 'host' }] },
    {
      name: 'pid and ipc host, quoted',
      language: c,
      filePath,
      code: 'services:\n  monitor:\n    pid: "host"\n    ipc: host\n',
      findings: [{ line: 3, messageIncludes: 'pid' }, { line: 4, messageIncludes: 'ipc' }],
    },
  ],
});
