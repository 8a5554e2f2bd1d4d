import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { fileUri, TestClient } from './support/lsp-client';

const DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/serve.py"]\n';

describe('language server: diagnostics', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-'));
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a finding on open with source, code, documentation link, severity, range, version and data', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE, 7);
    const published = await client.waitForDiagnostics(uri);
    assert.equal(published.version, 7);
    const rootUser = published.diagnostics.find((d) => d.code === 'container/root-user');
    assert.ok(rootUser, `expected container/root-user in ${JSON.stringify(published.diagnostics)}`);
    assert.equal(rootUser.source, 'aisec');
    assert.equal(rootUser.severity, DiagnosticSeverity.Warning);
    assert.match(rootUser.codeDescription?.href ?? '', /docs\/rules\.md#containerroot-user$/);
    // A whole-stage problem points at the stage's FROM line.
    assert.equal(rootUser.range.start.line, 0);
    assert.deepEqual(rootUser.data, { ruleId: 'container/root-user', version: 7, index: published.diagnostics.indexOf(rootUser) });
    assert.match(rootUser.message as string, /no USER instruction/);
  });

  it('updates diagnostics after an incremental change, for the new version', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE, 1);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'container/root-user'));
    // Insert "USER app" before CMD (line 2) without resending the document.
    await client.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'USER app\n' }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after.diagnostics.map((d) => d.code).filter((c) => c === 'container/root-user'), []);
    // And back: deleting the line brings the finding back, on the FROM line.
    await client.change(uri, 3, [{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' }]);
    const again = await client.waitForDiagnostics(uri, (p) => p.version === 3);
    assert.equal(again.diagnostics.find((d) => d.code === 'container/root-user')?.range.start.line, 0);
  });

  it('moves Python findings with the code when lines are inserted above them', async () => {
    const uri = fileUri(path.join(dir, 'train.py'));
    const text = 'import torch\n\n\ndef load(path):\n    return torch.load(path)\n';
    await client.open(uri, 'python', text, 1);
    const first = await client.waitForDiagnostics(uri);
    const before = first.diagnostics.find((d) => d.code === 'supply-chain/torch-load-without-weights-only');
    assert.ok(before, JSON.stringify(first.diagnostics));
    assert.equal(before.range.start.line, 4);
    await client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'import os\n\n' }]);
    const second = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.equal(second.diagnostics.find((d) => d.code === 'supply-chain/torch-load-without-weights-only')?.range.start.line, 6);
  });

  it('clears diagnostics on close when no workspace scan holds the file', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const mark = client.diagnostics.length;
    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, () => true, mark);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('analyses manifests recognised by file name and leaves other json alone', async () => {
    const requirements = fileUri(path.join(dir, 'requirements.txt'));
    await client.open(requirements, 'pip-requirements', 'torch\nrequests==2.32.3\n');
    const published = await client.waitForDiagnostics(requirements);
    assert.ok(published.diagnostics.some((d) => d.code === 'supply-chain/unpinned-requirement' && d.range.start.line === 0), JSON.stringify(published.diagnostics));
    const other = fileUri(path.join(dir, 'settings.json'));
    await client.open(other, 'json', '{"api_key": "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"}');
    const none = await client.waitForDiagnostics(other);
    assert.deepEqual(none.diagnostics, []);
  });
});

describe('language server: info findings stay quiet (aisec.infoFindings)', function () {
  this.timeout(30_000);
  // No CMD, ENTRYPOINT or EXPOSE: a build image, so its root user is an info finding (docs/severity.md).
  const BUILD_IMAGE = 'FROM python:3.12-slim\nRUN pip install build==1.2.2\n';
  let dir: string;
  let client: TestClient | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-info-'));
  });

  afterEach(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function rootUserWith(settings: Record<string, unknown>) {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0, ...settings } });
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', BUILD_IMAGE, 1);
    const published = await client.waitForDiagnostics(uri);
    return { published, rootUser: published.diagnostics.find((d) => d.code === 'container/root-user') };
  }

  it('shows info findings as hints by default', async () => {
    const { published, rootUser } = await rootUserWith({});
    assert.ok(rootUser, JSON.stringify(published.diagnostics));
    assert.equal(rootUser.severity, DiagnosticSeverity.Hint);
  });

  it('shows them as information when aisec.infoFindings is "information"', async () => {
    const { published, rootUser } = await rootUserWith({ infoFindings: 'information' });
    assert.ok(rootUser, JSON.stringify(published.diagnostics));
    assert.equal(rootUser.severity, DiagnosticSeverity.Information);
  });

  it('leaves them out when aisec.infoFindings is "off", and warnings still show', async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0, infoFindings: 'off' } });
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    // A served image: root-user is a warning here and must still show, with its finding's own index.
    await client.open(uri, 'dockerfile', 'FROM python:3.12-slim\nRUN pip install build\nCMD ["python"]\n', 1);
    const published = await client.waitForDiagnostics(uri);
    assert.ok(published.diagnostics.length > 0, 'the warning shows');
    assert.ok(published.diagnostics.every((d) => d.severity !== DiagnosticSeverity.Hint && d.severity !== DiagnosticSeverity.Information), JSON.stringify(published.diagnostics));
    const rootUser = published.diagnostics.find((d) => d.code === 'container/root-user');
    assert.equal(rootUser?.severity, DiagnosticSeverity.Warning);
  });
});
