import rule from '../../../rules/secret/dockerfile-env-secret';
import { runRuleTests } from '../../support/rule-tester';
import { keys } from './_keys';

runRuleTests(rule, {
  valid: [
    { name: 'ARG without a value', language: 'dockerfile', code: 'FROM python:3.12\nARG HF_TOKEN\nENV APP_ENV=production\n' },
    { name: 'variable reference', language: 'dockerfile', code: 'FROM python:3.12\nARG OPENAI_API_KEY\nENV OPENAI_API_KEY=${OPENAI_API_KEY}\n' },
    { name: 'placeholders', language: 'dockerfile', code: 'FROM python:3.12\nENV OPENAI_API_KEY=sk-...\nENV API_TOKEN="<token>"\nENV DB_PASSWORD=changeme\n' },
    { name: 'empty values', language: 'dockerfile', code: 'FROM python:3.12\nENV HF_TOKEN=""\nARG API_KEY=\n' },
    { name: 'build secret mount', language: 'dockerfile', code: 'FROM python:3.12\nRUN --mount=type=secret,id=hf_token,env=HF_TOKEN python dl.py\n' },
    { name: 'non-secret names with random values', language: 'dockerfile', code: `FROM python:3.12\nENV GIT_SHA=${keys.wandb}\n` },
  ],
  invalid: [
    {
      name: 'provider key in ENV key=value',
      language: 'dockerfile',
      code: `FROM python:3.12-slim\nENV OPENAI_API_KEY=${keys.openaiProject}\n`,
      findings: [{ line: 2, column: 20, severity: 'error', messageIncludes: ['OpenAI project key', 'ENV OPENAI_API_KEY', 'RUN --mount=type=secret'], text: keys.openaiProject }],
    },
    {
      name: 'ARG default, quoted, and legacy ENV syntax; two properties on one line',
      language: 'dockerfile',
      code: `FROM python:3.12\nARG HF_TOKEN="${keys.huggingface}"\nENV GROQ_API_KEY ${keys.groq}\nENV A=1 ANTHROPIC_API_KEY=${keys.anthropic} B=${keys.google}\n`,
      findings: [
        { line: 2, messageIncludes: ['Hugging Face token', 'docker history'] },
        { line: 3, messageIncludes: 'Groq' },
        { line: 4, messageIncludes: 'Anthropic' },
        { line: 4, messageIncludes: 'Google' },
      ],
    },
    {
      name: 'context-dependent and generic secrets by name',
      language: 'dockerfile',
      code: `FROM node:22\nENV COHERE_API_KEY=${keys.cohere}\nENV DB_PASSWORD=${keys.password}\nARG SERVICE_TOKEN=${keys.token}\n`,
      findings: [
        { line: 2, messageIncludes: 'Cohere' },
        { line: 3, messageIncludes: 'password' },
        { line: 4, messageIncludes: 'token' },
      ],
    },
    {
      name: 'test fixtures get a lower severity',
      language: 'dockerfile',
      filePath: 'test/fixtures/Dockerfile',
      code: `FROM python:3.12\nENV HF_TOKEN=${keys.huggingface}\n`,
      findings: [{ line: 2, severity: 'warning' }],
    },
  ],
});
