import rule from '../../../rules/container/root-user';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'non-root user', language: 'dockerfile', code: 'FROM python:3.12-slim\nUSER app\nCMD ["python"]\n' },
    {
      name: 'root only in a build stage',
      language: 'dockerfile',
      code: 'FROM node:22 AS build\nUSER root\nRUN npm ci\nFROM node:22-slim\nUSER node\nCMD ["node", "server.js"]\n',
    },
    { name: 'root then non-root', language: 'dockerfile', code: 'FROM python:3.12\nUSER root\nRUN apt-get update\nUSER 10001\n' },
  ],
  invalid: [
    {
      name: 'no USER at all',
      language: 'dockerfile',
      code: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/serve.py"]\n',
      findings: [{ line: 1, messageIncludes: 'no USER' }],
      output:
        'FROM python:3.12-slim\nCOPY . /app\nRUN useradd --create-home --uid 10001 appuser\nUSER appuser\nCMD ["python", "/app/serve.py"]\n',
    },
    {
      name: 'last USER is root:root, alpine base',
      language: 'dockerfile',
      code: 'FROM alpine:3.20\nUSER app\nRUN echo hi\nUSER root:root\n',
      findings: [{ line: 4, messageIncludes: 'root:root' }],
      output: 'FROM alpine:3.20\nUSER app\nRUN echo hi\nRUN addgroup -S appuser && adduser -S -G appuser -u 10001 appuser\nUSER appuser\n',
    },
    {
      name: 'final stage without USER after a non-root build stage',
      language: 'dockerfile',
      code: 'FROM python:3.12 AS build\nUSER app\nFROM gcr.io/distroless/python3\nCOPY --from=build /app /app',
      findings: [{ line: 3 }],
      output: 'FROM python:3.12 AS build\nUSER app\nFROM gcr.io/distroless/python3\nCOPY --from=build /app /app\nUSER 10001',
    },
  ],
});
