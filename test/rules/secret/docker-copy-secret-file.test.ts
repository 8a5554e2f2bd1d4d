import rule from '../../../rules/secret/docker-copy-secret-file';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: 'example env file and code', language: d, code: 'FROM python:3.12\nCOPY .env.example /app/\nCOPY app/ /app/\n' },
    { name: 'copy from a build stage', language: d, code: 'FROM debian:12 AS certs\nFROM debian:12\nCOPY --from=certs /etc/ssl/certs/ca.pem /etc/ssl/certs/\n' },
    { name: 'secret mount', language: d, code: 'FROM python:3.12\nRUN --mount=type=secret,id=env,target=/app/.env python prep.py\n' },
    { name: 'heredoc COPY', language: d, code: 'FROM debian:12\nCOPY <<EOF /app/.env\nMODE=prod\nEOF\n' },
  ],
  invalid: [
    { name: '.env', language: d, code: 'FROM python:3.12\nCOPY .env /app/.env\n', findings: [{ line: 2, text: '.env', messageIncludes: 'environment file' }] },
    {
      name: 'ssh key and pem, multi-stage, continuation',
      language: d,
      code: 'FROM python:3.12 AS build\nCOPY id_rsa \\\n     /root/.ssh/id_rsa\nFROM python:3.12-slim\nADD certs/server.pem certs/server.key /etc/tls/\n',
      findings: [{ line: 2 }, { line: 5, text: 'certs/server.pem' }, { line: 5, text: 'certs/server.key' }],
    },
    {
      name: 'credentials via ARG and exec form',
      language: d,
      code: 'FROM python:3.12\nARG CREDS=.aws/credentials\nCOPY ["${CREDS}", "/root/.aws/credentials"]\nCOPY .env.production /app/\n',
      findings: [{ line: 3 }, { line: 4 }],
    },
    { name: 'escape directive', language: d, code: '# escape=`\nFROM debian:12\nCOPY `\n  .npmrc /root/\n', findings: [{ line: 4 }] },
  ],
});
