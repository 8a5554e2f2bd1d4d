import rule from '../../../rules/secret/docker-compose-secret';
import { runRuleTests } from '../../support/rule-tester';

function letters(count: number, seed: number): string {
  const alphabet = 'QwErTyUiOpAsDfGhJkLzXcVbNmqWeRtYuIoPaSdFgHjKlZxCvBnM';
  let out = '';
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += alphabet[state % alphabet.length];
  }
  return out;
}
const hf = `hf_${letters(34, 11)}`;
const c = 'dockercompose';
const filePath = 'compose.yaml';

runRuleTests(rule, {
  valid: [
    { name: 'interpolated', language: c, filePath, code: 'services:\n  api:\n    environment:\n      HF_TOKEN: ${HF_TOKEN}\n      LOG_LEVEL: info\n' },
    { name: 'pass-through and plain settings', language: c, filePath, code: 'services:\n  api:\n    environment:\n      - HF_TOKEN\n      - MODEL=meta-llama/Llama-3.1-8B\n' },
  ],
  invalid: [
    {
      name: 'mapping form, masked',
      language: c,
      filePath,
      code: `services:\n  api:\n    environment:\n      HF_TOKEN: ${hf}\n`,
      findings: [{ line: 4, text: hf, messageIncludes: `"${hf.slice(0, 4)}…` }],
      output: 'services:\n  api:\n    environment:\n      HF_TOKEN: ${HF_TOKEN}\n',
    },
    {
      name: 'list form and build args',
      language: c,
      filePath,
      code: `services:\n  api:\n    build:\n      context: .\n      args:\n        HUGGING_FACE_HUB_TOKEN: "${hf}"\n    environment:\n      - HF_TOKEN=${hf}\n`,
      findings: [{ line: 6, messageIncludes: 'build.args' }, { line: 8 }],
      output: 'services:\n  api:\n    build:\n      context: .\n      args:\n        HUGGING_FACE_HUB_TOKEN: ${HUGGING_FACE_HUB_TOKEN}\n    environment:\n      - HF_TOKEN\n',
    },
  ],
});
