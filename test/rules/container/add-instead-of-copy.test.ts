import rule from '../../../rules/container/add-instead-of-copy';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: 'archive', language: d, code: 'FROM debian:12\nADD rootfs.tar.xz /\n' },
    { name: 'URL', language: d, code: 'FROM debian:12\nADD https://x/a.bin /a.bin\n' },
    { name: 'COPY', language: d, code: 'FROM debian:12\nCOPY app/ /srv/app/\n' },
    { name: 'source from a build argument without default', language: d, code: 'FROM debian:12\nARG SRC\nADD $SRC /x\n' },
  ],
  invalid: [
    {
      name: 'local directory',
      language: d,
      code: 'FROM debian:12\nADD --chown=app:app app/ /srv/app/\n',
      findings: [{ line: 2, text: 'ADD' }],
      output: 'FROM debian:12\nCOPY --chown=app:app app/ /srv/app/\n',
    },
    {
      name: 'exec form in a multi-stage build',
      language: d,
      code: 'FROM python:3.12 AS build\nADD ["requirements.txt", "/r.txt"]\nFROM python:3.12-slim\nADD serve.py /app/\n',
      findings: [{ line: 2 }, { line: 4 }],
      output: 'FROM python:3.12 AS build\nCOPY ["requirements.txt", "/r.txt"]\nFROM python:3.12-slim\nCOPY serve.py /app/\n',
    },
    {
      name: 'ADD-only flag: no fix',
      language: d,
      code: 'FROM debian:12\nADD --unpack=false config.yaml /etc/\n',
      findings: [{ line: 2 }],
    },
    {
      name: 'escape directive with continuation',
      language: d,
      code: '# escape=`\nFROM debian:12\nADD config.yaml `\n  /etc/app/\n',
      findings: [{ line: 3 }],
      output: '# escape=`\nFROM debian:12\nCOPY config.yaml `\n  /etc/app/\n',
    },
  ],
});
