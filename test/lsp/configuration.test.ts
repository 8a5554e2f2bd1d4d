import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { readEditorSettings } from '../../server/src/lsp/settings';
import { fileUri, TestClient } from './support/lsp-client';

const DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/serve.py"]\n';
const ROOT_USER = 'container/root-user';

function rootUserSeverity(published: PublishDiagnosticsParams): DiagnosticSeverity | undefined | 'absent' {
  const diagnostic = published.diagnostics.find((d) => d.code === ROOT_USER);
  return diagnostic ? diagnostic.severity : 'absent';
}

describe('language server: configuration', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-'));
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function openDockerfile(folder = dir, version = 1): Promise<{ uri: string; published: PublishDiagnosticsParams }> {
    const uri = fileUri(path.join(folder, 'Dockerfile'));
    const mark = client!.diagnostics.length;
    await client!.open(uri, 'dockerfile', DOCKERFILE, version);
    return { uri, published: await client!.waitForDiagnostics(uri, () => true, mark) };
  }

  async function nextFor(uri: string, change: () => Promise<void>): Promise<PublishDiagnosticsParams> {
    const mark = client!.diagnostics.length;
    await change();
    return client!.waitForDiagnostics(uri, () => true, mark);
  }

  it('reads settings through workspace/configuration and re-applies them on didChangeConfiguration', async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0, rules: { [ROOT_USER]: 'error' } } });
    const { uri, published } = await openDockerfile();
    assert.equal(rootUserSeverity(published), DiagnosticSeverity.Error);
    assert.ok(client.configurationRequests.includes(fileUri(dir)), 'settings are asked for the workspace folder scope');
    await client.waitFor(() => client!.registrations.find((r) => r.method === 'workspace/didChangeConfiguration'), 'a configuration registration');

    client.settings = { debounceMs: 0, rules: { container: 'info' } };
    const info = await nextFor(uri, () => client!.connection.sendNotification('workspace/didChangeConfiguration', { settings: null }));
    // Info findings show as hints unless aisec.infoFindings says otherwise (docs/severity.md).
    assert.equal(rootUserSeverity(info), DiagnosticSeverity.Hint);

    client.settings = { debounceMs: 0, rules: { [ROOT_USER]: 'off' } };
    const off = await nextFor(uri, () => client!.connection.sendNotification('workspace/didChangeConfiguration', { settings: null }));
    assert.equal(rootUserSeverity(off), 'absent');

    client.settings = { debounceMs: 0, enable: false };
    const disabled = await nextFor(uri, () => client!.connection.sendNotification('workspace/didChangeConfiguration', { settings: null }));
    assert.deepEqual(disabled.diagnostics, []);
  });

  it('watches .aisec.json: the project file wins over settings and changes apply without a restart', async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0, rules: { [ROOT_USER]: 'error' } } });
    const watch = await client.waitFor(() => client!.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'a watcher registration');
    const globs = (watch?.registerOptions as { watchers: { globPattern: string }[] } | undefined)?.watchers.map((w) => w.globPattern);
    assert.deepEqual(globs, ['**/.aisec.json', '**/pyproject.toml', '**/*baseline*.json']);
    const { uri, published } = await openDockerfile();
    assert.equal(rootUserSeverity(published), DiagnosticSeverity.Error);

    const configFile = path.join(dir, '.aisec.json');
    fs.writeFileSync(configFile, JSON.stringify({ rules: { [ROOT_USER]: 'info' } }));
    const changed = await nextFor(uri, () =>
      client!.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(configFile), type: 1 }] }),
    );
    assert.equal(rootUserSeverity(changed), DiagnosticSeverity.Hint, 'info, shown as a hint');

    fs.writeFileSync(configFile, JSON.stringify({ exclude: ['Dockerfile'] }));
    const excluded = await nextFor(uri, () =>
      client!.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(configFile), type: 2 }] }),
    );
    assert.deepEqual(excluded.diagnostics, [], 'an excluded file has no diagnostics');
  });

  it('reads [tool.aisec] from pyproject.toml', async () => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "x"\n\n[tool.aisec]\nrules = { container = "error" }\n');
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    const { published } = await openDockerfile();
    assert.equal(rootUserSeverity(published), DiagnosticSeverity.Error);
  });

  it('gives each folder of a multi-root workspace its own project file', async () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    fs.mkdirSync(a);
    fs.mkdirSync(b);
    fs.writeFileSync(path.join(a, '.aisec.json'), JSON.stringify({ rules: { [ROOT_USER]: 'error' } }));
    fs.writeFileSync(path.join(b, '.aisec.json'), JSON.stringify({ rules: { [ROOT_USER]: 'off' } }));
    client = await TestClient.start({ folders: [a, b], settings: { debounceMs: 0 } });
    assert.equal(rootUserSeverity((await openDockerfile(a)).published), DiagnosticSeverity.Error);
    assert.equal(rootUserSeverity((await openDockerfile(b)).published), 'absent');
  });

  it('reports an invalid project file once and falls back to defaults', async () => {
    fs.writeFileSync(path.join(dir, '.aisec.json'), '{ "rules": { "container/root-user": "loud" } }');
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    const { uri, published } = await openDockerfile();
    assert.equal(rootUserSeverity(published), DiagnosticSeverity.Warning, 'defaults apply');
    await client.waitFor(() => (client!.messages.length > 0 ? true : undefined), 'a warning');
    assert.equal(client.messages[0].type, 2);
    assert.match(client.messages[0].message, /\.aisec\.json.*"rules\.container\/root-user" must be one of/);
    // Typing and config reloads do not repeat the same warning.
    for (let version = 2; version <= 4; version++) {
      await nextFor(uri, () => client!.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(dir, '.aisec.json')), type: 2 }] }));
    }
    assert.equal(client.messages.length, 1);
  });

  it('reports invalid settings once and keeps linting with defaults', async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 'soon', rules: { 'container/nope': 'error' } } });
    const { published } = await openDockerfile();
    assert.equal(rootUserSeverity(published), DiagnosticSeverity.Warning);
    await client.waitFor(() => (client!.messages.length >= 2 ? true : undefined), 'two warnings');
    const text = client.messages.map((m) => m.message).join('\n');
    assert.match(text, /debounceMs/);
    assert.match(text, /unknown rule or category "container\/nope"/);
  });

  it('ignores project files in an untrusted workspace until trust is granted', async () => {
    fs.writeFileSync(path.join(dir, '.aisec.json'), JSON.stringify({ rules: { [ROOT_USER]: 'off' } }));
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 }, trusted: false });
    const { uri, published } = await openDockerfile();
    assert.equal(rootUserSeverity(published), DiagnosticSeverity.Warning, 'the project file is not read');
    const trusted = await nextFor(uri, () => client!.connection.sendNotification('aisec/workspaceTrust', { trusted: true }));
    assert.equal(rootUserSeverity(trusted), 'absent');
  });

  it('debounces changes by aisec.debounceMs', async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 400 } });
    const { uri } = await openDockerfile();
    const mark = client.diagnostics.length;
    const sent = Date.now();
    await client.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'USER app\n' }]);
    const published = await client.waitForDiagnostics(uri, () => true, mark);
    assert.equal(published.version, 2);
    assert.ok(Date.now() - sent >= 350, `published after ${Date.now() - sent} ms`);
  });
});

describe('editor settings', () => {
  const known = new Set([ROOT_USER]);
  const taint = { sources: [{ pattern: 'my.input', label: 'request' }] };

  it('passes aisec.taint through only in trusted workspaces', () => {
    assert.deepEqual(readEditorSettings({ taint }, known, true).settings.layer.settings.taint, taint);
    assert.equal(readEditorSettings({ taint }, known, false).settings.layer.settings.taint, undefined);
  });

  it('ignores the nulls VS Code sends for unset settings and client-only keys', () => {
    const { settings, errors } = readEditorSettings({ enable: true, rules: null, exclude: null, failLevel: null, debounceMs: 0, trace: { server: 'off' } }, known, true);
    assert.deepEqual(errors, []);
    assert.equal(settings.debounceMs, 0);
    assert.deepEqual(settings.layer.rules, {});
  });
});
