import rule from '../../../rules/supply-chain/unpinned-base-image';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
const digest = 'sha256:' + 'a'.repeat(64);
runRuleTests(rule, {
  valid: [
    { name: 'exact tag', language: d, code: 'FROM python:3.12.7-slim\n' },
    { name: 'tags that only start like a channel word', language: d, code: 'FROM org/app:devel-2.1\nFROM org/model:mainline\n' },
    { name: 'digest', language: d, code: `FROM python@${digest}\n` },
    { name: 'tag and digest', language: d, code: `FROM python:latest@${digest}\n` },
    { name: 'stage reference and scratch', language: d, code: 'FROM python:3.12 AS build\nFROM build AS final\nFROM scratch\n' },
    { name: 'ARG default with a tag', language: d, code: 'ARG PY=3.12\nFROM python:${PY}-slim\n' },
    { name: 'ARG without a default is unknown', language: d, code: 'ARG IMAGE\nFROM $IMAGE\n' },
    { name: 'compose: pinned image, built service, interpolated tag', language: 'dockercompose', filePath: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.4\n  api:\n    build: .\n    image: org/api\n  llm:\n    image: vllm/vllm-openai:${VLLM_TAG}\n' },
    { name: 'registry with a port and a tag', language: d, code: 'FROM localhost:5000/team/model-server:1.4.2\n' },
  ],
  invalid: [
    { name: 'no tag', language: d, code: 'FROM python\n', findings: [{ line: 1, messageIncludes: 'no tag', text: 'python' }] },
    { name: 'latest', language: d, code: 'FROM pytorch/pytorch:latest AS train\n', findings: [{ line: 1, messageIncludes: '"latest"' }] },
    { name: 'channel tags', language: d, code: 'FROM node:lts-slim\nFROM tensorflow/tensorflow:latest-gpu\nFROM ubuntu:rolling\n', findings: [{ line: 1, messageIncludes: '"lts-slim"' }, { line: 2 }, { line: 3 }] },
    { name: 'registry port without a tag', language: d, code: 'FROM localhost:5000/model-server\n', findings: [{ line: 1 }] },
    {
      name: 'ARG-driven latest, multi-stage',
      language: d,
      code: 'ARG BASE=nvidia/cuda:latest\nFROM ${BASE} AS build\nFROM python:3.12-slim\nCOPY --from=build /x /x\n',
      findings: [{ line: 2, messageIncludes: 'ARG BASE' }],
    },
    {
      name: 'tag only under requireDigest',
      language: d,
      code: 'FROM python:3.12-slim\n',
      config: { ruleOptions: { 'supply-chain/unpinned-base-image': { requireDigest: true } } },
      findings: [{ line: 1, severity: 'info', messageIncludes: 'digest' }],
    },
    {
      name: 'compose: latest and no tag',
      language: 'dockercompose',
      filePath: 'docker-compose.yml',
      code: 'services:\n  ollama:\n    image: ollama/ollama:latest\n  redis:\n    image: "redis"\n',
      findings: [{ line: 3, text: 'ollama/ollama:latest' }, { line: 5, text: '"redis"' }],
    },
    {
      name: 'escape directive with continuation',
      language: d,
      code: '# escape=`\nFROM `\n  ubuntu\n',
      findings: [{ line: 3 }],
    },
  ],
});
