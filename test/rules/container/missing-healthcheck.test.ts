import * as assert from 'node:assert/strict';
import rule from '../../../rules/container/missing-healthcheck';
import { analyze, defaultConfig, initEngine } from '../../../server/src/engine';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: 'has a healthcheck', language: d, code: 'FROM python:3.12\nEXPOSE 8000\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD ["uvicorn", "app:app"]\n' },
    { name: 'healthcheck inherited from a parent stage', language: d, code: 'FROM python:3.12 AS base\nHEALTHCHECK NONE\nFROM base\nEXPOSE 8000\n' },
    { name: 'batch job, not a server', language: d, code: 'FROM python:3.12\nENTRYPOINT ["bash", "train.sh"]\n' },
    { name: 'server only in a build stage', language: d, code: 'FROM node:22 AS build\nEXPOSE 3000\nFROM nginx:1.27\nCOPY --from=build /dist /usr/share/nginx/html\nHEALTHCHECK CMD wget -qO- localhost || exit 1\n' },
  ],
  invalid: [
    {
      name: 'uvicorn with EXPOSE',
      language: d,
      code: 'FROM python:3.12-slim\nEXPOSE 8080\nCMD ["uvicorn", "app:app", "--port", "8080"]\n',
      findings: [{ line: 1, severity: 'info', messageIncludes: 'uvicorn' }],
      output: 'FROM python:3.12-slim\nEXPOSE 8080\nHEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://localhost:8080/health || exit 1\nCMD ["uvicorn", "app:app", "--port", "8080"]\n',
    },
    {
      name: 'shell-form vllm with continuation, multi-stage',
      language: d,
      code: 'FROM python:3.12 AS build\nRUN true\nFROM vllm/vllm-openai:v0.6.4\nCMD vllm serve \\\n  meta-llama/Llama-3.1-8B\n',
      findings: [{ line: 3, messageIncludes: 'vllm' }],
    },
    {
      name: 'EXPOSE from an ARG, no CMD',
      language: d,
      code: 'FROM python:3.12\nARG PORT=9000\nEXPOSE ${PORT}',
      findings: [{ line: 1, messageIncludes: 'port 9000' }],
      output: 'FROM python:3.12\nARG PORT=9000\nEXPOSE ${PORT}\nHEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://localhost:9000/health || exit 1',
    },
  ],
});

describe('container/missing-healthcheck default', () => {
  before(() => initEngine());
  it('is off unless configured', () => {
    const result = analyze('FROM python:3.12\nEXPOSE 8000\n', 'dockerfile', { rules: [rule], config: defaultConfig() });
    assert.deepEqual(result.findings, []);
  });
});
