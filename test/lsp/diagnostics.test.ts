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
