import rule from '../../../rules/supply-chain/docker-unpinned-install';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
const sha = 'a'.repeat(40);
runRuleTests(rule, {
  valid: [
    { name: 'pinned pip and requirements file', language: d, code: 'FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt torch==2.5.1 "transformers[torch]==4.46.3"\n' },
    { name: 'pip bootstrap and local project', language: d, code: 'FROM python:3.12\nRUN pip install --upgrade pip setuptools wheel && pip install -e . && pip install ./dist/app-1.0-py3-none-any.whl\n' },
    { name: 'git with a commit', language: d, code: `FROM python:3.12\nRUN pip install git+https://github.com/org/lib@${sha}\n` },
    { name: 'npm ci and pinned globals', language: d, code: 'FROM node:22\nRUN npm ci && npm install -g serve@14.2.4 @scope/cli@1.0.0\n' },
    { name: 'pinned apt and apk', language: d, code: 'FROM debian:12\nRUN apt-get install -y curl=7.88.1-10 && apk add --no-cache --virtual .deps git=2.45.2-r0 py3-pip~24.0\n' },
    { name: 'echo of pip install', language: d, code: 'FROM python:3.12\nRUN echo pip install torch\n' },
    { name: 'version from an ARG', language: d, code: 'FROM python:3.12\nARG TORCH=2.5.1\nRUN pip install torch==${TORCH}\n' },
  ],
  invalid: [
    {
      name: 'pip without versions across a continuation',
      language: d,
      code: 'FROM python:3.12\nRUN pip install --no-cache-dir \\\n      torch \\\n      "vllm>=0.6"\n',
      findings: [{ line: 3, text: 'torch' }, { line: 4, text: '"vllm>=0.6"' }],
    },
    {
      name: 'python -m pip and git without commit, heredoc',
      language: d,
      code: 'FROM python:3.12\nRUN <<EOF\npython3 -m pip install accelerate\npip install git+https://github.com/org/lib@main\nEOF\n',
      findings: [{ line: 3 }, { line: 4, messageIncludes: 'commit' }],
    },
    {
      name: 'bare npm install gets npm ci',
      language: d,
      code: 'FROM node:22 AS build\nRUN npm install\nFROM node:22-slim\nRUN yarn add left-pad@^1.3.0\n',
      findings: [{ line: 2, messageIncludes: 'npm ci' }, { line: 4, messageIncludes: 'left-pad' }],
      output: 'FROM node:22 AS build\nRUN npm ci\nFROM node:22-slim\nRUN yarn add left-pad@^1.3.0\n',
    },
    {
      name: 'apt and apk as info',
      language: d,
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl git=1:2.39.5-0\nRUN apk add --no-cache bash\n',
      findings: [{ line: 2, text: 'curl', severity: 'info' }, { line: 3, text: 'bash', severity: 'info' }],
    },
    {
      name: 'conda',
      language: d,
      code: 'FROM continuumio/miniconda3:24.9.2-0\nRUN conda install -y -c conda-forge numpy=2.1.3 pytorch::pytorch=2.5.1 faiss-cpu\n',
      findings: [{ line: 2, text: 'faiss-cpu' }],
    },
    {
      name: 'hashes required by option',
      language: d,
      code: 'FROM python:3.12\nRUN pip install torch==2.5.1\n',
      config: { ruleOptions: { 'supply-chain/docker-unpinned-install': { requireHashes: true } } },
      findings: [{ line: 2, messageIncludes: '--require-hashes' }],
    },
    {
      name: 'escape directive and exec form',
      language: d,
      code: '# escape=`\nFROM python:3.12\nRUN pip install `\n  numpy\nRUN ["pip", "install", "scipy"]\n',
      findings: [{ line: 4 }, { line: 5, text: '"scipy"' }],
    },
  ],
});
