import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, initEngine } from '../../server/src/engine';
import { fileUri, delay, TestClient } from './support/lsp-client';

const PYTHON = 'import torch\n\n\ndef load(path):\n    return torch.load(path)\n';

describe('language server: bursts and bad input', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-'));
  });

  afterEach(async () => {
    if (client) await client.stop();
    client = undefined as unknown as TestClient;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function typeBurst(uri: string, count: number): Promise<string> {
    // Type "x" characters at the end of the comment line at the top, one change per keystroke.
    let text = '# ' + PYTHON;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      sends.push(client.change(uri, i + 2, [{ range: { start: { line: 0, character: 2 + i }, end: { line: 0, character: 2 + i } }, text: 'x' }]));
      text = text.slice(0, 2 + i) + 'x' + text.slice(2 + i);
    }
    await Promise.all(sends);
    return text;
  }

  it('a burst of 200 rapid changes ends with diagnostics for the last version only (default debounce)', async () => {
    client = await TestClient.start({ folders: [dir], settings: {} });
    const uri = fileUri(path.join(dir, 'burst.py'));
    await client.open(uri, 'python', '# ' + PYTHON, 1);
    await client.waitForDiagnostics(uri);
    const mark = client.diagnostics.length;
    const finalText = await typeBurst(uri, 200);
    await client.waitForDiagnostics(uri, (p) => p.version === 201, mark);
    // The quick run publishes first; the full run (whole-document rules) follows once typing has paused.
    await delay(1000);
    const after = client.diagnostics.slice(mark).filter((p) => p.uri === uri);
    assert.ok(after.length <= 2, `debounced: ${after.length} publishes`);
    assert.ok(after.every((p) => p.version === 201), `only the newest version is published: ${after.map((p) => p.version).join(',')}`);
    const last = after[after.length - 1];
    await initEngine();
    const expected = analyze(finalText, 'python', { filePath: path.join(dir, 'burst.py') }).findings;
    assert.deepEqual(last.diagnostics.map((d) => [d.code, d.range.start.line]), expected.map((f) => [f.ruleId, f.range.start.line]));
  });

  it('with debounce 0, publishes only increasing versions and ends at the newest', async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    const uri = fileUri(path.join(dir, 'burst.py'));
    await client.open(uri, 'python', '# ' + PYTHON, 1);
    await client.waitForDiagnostics(uri);
    const mark = client.diagnostics.length;
    await typeBurst(uri, 200);
    await client.waitForDiagnostics(uri, (p) => p.version === 201, mark);
    await delay(1000);
    const versions = client.diagnostics.slice(mark).filter((p) => p.uri === uri).map((p) => p.version as number);
    assert.equal(versions[versions.length - 1], 201);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `stale publish: ${versions.join(',')}`);
  });

  it('a binary or malformed document gets no diagnostics and one log line, and the others still work', async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    const binary = fileUri(path.join(dir, 'weights.py'));
    await client.open(binary, 'python', 'PK\u0003\u0004\u0000\u0000garbage\u0000'.repeat(50), 1);
    const published = await client.waitForDiagnostics(binary);
    assert.deepEqual(published.diagnostics, []);
    // Keystrokes in it do not repeat the log line.
    for (let version = 2; version < 6; version++) {
      await client.change(binary, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    }
    await client.waitForDiagnostics(binary, (p) => p.version === 5);
    assert.equal(client.logs.filter((l) => l.includes('weights.py') && l.includes('binary')).length, 1, client.logs.join('\n'));

    // Malformed notifications: text missing, a change to a document that is not open, an out-of-range edit.
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri(path.join(dir, 'null.py')), languageId: 'python', version: 1, text: null } });
    await client.change(fileUri(path.join(dir, 'never-opened.py')), 3, [{ text: 'x' }]);
    const good = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(good, 'dockerfile', 'FROM python:3.12\nCMD ["python"]\n', 1);
    await client.change(good, 2, [{ range: { start: { line: 99, character: 0 }, end: { line: 120, character: 4 } }, text: '\n' }]);
    const ok = await client.waitForDiagnostics(good, (p) => p.version === 2);
    assert.ok(ok.diagnostics.some((d) => d.code === 'container/root-user'));
    assert.ok(client.alive, 'the server is still running');
    // And it still answers requests.
    const docs = await client.connection.sendRequest<{ ruleId: string }>('aisec/ruleDocumentation', { ruleId: 'container/root-user' });
    assert.equal(docs.ruleId, 'container/root-user');
  });

  it('unsupported languages get nothing and cost nothing', async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    const uri = fileUri(path.join(dir, 'notes.md'));
    await client.open(uri, 'markdown', 'api_key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"', 1);
    const published = await client.waitForDiagnostics(uri);
    assert.deepEqual(published.diagnostics, []);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, []);
    assert.deepEqual(actions, []);
  });
});

describe('language server: transports', function () {
  this.timeout(30_000);

  it('speaks LSP over Node IPC (--node-ipc), as VS Code starts it', async () => {
    const { spawn } = await import('node:child_process');
    const { createMessageConnection, IPCMessageReader, IPCMessageWriter } = await import('vscode-jsonrpc/node');
    const server = path.resolve(__dirname, '../../dist/server.js');
    const child = spawn(process.execPath, [server, '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published: { uri: string; diagnostics: { code?: unknown }[] }[] = [];
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: { code?: unknown }[] }) => {
      published.push(params);
    });
    connection.listen();
    try {
      const result = await connection.sendRequest<{ capabilities: { textDocumentSync: { change: number } } }>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
      });
      assert.equal(result.capabilities.textDocumentSync.change, 2, 'incremental sync');
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: 'untitled:Dockerfile', languageId: 'dockerfile', version: 1, text: 'FROM python:3.12\nCMD ["python"]\n' },
      });
      const deadline = Date.now() + 10_000;
      while (!published.length && Date.now() < deadline) await delay(20);
      assert.ok(published[0]?.diagnostics.some((d) => d.code === 'container/root-user'), JSON.stringify(published));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
