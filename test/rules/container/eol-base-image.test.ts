import rule from '../../../rules/container/eol-base-image';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
/** The table's own date, so the verdicts do not change as the calendar moves on. */
const config = { ruleOptions: { 'container/eol-base-image': { asOf: '2026-11-25' } } };
runRuleTests(rule, {
  valid: [
    { name: 'supported python', language: d, config, code: 'FROM python:3.12-slim-bookworm\n' },
    { name: 'supported node on alpine', language: d, config, code: 'FROM node:22-alpine3.22\n' },
    { name: 'ubuntu 24.04', language: d, config, code: 'FROM ubuntu:24.04\n' },
    { name: 'cuda on ubuntu 22.04', language: d, config, code: 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\n' },
    { name: 'stage reference and scratch', language: d, config, code: 'FROM python:3.12 AS build\nFROM build\nFROM scratch\n' },
    { name: 'build argument without default', language: d, config, code: 'ARG BASE\nFROM ${BASE}\n' },
    { name: 'python 3 floating tag', language: d, config, code: 'FROM python:3-slim\n' },
  ],
  invalid: [
    {
      name: 'python 3.9 on buster',
      language: d,
      config,
      code: 'FROM python:3.9-slim-buster\nCMD ["python"]\n',
      findings: [{ line: 1, messageIncludes: ['Python 3.9', 'Debian 10 (buster)'], text: 'python:3.9-slim-buster' }],
      output: 'FROM python:3.12-slim-bookworm\nCMD ["python"]\n',
    },
    {
      name: 'supported python on bullseye only moves the distribution',
      language: d,
      config,
      code: 'FROM python:3.12-bullseye AS build\n',
      findings: [{ line: 1, messageIncludes: 'bullseye' }],
      output: 'FROM python:3.12-bookworm AS build\n',
    },
    {
      name: 'node 18 alpine with an old branch, multi-stage',
      language: d,
      config,
      code: 'FROM node:18-alpine3.16 AS build\nRUN npm ci\nFROM node:20.11.1-slim\nCOPY --from=build /app /app\n',
      findings: [{ line: 1, messageIncludes: ['Node.js 18', 'Alpine 3.16'] }, { line: 3, messageIncludes: 'Node.js 20' }],
      output: 'FROM node:22-alpine3.22 AS build\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\n',
    },
    {
      name: 'ubuntu 20.04 and bionic',
      language: d,
      config,
      code: 'FROM ubuntu:20.04\nFROM ubuntu:bionic\n',
      findings: [{ line: 1, messageIncludes: '20.04' }, { line: 2, messageIncludes: 'bionic' }],
      output: 'FROM ubuntu:24.04\nFROM ubuntu:noble\n',
    },
    {
      name: 'cuda on ubuntu 20.04',
      language: d,
      config,
      code: 'FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu20.04\n',
      findings: [{ line: 1, messageIncludes: 'CUDA' }],
      output: 'FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04\n',
    },
    {
      name: 'old cuda on ubuntu 18.04 has no same-family replacement',
      language: d,
      config,
      code: 'FROM nvidia/cuda:10.2-base-ubuntu18.04\n',
      findings: [{ line: 1 }],
    },
    {
      name: 'debian 10 and alpine 3.18',
      language: d,
      config,
      code: 'FROM debian:10-slim\nFROM alpine:3.18.4\n',
      findings: [{ line: 1 }, { line: 2 }],
      output: 'FROM debian:12-slim\nFROM alpine:3.22\n',
    },
    {
      name: 'image from an ARG default is fixed in the ARG',
      language: d,
      config,
      code: 'ARG BASE_IMAGE=python:3.8-slim\nFROM ${BASE_IMAGE}\n',
      findings: [{ line: 2, messageIncludes: 'ARG BASE_IMAGE' }],
      output: 'ARG BASE_IMAGE=python:3.12-slim\nFROM ${BASE_IMAGE}\n',
    },
    {
      name: 'escape directive and line continuation in FROM',
      language: d,
      config,
      code: '# escape=`\nFROM --platform=linux/amd64 `\n  python:3.7 AS app\n',
      findings: [{ line: 3 }],
      output: '# escape=`\nFROM --platform=linux/amd64 `\n  python:3.12 AS app\n',
    },
    {
      name: 'official image through a registry prefix or mirror',
      language: d,
      config,
      code: 'FROM docker.io/library/node:16\nFROM public.ecr.aws/docker/library/debian:buster-slim\n',
      findings: [{ line: 1 }, { line: 2 }],
      output: 'FROM docker.io/library/node:22\nFROM public.ecr.aws/docker/library/debian:bookworm-slim\n',
    },
    {
      name: 'the date decides: Node.js 20 was supported before April 2026',
      language: d,
      config: { ruleOptions: { 'container/eol-base-image': { asOf: '2026-01-10' } } },
      code: 'FROM node:20-slim\nFROM python:3.10\nFROM node:18\n',
      findings: [{ line: 3 }],
    },
    { name: 'centos', language: d, config, code: 'FROM centos:7\n', findings: [{ line: 1, messageIncludes: 'rockylinux' }] },
  ],
});
