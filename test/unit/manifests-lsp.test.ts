import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit } from '../lsp/support/apply-edit';
import { fileUri, TestClient } from '../lsp/support/lsp-client';

const fixtures = path.resolve(__dirname, '../fixtures/supply-chain');

/** The language server (dist/server.js over stdio) on manifests: diagnostics, and pin fixes read from disk. */
describe('language server: dependency manifests', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-manifests-'));
    fs.cpSync(path.join(fixtures, 'python-project'), dir, { recursive: true });
    fs.cpSync(path.join(fixtures, 'npm-project', 'package-lock.json'), path.join(dir, 'package-lock.json'));
  });

  beforeEach(async () => {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
  });

  afterEach(() => client.stop());
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function open(name: string, languageId: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = fileUri(path.join(dir, name));
    await client.open(uri, languageId, text, 1);
    const published = await client.waitForDiagnostics(uri);
    return { uri, diagnostics: published.diagnostics };
  }

  it('reports requirements.txt problems and pins from the workspace .venv', async () => {
    const text = 'torch>=2.0\n--extra-index-url https://internal.example/simple\n';
    const { uri, diagnostics } = await open('requirements.txt', 'pip-requirements', text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.source]),
      [
        ['supply-chain/unpinned-requirement', 0, 'aisec'],
        ['supply-chain/extra-index-url', 1, 'aisec'],
      ],
    );
    const actions = await client.codeActions(uri, diagnostics[0].range, [diagnostics[0]]);
    const pin = actions.find((a) => a.title.startsWith('Pin torch to ==2.3.1 (installed in .venv)'));
    assert.ok(pin, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    const resolved = pin.edit ? pin : await client.resolve(pin);
    assert.equal(applyWorkspaceEdit(resolved.edit, uri, text, 1), 'torch==2.3.1\n--extra-index-url https://internal.example/simple\n');
  });

  it('reads package.json (language id json) with the lock file beside it, and pyproject.toml (toml)', async () => {
    const manifest = await open('package.json', 'json', '{\n  "dependencies": {\n    "openai": "latest"\n  }\n}\n');
    assert.deepEqual(manifest.diagnostics.map((d) => [d.code, d.range.start.line]), [['supply-chain/unpinned-npm-dependency', 2]]);
    const actions = await client.codeActions(manifest.uri, manifest.diagnostics[0].range, manifest.diagnostics);
    assert.ok(actions.some((a) => a.title.startsWith('Pin openai to 4.67.3 (from package-lock.json)')), actions.map((a) => a.title).join(' | '));

    const pyproject = await open('pyproject.toml', 'toml', '[project]\nname = "x"\ndependencies = ["torch"]\n');
    assert.deepEqual(pyproject.diagnostics.map((d) => [d.code, d.range.start.line]), [['supply-chain/unbounded-pyproject-dependency', 2]]);
  });

  it('reads pyproject.toml opened as plain text (VS Code without a TOML extension)', async () => {
    const { diagnostics } = await open('pyproject.toml', 'plaintext', '[project]\nname = "x"\ndependencies = ["numpy"]\n');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['supply-chain/unbounded-pyproject-dependency', 2]]);
  });

  it('survives a malformed manifest with a diagnostic, not a crash', async () => {
    const { diagnostics } = await open('package.json', 'json', '{ "dependencies": { "a": "1.0.0" "b": "*" } }');
    assert.ok(diagnostics.some((d) => d.code === 'supply-chain/unreadable-manifest'));
    assert.ok(client.alive);
  });
});
