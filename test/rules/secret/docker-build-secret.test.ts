import rule from '../../../rules/secret/docker-build-secret';
import { runRuleTests } from '../../support/rule-tester';

/** A deterministic letter sequence that looks random to the detector (no runs, no alphabet sequences). */
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
const hf = `hf_${letters(34, 7)}`;
const password = `Zq8${letters(10, 3)}!4`;
const d = 'dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'build secret mount', language: d, code: 'FROM python:3.12\nRUN --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli login --token $HF_TOKEN\n' },
    { name: 'password from stdin', language: d, code: 'FROM docker:27\nRUN echo "$PW" | docker login --password-stdin -u me registry\n' },
    { name: 'echo of a secret variable to stdout', language: d, code: 'FROM debian:12\nRUN echo $HF_TOKEN\n' },
    { name: 'docker run -p publishes a port', language: d, code: 'FROM docker:27\nRUN docker run -d -p 127.0.0.1:5432:5432/tcp postgres:16.4\n' },
    {
      name: 'secret written to a file and removed in the same RUN',
      language: d,
      code: 'FROM node:22\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN \\\n    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci && rm ~/.npmrc\n',
    },
    { name: 'plain labels', language: d, code: 'FROM debian:12\nLABEL org.opencontainers.image.source="https://github.com/org/repo" maintainer=me\n' },
    { name: 'placeholder token', language: d, code: 'FROM debian:12\nRUN huggingface-cli login --token "<your token here>"\n' },
  ],
  invalid: [
    {
      name: 'huggingface-cli login --token, masked',
      language: d,
      code: `FROM python:3.12\nRUN pip install huggingface_hub && \\\n    huggingface-cli login --token ${hf}\n`,
      findings: [{ line: 3, messageIncludes: ['--mount=type=secret', `"${hf.slice(0, 4)}…`], text: hf }],
    },
    {
      name: 'docker login -p and --password=, mysql -p attached',
      language: d,
      code: `FROM docker:27\nRUN docker login -u ci -p ${password} registry.io\nRUN tool --password=${password}\nRUN mysql -p${password} -e 'select 1'\n`,
      findings: [{ line: 2 }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'provider key anywhere in RUN, in a heredoc, and in an export',
      language: d,
      code: `FROM python:3.12 AS dl\nRUN <<EOF\npython download.py --hf ${hf}\nexport HF_TOKEN=${hf}\nEOF\nFROM python:3.12-slim\n`,
      findings: [{ line: 3 }, { line: 4 }],
    },
    {
      name: 'credentials in a URL',
      language: d,
      code: `FROM debian:12\nRUN git clone https://bot:${password}@github.com/org/private.git\n`,
      findings: [{ line: 2, messageIncludes: 'user:secret@host' }],
    },
    {
      name: 'secret variable written to a file',
      language: d,
      code: 'FROM python:3.12\nARG HF_TOKEN\nRUN mkdir -p ~/.cache/huggingface && echo "$HF_TOKEN" > ~/.cache/huggingface/token\nRUN rm ~/.cache/huggingface/token\n',
      findings: [{ line: 3, messageIncludes: 'image layer' }],
    },
    { name: 'LABEL with a key', language: d, code: `FROM debian:12\nLABEL hf_token="${hf}"\n`, findings: [{ line: 2, messageIncludes: 'LABEL hf_token' }] },
    {
      name: 'escape directive',
      language: d,
      code: `# escape=\`\nFROM debian:12\nRUN huggingface-cli login \`\n  --token ${hf}\n`,
      findings: [{ line: 4 }],
    },
  ],
});
