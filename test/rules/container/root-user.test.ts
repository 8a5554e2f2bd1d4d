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
    {
      name: 'final stage inherits a non-root USER from its parent stage',
      language: 'dockerfile',
      code: 'FROM python:3.12 AS base\nRUN useradd app\nUSER app\nFROM base AS final\nCMD ["python", "serve.py"]\n',
    },
    { name: 'USER from an ARG default that is not root', language: 'dockerfile', code: 'FROM python:3.12\nARG APP_USER=svc\nUSER ${APP_USER}\n' },
    { name: 'USER from a build argument without a default is unknown', language: 'dockerfile', code: 'FROM python:3.12\nARG APP_USER\nUSER $APP_USER\n' },
    { name: 'distroless nonroot image', language: 'dockerfile', code: 'FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY app /app\n' },
    { name: 'images that default to a non-root user', language: 'dockerfile', code: 'FROM quay.io/jupyter/pytorch-notebook:2024-12-02\nFROM bitnami/python:3.12\nFROM nginxinc/nginx-unprivileged:1.27\n' },
    { name: 'uid 1000 is not root', language: 'dockerfile', code: 'FROM debian:12\nUSER 1000:0\n' },
    {
      name: 'heredoc and continuation before USER',
      language: 'dockerfile',
      code: 'FROM debian:12\nRUN <<EOF\nuseradd app\nEOF\nRUN apt-get update && \\\n    apt-get install -y curl\nUSER app\n',
    },
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
    {
      name: 'USER 0',
      language: 'dockerfile',
      code: 'FROM debian:12\nUSER 0\nCMD ["bash"]\n',
      findings: [{ line: 2, messageIncludes: '"0"' }],
      output: 'FROM debian:12\nRUN useradd --create-home --uid 10001 appuser\nUSER appuser\nCMD ["bash"]\n',
    },
    {
      name: 'USER resolved through an ARG default',
      language: 'dockerfile',
      code: 'FROM debian:12\nARG RUN_AS=root\nUSER ${RUN_AS}\n',
      findings: [{ line: 3, messageIncludes: 'resolves to "root"' }],
    },
    {
      name: 'USER resolved through an ENV value',
      language: 'dockerfile',
      code: 'FROM debian:12\nENV SVC_USER=0\nUSER $SVC_USER:0\n',
      findings: [{ line: 3 }],
    },
    {
      name: 'final stage inherits root from its parent stage',
      language: 'dockerfile',
      code: 'FROM python:3.12 AS base\nUSER root\nFROM base AS final\nCMD ["python"]\n',
      findings: [{ line: 3, messageIncludes: 'inherits root from the stage "base"' }],
      output: 'FROM python:3.12 AS base\nUSER root\nFROM base AS final\nRUN useradd --create-home --uid 10001 appuser\nUSER appuser\nCMD ["python"]\n',
    },
    {
      name: 'a non-root build stage does not protect an unrelated final stage, escape directive',
      language: 'dockerfile',
      code: '# escape=`\nFROM python:3.12 AS build\nUSER app\nFROM python:3.12-slim\nRUN pip install a `\n    b\n',
      findings: [{ line: 4 }],
    },
    {
      name: 'an image that runs nothing (no CMD, ENTRYPOINT or EXPOSE) is a build step: info',
      language: 'dockerfile',
      code: 'FROM python:3.12-slim\nRUN pip install build==1.2.2\n',
      findings: [{ line: 1, severity: 'info' }],
    },
    {
      name: 'an export stage FROM scratch as the final stage: info',
      language: 'dockerfile',
      code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM scratch AS export\nCOPY --from=build /out/app /\n',
      findings: [{ line: 3, severity: 'info' }],
    },
    {
      name: 'a served image inherits its CMD from an earlier stage: a warning',
      language: 'dockerfile',
      code: 'FROM python:3.12-slim AS base\nCMD ["python", "serve.py"]\nFROM base\nCOPY . /app\n',
      findings: [{ line: 3, severity: 'warning' }],
    },
    {
      name: 'a bare shell as CMD is for working inside the image, not a service: info',
      language: 'dockerfile',
      code: 'FROM python:3.12\nRUN pip install pytest==8.3.3\nCMD ["/bin/bash"]\n',
      findings: [{ line: 1, severity: 'info' }],
    },
    {
      name: 'a final stage named as a development image: info, even with a CMD',
      language: 'dockerfile',
      code: 'FROM python:3.12 AS dev-image\nCMD ["python", "serve.py"]\n',
      findings: [{ line: 1, severity: 'info' }],
    },
    {
      name: 'a dev container is tooling: info',
      language: 'dockerfile',
      filePath: '.devcontainer/Dockerfile',
      code: 'FROM python:3.12\nCMD ["sleep", "infinity"]\n',
      findings: [{ line: 1, severity: 'info' }],
    },
  ],
});
