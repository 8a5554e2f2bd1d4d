import rule from '../../../rules/container/remote-script-execution';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: 'echo curl | sh is not a download', language: d, code: 'FROM debian:12\nRUN echo curl | sh\n' },
    { name: 'download, verify, run', language: d, code: 'FROM debian:12\nRUN curl -fsSL -o /tmp/i.sh https://x/i.sh && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh\n' },
    { name: 'download data, run another script', language: d, code: 'FROM debian:12\nRUN curl -o /data.json https://x/d.json && sh ./prepare.sh\n' },
    { name: 'curl | tar', language: d, code: 'FROM debian:12\nRUN curl -fsSL https://x/a.tgz | tar xz\n' },
    { name: 'curl piped into python -c with data', language: d, code: 'FROM debian:12\nRUN curl -s https://x/v.json | python3 -c "import sys,json; print(json.load(sys.stdin))"\n' },
    { name: 'in a comment line of a continuation', language: d, code: 'FROM debian:12\nRUN true && \\\n  # curl https://x | sh\n  true\n' },
  ],
  invalid: [
    {
      name: 'curl | sh',
      language: d,
      code: 'FROM debian:12\nRUN curl -fsSL https://get.example.com | sh\n',
      findings: [{ line: 2, column: 5, text: 'curl -fsSL https://get.example.com | sh' }],
    },
    {
      name: 'wget -O- | bash -s across a continuation',
      language: d,
      code: 'FROM debian:12\nRUN apt-get update && \\\n    wget -qO- https://x/install \\\n      | sudo bash -s -- --yes\n',
      findings: [{ line: 3, endLine: 4 }],
    },
    { name: 'curl | python3', language: d, code: 'FROM python:3.12\nRUN curl -sSL https://install.python-poetry.org | python3 -\n', findings: [{ line: 2 }] },
    { name: 'sh -c "$(curl ...)"', language: d, code: 'FROM debian:12\nRUN sh -c "$(curl -fsSL https://x/install.sh)"\n', findings: [{ line: 2 }] },
    { name: 'bash <(curl ...) in a heredoc', language: d, code: 'FROM debian:12\nRUN <<EOF\nset -e\nbash <(curl -fsSL https://x)\nEOF\n', findings: [{ line: 4 }] },
    { name: 'exec form sh -c', language: d, code: 'FROM debian:12\nRUN ["/bin/sh", "-c", "curl https://x | sh"]\n', findings: [{ line: 2 }] },
    {
      name: 'downloaded to a file and run in the same RUN',
      language: d,
      code: 'FROM debian:12\nRUN curl -fsSL -o /tmp/install.sh https://x/install.sh && \\\n    bash /tmp/install.sh --yes\n',
      findings: [{ line: 3, messageIncludes: '/tmp/install.sh' }],
    },
    {
      name: 'wget into the working directory, run from a later RUN',
      language: d,
      code: 'FROM debian:12\nWORKDIR /tmp\nRUN wget https://x/get-tool.sh?v=2\nRUN chmod +x get-tool.sh && ./get-tool.sh\n',
      findings: [{ line: 4, text: './get-tool.sh' }],
    },
    {
      name: 'escape directive, multi-stage',
      language: d,
      code: '# escape=`\nFROM debian:12 AS tools\nRUN curl https://x `\n    | bash\nFROM debian:12\n',
      findings: [{ line: 3 }],
    },
  ],
});
