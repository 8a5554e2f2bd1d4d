import rule from '../../../rules/container/world-writable-permissions';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: '755', language: d, code: 'FROM debian:12\nRUN chmod -R 755 /app\n' },
    { name: 'u+x', language: d, code: 'FROM debian:12\nRUN chmod u+x /entry.sh && chmod +x run.sh\n' },
    { name: 'echo of chmod 777', language: d, code: 'FROM debian:12\nRUN echo "chmod 777 /app"\n' },
    { name: 'sticky temp directory', language: d, code: 'FROM debian:12\nRUN mkdir -p /scratch && chmod 1777 /scratch && chmod a+rwxt /tmp2\n' },
    { name: 'COPY --chmod=755', language: d, code: 'FROM debian:12\nCOPY --chmod=755 run.sh /\n' },
  ],
  invalid: [
    {
      name: 'chmod -R 777',
      language: d,
      code: 'FROM debian:12\nRUN chmod -R 777 /app /models\n',
      findings: [{ line: 2, text: '777' }],
      output: 'FROM debian:12\nRUN chmod -R 755 /app /models\n',
    },
    {
      name: 'continuation and 0666, o+w',
      language: d,
      code: 'FROM debian:12\nRUN mkdir /cache && \\\n    chmod 0666 /cache/x && chmod o+w /cache\n',
      findings: [{ line: 3, text: '0666' }, { line: 3, text: 'o+w' }],
      output: 'FROM debian:12\nRUN mkdir /cache && \\\n    chmod 0644 /cache/x && chmod o+w /cache\n',
    },
    {
      name: 'heredoc in a multi-stage build',
      language: d,
      code: 'FROM python:3.12 AS build\nRUN <<EOF\nchmod a+rwx /srv\nEOF\nFROM python:3.12-slim\n',
      findings: [{ line: 3 }],
    },
    {
      name: 'COPY --chmod=777',
      language: d,
      code: 'FROM debian:12\nCOPY --chmod=777 models/ /models/\n',
      findings: [{ line: 2, text: '777' }],
      output: 'FROM debian:12\nCOPY --chmod=755 models/ /models/\n',
    },
  ],
});
