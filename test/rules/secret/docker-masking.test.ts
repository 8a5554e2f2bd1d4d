import * as assert from 'node:assert/strict';
import dockerBuildSecret from '../../../rules/secret/docker-build-secret';
import dockerComposeSecret from '../../../rules/secret/docker-compose-secret';
import { analyze, initEngine, type Finding } from '../../../server/src/engine';
import { keys } from './_keys';

/** The provider keys the Dockerfile and compose rules must find with no name to help them. */
const providerKeys = [keys.openaiProject, keys.anthropic, keys.huggingface, keys.google, keys.groq, keys.awsAccessKey];

function visibleTexts(finding: Finding): string[] {
  return [
    finding.message,
    ...finding.fixes.flatMap((fix) => [fix.title, ...fix.edits.map((edit) => edit.newText)]),
    ...finding.related.map((r) => r.message),
    ...Object.values(finding.properties ?? {}).map(String),
  ];
}

function assertMasked(findings: Finding[]): void {
  for (const finding of findings) {
    for (const text of visibleTexts(finding)) {
      for (const secret of providerKeys) {
        assert.ok(!text.includes(secret.slice(4, 12)), `${finding.ruleId} shows part of a secret: ${text.slice(0, 60)}`);
      }
    }
  }
}

describe('Dockerfile and compose secret rules never show a secret in full', () => {
  before(() => initEngine());

  it('RUN command lines and LABELs', () => {
    const code =
      'FROM python:3.12\n' +
      providerKeys.map((key, i) => `RUN tool --token ${key} && curl -H "x-key: ${key}" https://x/${i}\nLABEL k${i}="${key}"\n`).join('');
    const { findings } = analyze(code, 'dockerfile', { rules: [dockerBuildSecret] });
    assert.ok(findings.length >= providerKeys.length * 3, `only ${findings.length} findings`);
    assertMasked(findings);
  });

  it('compose environment and build args', () => {
    const code =
      'services:\n  api:\n    build:\n      args:\n' +
      providerKeys.map((key, i) => `        ARG_${i}: "${key}"\n`).join('') +
      '    environment:\n' +
      providerKeys.map((key, i) => `      - VAR_${i}=${key}\n`).join('');
    const { findings } = analyze(code, 'dockercompose', { rules: [dockerComposeSecret], filePath: 'compose.yaml' });
    assert.equal(findings.length, providerKeys.length * 2);
    assertMasked(findings);
  });
});
