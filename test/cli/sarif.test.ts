import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { allRules } from '../../server/src/engine';
import { formatSarif } from '../../server/src/cli/format-sarif';
import type { ScanReport } from '../../server/src/cli/report';
import { schemaErrors, validateSarif } from './published-schemas';
import { cleanup, makeProject, runCli } from './run-cli';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const EXAMPLES = path.resolve(__dirname, '../../examples');

/**
 * The SARIF 2.1.0 properties GitHub code scanning requires or uses (docs: "SARIF support for code scanning"),
 * checked field by field.
 */
function assertValidSarif(log: Json): void {
  assert.ok(validateSarif(log), `not valid against the OASIS SARIF 2.1.0 schema:\n${schemaErrors(validateSarif.errors)}`);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.name, 'AISec');
  assert.match(driver.version, /^\d+\.\d+\.\d+/);
  assert.match(driver.informationUri, /^https:\/\//);
  const ruleIds = new Set<string>();
  for (const rule of driver.rules) {
    assert.match(rule.id, /^[a-z-]+\/[a-z0-9-]+$/);
    assert.ok(!ruleIds.has(rule.id), `duplicate rule ${rule.id}`);
    ruleIds.add(rule.id);
    assert.match(rule.name, /^[A-Za-z0-9]+$/);
    assert.ok(rule.shortDescription.text.length > 0);
    assert.ok(rule.fullDescription.text.length > 0);
    assert.ok(rule.help.text.length > 0);
    assert.ok(rule.help.markdown.includes('**Why is this bad?**'));
    assert.match(rule.helpUri, /^https:\/\/.*#/);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    assert.ok(rule.properties.tags.includes('security'));
    assert.ok(rule.properties.tags.includes(rule.id.split('/')[0]));
    const severity = Number(rule.properties['security-severity']);
    assert.equal(typeof rule.properties['security-severity'], 'string');
    assert.ok(severity > 0 && severity <= 10, `security-severity ${rule.properties['security-severity']}`);
  }
  assert.match(run.originalUriBaseIds.SRCROOT.uri, /^file:\/\/.*\/$/);
  for (const result of run.results) {
    assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.ok(result.message.text.length > 0);
    assert.equal(result.locations.length, 1);
    const physical = result.locations[0].physicalLocation;
    assert.equal(physical.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.doesNotMatch(physical.artifactLocation.uri, /^\/|\\|^[a-z]+:/i, 'uri must be relative with forward slashes');
    assert.ok(physical.region.startLine >= 1 && physical.region.startColumn >= 1);
    assert.ok(physical.region.endLine >= physical.region.startLine);
    assert.equal(typeof Object.values(result.partialFingerprints)[0], 'string');
  }
}

describe('SARIF report', () => {
  const projects: string[] = [];
  after(() => projects.forEach(cleanup));

  it('is valid SARIF 2.1.0 for GitHub code scanning, with every rule and repository-relative locations', async () => {
    const root = makeProject({
      'services/api/load.py': 'import torch\n\nmodel = torch.load("model.pt")\n',
      'services/api/odd name.py': 'import torch\nm = torch.load("m.pt")\n',
      Dockerfile: 'FROM python:3.12-slim\nCMD ["python"]\n',
    });
    projects.push(root);
    const run = await runCli(['scan', '--format', 'sarif'], root);
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout);
    assertValidSarif(log);
    assert.equal(log.runs[0].tool.driver.rules.length, allRules().length);
    const uris = log.runs[0].results.map((r: Json) => r.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('services/api/load.py'));
    assert.ok(uris.includes('services/api/odd%20name.py'));
    assert.ok(uris.includes('Dockerfile'));
    const torch = log.runs[0].results.find((r: Json) => r.locations[0].physicalLocation.artifactLocation.uri === 'services/api/load.py');
    assert.deepEqual(
      { startLine: torch.locations[0].physicalLocation.region.startLine, startColumn: torch.locations[0].physicalLocation.region.startColumn },
      { startLine: 3, startColumn: 9 },
    );
  });

  it('validates against the published OASIS schema for a scan of examples/ (code flows, related locations, fingerprints)', async () => {
    const run = await runCli(['scan', EXAMPLES, '--format', 'sarif', '--no-progress'], path.dirname(EXAMPLES));
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout);
    assertValidSarif(log);
    const results: Json[] = log.runs[0].results;
    assert.ok(results.length > 20, `${results.length} results`);
    assert.ok(results.some((r) => r.codeFlows?.[0].threadFlows[0].locations.length > 1), 'some result has a code flow');
    assert.ok(results.some((r) => r.relatedLocations?.length > 0), 'some result has related locations');
  });

  it('validates against the published OASIS schema for a scan with no findings', async () => {
    const root = makeProject({ 'app.py': 'import json\nprint(json.dumps({"ok": True}))\n' });
    projects.push(root);
    const run = await runCli(['scan', '--format', 'sarif', '--no-progress'], root);
    assert.equal(run.code, 0, run.stderr);
    const log = JSON.parse(run.stdout);
    assert.deepEqual(log.runs[0].results, []);
    assertValidSarif(log);
  });

  it('the schema check is not vacuous: a level SARIF does not define, or a 0 line, is refused', async () => {
    const root = makeProject({ 'load.py': 'import torch\nmodel = torch.load("model.pt")\n' });
    projects.push(root);
    const log = JSON.parse((await runCli(['scan', '--format', 'sarif'], root)).stdout);
    assert.ok(validateSarif(log), schemaErrors(validateSarif.errors));
    const badLevel = structuredClone(log);
    badLevel.runs[0].results[0].level = 'warn';
    assert.equal(validateSarif(badLevel), false);
    const badLine = structuredClone(log);
    badLine.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.equal(validateSarif(badLine), false);
  });

  it('keeps fingerprints when code moves to other lines', async () => {
    const before = makeProject({ 'load.py': 'import torch\nmodel = torch.load("model.pt")\n' });
    const after = makeProject({ 'load.py': 'import torch\n\n\n# loads the model\nmodel  =  torch.load("model.pt")\n' });
    projects.push(before, after);
    const fingerprint = async (root: string) =>
      JSON.parse((await runCli(['scan', '--format', 'sarif'], root)).stdout).runs[0].results[0].partialFingerprints;
    assert.deepEqual(await fingerprint(after), await fingerprint(before));
  });

  it('turns related locations into relatedLocations and a codeFlow ending at the finding', () => {
    const rule = allRules()[0];
    const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });
    const report: ScanReport = {
      cwd: '/repo',
      sourceRoot: '/repo',
      files: [
        {
          path: path.join('/repo', 'app', 'chat.py'),
          lines: 10,
          notes: [],
          findings: [
            {
              ruleId: rule.meta.id,
              category: rule.meta.category,
              severity: 'error',
              message: 'request data reaches the system prompt',
              range: range(6, 4, 30),
              related: [
                { range: range(2, 10, 22), message: 'request body read here' },
                { range: range(4, 4, 12), message: 'assigned to name' },
              ],
              fixable: false,
              fingerprint: 'abc',
            },
          ],
        },
      ],
      skipped: [{ path: '/repo/big.py', reason: 'larger than 5.0 MB (9.0 MB)' }],
      durationMs: 5,
      cpuMs: 5,
      workers: 0,
    };
    const log = JSON.parse(formatSarif(report));
    assertValidSarif(log);
    const result = log.runs[0].results[0];
    assert.deepEqual(
      result.relatedLocations.map((l: Json) => [l.id, l.physicalLocation.region.startLine, l.message.text]),
      [
        [1, 3, 'request body read here'],
        [2, 5, 'assigned to name'],
      ],
    );
    const steps = result.codeFlows[0].threadFlows[0].locations.map((l: Json) => l.location.physicalLocation.region.startLine);
    assert.deepEqual(steps, [3, 5, 7]);
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'app/chat.py');
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    assert.equal(notes[0].message.text, 'big.py: skipped: larger than 5.0 MB (9.0 MB)');
  });
});
