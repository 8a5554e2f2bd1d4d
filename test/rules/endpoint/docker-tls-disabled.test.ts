import rule from '../../../rules/endpoint/docker-tls-disabled';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: 'plain downloads', language: d, code: 'FROM debian:12\nRUN curl -fsSL https://x -o /x && wget -q https://y\n' },
    { name: 'TLS variables set to verify', language: d, code: 'FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 GIT_SSL_NO_VERIFY=false\n' },
    { name: 'words in an echo', language: d, code: 'FROM debian:12\nRUN echo curl -k --trusted-host\n' },
    { name: 'strict-ssl true', language: d, code: 'FROM node:22\nRUN npm config set strict-ssl true\n' },
  ],
  invalid: [
    {
      name: 'curl -k and --insecure',
      language: d,
      code: 'FROM debian:12\nRUN curl -k https://x -o /a && curl --insecure -o /b https://y\n',
      findings: [{ line: 2, text: '-k' }, { line: 2, text: '--insecure' }],
      output: 'FROM debian:12\nRUN curl https://x -o /a && curl -o /b https://y\n',
    },
    {
      name: 'bundled -fsSLk: reported, no fix',
      language: d,
      code: 'FROM debian:12\nRUN curl -fsSLk https://x | tar xz\n',
      findings: [{ line: 2, text: '-fsSLk' }],
    },
    {
      name: 'wget in a continuation, pip --trusted-host in a heredoc',
      language: d,
      code: 'FROM python:3.12\nRUN apt-get update && \\\n    wget --no-check-certificate https://x\nRUN <<EOF\npip install --trusted-host pypi.corp torch\nEOF\n',
      findings: [{ line: 3 }, { line: 5, text: '--trusted-host' }],
      output: 'FROM python:3.12\nRUN apt-get update && \\\n    wget https://x\nRUN <<EOF\npip install --trusted-host pypi.corp torch\nEOF\n',
    },
    {
      name: 'ENV, ARG and RUN assignments',
      language: d,
      code: 'FROM node:22 AS build\nARG PYTHONHTTPSVERIFY=0\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nRUN GIT_SSL_NO_VERIFY=1 git clone https://x && export PIP_TRUSTED_HOST=pypi.corp\nFROM node:22\n',
      findings: [{ line: 2, messageIncludes: 'ARG' }, { line: 3, messageIncludes: 'ENV keeps it on' }, { line: 4 }, { line: 4 }],
    },
    {
      name: 'npm, git and conda settings',
      language: d,
      code: 'FROM node:22\nRUN npm config set strict-ssl false\nRUN git -c http.sslVerify=false clone https://x\nRUN conda config --set ssl_verify false\n',
      findings: [{ line: 2 }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'package indexes over plain http',
      language: d,
      code: 'FROM python:3.12\nRUN pip install -i http://pypi.corp/simple torch==2.5.1 && pip install --extra-index-url=http://localhost:8080/simple x==1\nRUN npm config set registry http://npm.corp/\n',
      findings: [{ line: 2, text: '-i', messageIncludes: 'plain HTTP' }, { line: 3, text: 'http://npm.corp/' }],
    },
    {
      name: 'escape directive',
      language: d,
      code: '# escape=`\nFROM debian:12\nRUN curl `\n  --insecure https://x\n',
      findings: [{ line: 4 }],
    },
  ],
});
