import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { GITLAB_SCHEMA_VERSION } from '../../server/src/cli/format-gitlab';
import { schemaErrors, validateGitlabSast } from './published-schemas';
import { cleanup, makeProject, runCli } from './run-cli';

/** A fake, format-valid key (never issued). */
const OPENAI_KEY = 'sk-proj-Qm7xT2vLp9RwZ4kNc8HdY3bFj6GsA1eU5oVi0tXn' + 'T3BlbkFJ' + 'Wc4Lr8Pz2Kq7Nd5Hx9Mb3Vf6Tg1Sj0Ya8Ue2Ro4Ik7';

/*
 * Every report is validated against GitLab's published sast-report-format.json of the release it declares
 * (vendored in test/fixtures/schemas); the field checks below repeat the points GitLab's documentation stresses
 * and add what the schema leaves open (ids unique within a report).
 */
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const SEVERITIES = ['Info', 'Unknown', 'Low', 'Medium', 'High', 'Critical'];

function assertRequired(object: Record<string, unknown>, keys: string[], where: string): void {
  for (const key of keys) assert.ok(object[key] !== undefined && object[key] !== null, `${where}.${key} is required`);
}

function assertSastReport(report: Record<string, unknown>): void {
  assert.ok(validateGitlabSast(report), `not valid against GitLab's sast-report-format.json:\n${schemaErrors(validateGitlabSast.errors)}`);
  assert.equal(report.version, GITLAB_SCHEMA_VERSION, 'the vendored schema is the release the report declares');
  assertRequired(report, ['version', 'vulnerabilities', 'scan'], 'report');
  assert.match(report.version as string, /^15\.\d+\.\d+$/);
  const scan = report.scan as Record<string, unknown>;
  assertRequired(scan, ['analyzer', 'scanner', 'type', 'start_time', 'end_time', 'status'], 'scan');
  for (const part of ['analyzer', 'scanner']) {
    const component = scan[part] as Record<string, unknown>;
    assertRequired(component, ['id', 'name', 'version', 'vendor'], `scan.${part}`);
    assertRequired(component.vendor as Record<string, unknown>, ['name'], `scan.${part}.vendor`);
  }
  assert.equal(scan.type, 'sast');
  assert.ok(['success', 'failure'].includes(scan.status as string));
  assert.match(scan.start_time as string, TIME);
  assert.match(scan.end_time as string, TIME);
  const ids = new Set<string>();
  for (const [i, v] of (report.vulnerabilities as Record<string, unknown>[]).entries()) {
    const where = `vulnerabilities[${i}]`;
    assertRequired(v, ['id', 'identifiers', 'location'], where);
    assert.ok(typeof v.id === 'string' && v.id.length > 0);
    assert.ok(!ids.has(v.id as string), `${where}.id is unique`);
    ids.add(v.id as string);
    assert.ok(SEVERITIES.includes(v.severity as string), `${where}.severity`);
    assert.ok(typeof v.name === 'string' && v.name.length <= 255);
    const identifiers = v.identifiers as Record<string, unknown>[];
    assert.ok(identifiers.length >= 1, `${where}.identifiers has at least one entry`);
    for (const identifier of identifiers) {
      for (const key of ['type', 'name', 'value']) assert.ok(typeof identifier[key] === 'string' && (identifier[key] as string).length > 0, `${where} identifier ${key}`);
    }
    const location = v.location as Record<string, unknown>;
    assert.equal(typeof location.file, 'string');
    assert.ok(Number.isInteger(location.start_line) && (location.start_line as number) >= 1);
  }
}

describe('aisec scan --format gitlab', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = makeProject({
      'src/load.py': 'import torch\nmodel = torch.load("model.pt")\nother = torch.load("model.pt")\n',
      'src/settings.py': `OPENAI_API_KEY = "${OPENAI_KEY}"\n`,
      Dockerfile: 'FROM node:16\nCOPY . /app\nCMD ["node", "/app/i.js"]\n',
    });
  });
  after(() => cleanup(root));

  it('writes a SAST report with the fields GitLab requires, CWE identifiers, locations and masked keys', async () => {
    const run = await runCli(['scan', '--format', 'gitlab', '--no-progress'], root);
    assert.equal(run.code, 1);
    assert.ok(!run.stdout.includes(OPENAI_KEY.slice(8, 30)), 'the key is masked');
    const report = JSON.parse(run.stdout);
    assertSastReport(report);
    const vulnerabilities = report.vulnerabilities as { identifiers: { type: string; value: string }[]; location: { file: string; start_line: number }; severity: string }[];
    const loads = vulnerabilities.filter((v) => v.identifiers[0].value === 'supply-chain/torch-load-without-weights-only');
    assert.deepEqual(loads.map((v) => `${v.location.file}:${v.location.start_line}`), ['src/load.py:2', 'src/load.py:3']);
    assert.ok(loads[0].identifiers.some((i) => i.type === 'cwe' && i.value === '502'), JSON.stringify(loads[0].identifiers));
    const secret = vulnerabilities.find((v) => v.identifiers[0].value.startsWith('secret/'));
    assert.equal(secret?.severity, 'Critical');
  });

  it('validates against the published schema for a scan of examples/', async () => {
    const examples = path.resolve(__dirname, '../../examples');
    const run = await runCli(['scan', examples, '--format', 'gitlab', '--no-progress'], path.dirname(examples));
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assertSastReport(report);
    assert.ok(report.vulnerabilities.length > 20, `${report.vulnerabilities.length} vulnerabilities`);
  });

  it('validates against the published schema for a scan with no findings, and the check is not vacuous', async () => {
    const clean = makeProject({ 'app.py': 'import json\nprint(json.dumps({"ok": True}))\n' });
    try {
      const run = await runCli(['scan', '--format', 'gitlab', '--no-progress'], clean);
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.deepEqual(report.vulnerabilities, []);
      assertSastReport(report);
    } finally {
      cleanup(clean);
    }
    const full = JSON.parse((await runCli(['scan', '--format', 'gitlab', '--no-progress'], root)).stdout);
    assert.ok(validateGitlabSast(full), schemaErrors(validateGitlabSast.errors));
    const noIdentifiers = structuredClone(full);
    noIdentifiers.vulnerabilities[0].identifiers = [];
    assert.equal(validateGitlabSast(noIdentifiers), false);
    const badTime = structuredClone(full);
    badTime.scan.end_time = new Date().toISOString();
    assert.equal(validateGitlabSast(badTime), false);
  });

  it('keeps a finding\'s id from one run to the next, when its line moves', async () => {
    const first = JSON.parse((await runCli(['scan', 'src/load.py', '--format', 'gitlab'], root)).stdout);
    const moved = makeProject({ 'src/load.py': 'import torch\n\n\nmodel = torch.load("model.pt")\nother = torch.load("model.pt")\n' });
    try {
      const second = JSON.parse((await runCli(['scan', 'src/load.py', '--format', 'gitlab'], moved)).stdout);
      const ids = (report: { vulnerabilities: { id: string }[] }) => report.vulnerabilities.map((v) => v.id);
      assert.deepEqual(ids(second), ids(first));
      assert.equal(new Set(ids(first)).size, 2, 'two identical lines still get two ids');
    } finally {
      cleanup(moved);
    }
  });
});
