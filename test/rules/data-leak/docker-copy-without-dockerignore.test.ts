import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import rule from '../../../rules/data-leak/docker-copy-without-dockerignore';
import { DockerIgnore } from '../../../server/src/engine/dockerfile/dockerignore';
import { runRuleTests } from '../../support/rule-tester';

/** Real project folders on disk: the rule reads the .dockerignore and lists the folder beside the Dockerfile. */
function project(name: string, files: Record<string, string>, dirs: string[] = []): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `aisec-dockerignore-${name}-`));
  for (const dir of dirs) fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(root, file), text);
  return path.join(root, 'Dockerfile');
}

const none = project('none', {}, ['models']);
const complete = project('complete', { '.dockerignore': '# keep the image small\n.env\n.git\nmodels/\n' }, ['models']);
const partial = project('partial', { '.dockerignore': '.git\n**/*.pyc\n' }, ['checkpoints']);
const reincluded = project('reincluded', { '.dockerignore': '.env*\n!.env\n.git\n' });
const perDockerfile = project('per-dockerfile', { 'Dockerfile.dockerignore': '.env\n.git\n' });
const d = 'dockerfile';

after(() => {
  for (const file of [none, complete, partial, reincluded, perDockerfile]) fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

runRuleTests(rule, {
  valid: [
    { name: 'complete .dockerignore', language: d, filePath: complete, code: 'FROM python:3.12\nCOPY . .\n' },
    { name: 'Dockerfile-specific ignore file', language: d, filePath: perDockerfile, code: 'FROM python:3.12\nCOPY . /app\n' },
    { name: 'explicit sources only', language: d, filePath: none, code: 'FROM python:3.12\nCOPY app/ /app/\nCOPY requirements.txt .\n' },
    { name: 'whole context only in a build stage', language: d, filePath: none, code: 'FROM python:3.12 AS build\nCOPY . .\nFROM python:3.12-slim\nCOPY --from=build /app /app\n' },
    { name: 'no file on disk: nothing to check', language: d, code: 'FROM python:3.12\nCOPY . .\n' },
  ],
  invalid: [
    {
      name: 'no .dockerignore, models folder present',
      language: d,
      filePath: none,
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\n',
      findings: [{ line: 3, text: '.', severity: 'info', messageIncludes: '.env, .git, models' }],
    },
    {
      name: 'partial .dockerignore, multi-stage, continuation',
      language: d,
      filePath: partial,
      code: 'FROM python:3.12 AS build\nRUN true\nFROM python:3.12-slim\nCOPY --chown=app \\\n  . /app\n',
      findings: [{ line: 5, messageIncludes: '.env, checkpoints' }],
    },
    { name: 'a later ! line re-includes .env', language: d, filePath: reincluded, code: 'FROM python:3.12\nADD . /srv\n', findings: [{ line: 2, messageIncludes: '.env' }] },
    { name: 'escape directive', language: d, filePath: none, code: '# escape=`\nFROM python:3.12\nCOPY `\n  ./ /app\n', findings: [{ line: 4 }] },
  ],
});

describe('DockerIgnore', () => {
  it('matches like the builder: directories, **, ! exceptions', () => {
    const ignore = new DockerIgnore('models\n**/*.ckpt\ndata/*\n!data/keep\n/.git/\n');
    assert.ok(ignore.excludes('models/a/b.bin'));
    assert.ok(ignore.excludes('x/y/z.ckpt'));
    assert.ok(ignore.excludes('data/raw'));
    assert.ok(!ignore.excludes('data/keep'));
    assert.ok(ignore.excludes('.git'));
    assert.ok(!ignore.excludes('src/models.py'));
  });
});
