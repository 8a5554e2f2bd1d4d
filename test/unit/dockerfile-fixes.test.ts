import * as assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { allRules, analyze, defaultConfig, fixAll, initEngine, SourceText } from '../../server/src/engine';
import { DockerfileModel } from '../../server/src/engine/dockerfile/model';
import { parseText } from '../../server/src/engine/parsing/parse';

/**
 * The RuleTester cannot re-parse Dockerfiles with tree-sitter, so this checks what "the fix does not break the
 * file" means for them: after every fix of every Dockerfile rule, the file has the same stages, dockerfile-ast
 * reports nothing odd, and every RUN body still parses as shell without errors.
 */
const BAD = [
  '# escape=\\',
  'ARG BASE=python:3.9-slim-buster',
  'FROM ${BASE} AS build',
  'RUN sudo apt-get update && \\',
  '    curl -k https://example.com/a.tgz -o /a.tgz && chmod -R 777 /srv',
  'RUN npm install',
  'ADD app.py /srv/',
  'ADD https://example.com/model.onnx /models/',
  'FROM build',
  'EXPOSE 8000',
  'RUN --security=insecure wget --no-check-certificate https://x/y',
  'USER root',
  'CMD ["uvicorn", "app:app"]',
  '',
].join('\n');

function bashErrors(text: string): number {
  const model = new DockerfileModel(DockerfileParser.parse(text), { source: new SourceText(text) });
  let errors = 0;
  for (const instruction of model.dockerfile.getInstructions()) {
    if (instruction.getKeyword() !== 'RUN') continue;
    const raw = instruction.getRawArgumentsContent() ?? '';
    const tree = parseText('bash', raw.replace(/\\\r?\n/g, ' '));
    errors += tree.rootNode.descendantsOfType(['ERROR']).length;
    tree.delete();
  }
  return errors;
}

describe('Dockerfile fixes keep the file valid', () => {
  before(() => initEngine());

  it('applies every fix and leaves a file that parses, with fewer findings', () => {
    const rules = allRules().filter((r) => r.meta.languages.includes('dockerfile'));
    const config = defaultConfig();
    for (const rule of rules) config.rules = { ...config.rules, [rule.meta.id]: rule.meta.severity };
    const before = analyze(BAD, 'dockerfile', { rules, config }).findings;
    const { text, applied } = fixAll(BAD, 'dockerfile', { rules, config, includeUnsafe: true });
    const after = analyze(text, 'dockerfile', { rules, config }).findings;

    assert.ok(applied >= 8, `only ${applied} fixes applied`);
    assert.ok(after.length < before.length, `${before.length} → ${after.length}`);
    assert.equal(DockerfileParser.parse(text).getFROMs().length, 2);
    assert.equal(bashErrors(text), 0, text);
    for (const expected of [
      'ARG BASE=python:3.12-slim-bookworm',
      'RUN apt-get update && \\',
      'curl https://example.com/a.tgz -o /a.tgz && chmod -R 755 /srv',
      'RUN npm ci',
      'COPY app.py /srv/',
      'ADD --checksum=sha256:<sha256> https://example.com/model.onnx /models/',
      'RUN wget https://x/y',
      'USER appuser',
      'HEALTHCHECK',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
    }
  });
});
