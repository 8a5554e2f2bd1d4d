import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { parse as parseToml } from 'smol-toml';
import { disableRuleInProjectFile } from '../../server/src/lsp/project-file-edit';
import { applyWorkspaceEdit } from './support/apply-edit';
import { fileUri, TestClient } from './support/lsp-client';

const ROOT_USER = 'container/root-user';
/** smol-toml builds null-prototype objects; deepEqual wants plain ones. */
function plainToml(text: string): unknown {
  return JSON.parse(JSON.stringify(parseToml(text)));
}

const DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/serve.py"]\n';

describe('language server: "Disable <rule>" edits the project file when one is in use', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-disable-'));
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function openDockerfile(): Promise<{ uri: string; finding: Diagnostic }> {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client!.open(uri, 'dockerfile', DOCKERFILE, 1);
    const published = await client!.waitForDiagnostics(uri);
    const finding = published.diagnostics.find((d) => d.code === ROOT_USER);
    assert.ok(finding, `no ${ROOT_USER} finding: ${published.diagnostics.map((d) => d.code).join(', ')}`);
    return { uri, finding };
  }

  async function disableAction(uri: string, finding: Diagnostic): Promise<CodeAction> {
    const actions = await client!.codeActions(uri, finding.range, [finding]);
    const action = actions.find((a) => a.title.startsWith(`Disable ${ROOT_USER} in `));
    assert.ok(action, actions.map((a) => a.title).join(' | '));
    return action;
  }

  /** Applies the action's edit to the file on disk, tells the server, and returns the next diagnostics. */
  async function applyAndNotify(action: CodeAction, configFile: string, uri: string): Promise<{ text: string; next: PublishDiagnosticsParams }> {
    const resolved = action.edit ? action : await client!.resolve(action);
    const text = applyWorkspaceEdit(resolved.edit, fileUri(configFile), fs.readFileSync(configFile, 'utf8'), 0);
    fs.writeFileSync(configFile, text);
    const count = client!.diagnostics.length;
    await client!.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(configFile), type: 2 }] });
    const next = await client!.waitForDiagnostics(uri, undefined, count);
    return { text, next };
  }

  it('sets the rule off in .aisec.json, keeping the other entries, and the finding disappears', async () => {
    const configFile = path.join(dir, '.aisec.json');
    fs.writeFileSync(configFile, '{\n    "failLevel": "error",\n    "rules": {\n        "container": "info",\n        "container/root-user": "error"\n    }\n}\n');
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0, rules: { [ROOT_USER]: 'off' } } });
    const { uri, finding } = await openDockerfile();
    const action = await disableAction(uri, finding);
    assert.equal(action.title, `Disable ${ROOT_USER} in .aisec.json`);
    assert.equal(action.command, undefined, 'the settings command would change nothing: the project file wins');

    const { text, next } = await applyAndNotify(action, configFile, uri);
    assert.deepEqual(JSON.parse(text), { failLevel: 'error', rules: { container: 'info', [ROOT_USER]: 'off' } });
    assert.match(text, /^ {8}"container\/root-user": "off"$/m, 'the file keeps its indentation');
    assert.ok(!next.diagnostics.some((d) => d.code === ROOT_USER), 'the rule is off');
  });

  it('adds [tool.aisec.rules] to pyproject.toml when missing, and the finding disappears', async () => {
    const configFile = path.join(dir, 'pyproject.toml');
    const before = '[project]\nname = "demo"\n\n[tool.aisec]\nfailLevel = "warning"\n\n[tool.ruff]\nline-length = 100\n';
    fs.writeFileSync(configFile, before);
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    const { uri, finding } = await openDockerfile();
    const action = await disableAction(uri, finding);
    assert.equal(action.title, `Disable ${ROOT_USER} in pyproject.toml`);

    const { text, next } = await applyAndNotify(action, configFile, uri);
    const parsed = plainToml(text) as { project: unknown; tool: { aisec: unknown; ruff: unknown } };
    assert.deepEqual(parsed.tool.aisec, { failLevel: 'warning', rules: { [ROOT_USER]: 'off' } });
    assert.deepEqual(parsed.tool.ruff, { 'line-length': 100 }, 'other tables are untouched');
    assert.deepEqual(parsed.project, { name: 'demo' });
    assert.ok(!next.diagnostics.some((d) => d.code === ROOT_USER), 'the rule is off');
  });

  it('replaces the rule\'s line in an existing [tool.aisec.rules] table', async () => {
    const configFile = path.join(dir, 'pyproject.toml');
    fs.writeFileSync(configFile, `[tool.aisec]\n\n[tool.aisec.rules]\ncontainer = "info"\n"${ROOT_USER}" = "error"  # loud\n`);
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    const { uri, finding } = await openDockerfile();
    const { text, next } = await applyAndNotify(await disableAction(uri, finding), configFile, uri);
    assert.equal(text, `[tool.aisec]\n\n[tool.aisec.rules]\ncontainer = "info"\n"${ROOT_USER}" = "off"\n`);
    assert.ok(!next.diagnostics.some((d) => d.code === ROOT_USER));
  });

  it('keeps the settings command without a project file, and in untrusted workspaces', async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    let { uri, finding } = await openDockerfile();
    let action = await disableAction(uri, finding);
    assert.equal(action.title, `Disable ${ROOT_USER} in this workspace`);
    assert.deepEqual(action.command, { title: `Disable ${ROOT_USER}`, command: 'aisec.disableRule', arguments: [ROOT_USER] });
    await client.stop();

    fs.writeFileSync(path.join(dir, '.aisec.json'), '{ "rules": {} }');
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 }, trusted: false });
    ({ uri, finding } = await openDockerfile());
    action = await disableAction(uri, finding);
    assert.equal(action.title, `Disable ${ROOT_USER} in this workspace`, 'project files are ignored when untrusted');
    assert.equal(action.command?.command, 'aisec.disableRule');
  });
});

