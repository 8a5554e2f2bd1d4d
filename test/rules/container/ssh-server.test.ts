import rule from '../../../rules/container/ssh-server';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: 'serving port', language: d, code: 'FROM python:3.12\nEXPOSE 8000 2222\n' },
    { name: 'ssh client only', language: d, code: 'FROM debian:12\nRUN apt-get install -y openssh-client git\n' },
    { name: 'package name in echo', language: d, code: 'FROM debian:12\nRUN echo openssh-server\n' },
  ],
  invalid: [
    {
      name: 'EXPOSE 22 and 22/tcp via ARG',
      language: d,
      code: 'FROM debian:12\nARG SSH_PORT=22\nEXPOSE 8000 22/tcp\nEXPOSE ${SSH_PORT}\n',
      findings: [{ line: 3, text: '22/tcp' }, { line: 4 }],
    },
    {
      name: 'openssh-server across a continuation and apk in a build stage',
      language: d,
      code: 'FROM alpine:3.22 AS dev\nRUN apk add --no-cache dropbear\nFROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends \\\n      curl openssh-server=1:9.2p1-2\n',
      findings: [{ line: 2, text: 'dropbear' }, { line: 6, text: 'openssh-server=1:9.2p1-2' }],
    },
    {
      name: 'sshd in CMD and a heredoc install',
      language: d,
      code: 'FROM debian:12\nRUN <<EOF\napt-get install -y openssh-server\nEOF\nCMD /usr/sbin/sshd -D\n',
      findings: [{ line: 3 }, { line: 5 }],
    },
    { name: 'escape directive', language: d, code: '# escape=`\nFROM debian:12\nRUN apt-get install -y `\n  openssh-server\n', findings: [{ line: 4 }] },
  ],
});