describe('project file edits for "Disable <rule>"', () => {
  it('changes only the level of a { level, options } entry in .aisec.json', () => {
    const text = '{\n  "rules": { "container/root-user": { "level": "error", "options": { "a": 1 } } }\n}\n';
    const after = disableRuleInProjectFile({ filePath: '/p/.aisec.json', text }, ROOT_USER);
    assert.deepEqual(JSON.parse(after!), { rules: { [ROOT_USER]: { level: 'off', options: { a: 1 } } } });
  });

  it('sets level in a [tool.aisec.rules."<id>"] table instead of adding a duplicate key', () => {
    const text = `[tool.aisec]\n[tool.aisec.rules."${ROOT_USER}"]\nlevel = "error"\noptions = { a = 1 }\n`;
    const after = disableRuleInProjectFile({ filePath: '/p/pyproject.toml', text }, ROOT_USER);
    assert.deepEqual((plainToml(after!) as { tool: { aisec: unknown } }).tool.aisec, { rules: { [ROOT_USER]: { level: 'off', options: { a: 1 } } } });
  });

  it('keeps CRLF line endings in pyproject.toml', () => {
    const after = disableRuleInProjectFile({ filePath: '/p/pyproject.toml', text: '[tool.aisec]\r\nfailLevel = "error"\r\n' }, ROOT_USER);
    assert.equal(after, `[tool.aisec]\r\nfailLevel = "error"\r\n\r\n[tool.aisec.rules]\r\n"${ROOT_USER}" = "off"\r\n`);
  });

  it('gives up (so the settings action is offered) on layouts a line edit cannot change safely', () => {
    assert.equal(disableRuleInProjectFile({ filePath: '/p/pyproject.toml', text: '[tool.aisec]\nrules = { container = "error" }\n' }, ROOT_USER), undefined);
    assert.equal(disableRuleInProjectFile({ filePath: '/p/pyproject.toml', text: '[tool]\naisec = { failLevel = "error" }\n' }, ROOT_USER), undefined);
  });
});
