import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { runCli } from '../cli/run-cli';
import { fileUri, TestClient } from './support/lsp-client';

const LOADER = 'import torch\n\nmodel = torch.load("model.pt")\n';
const RULE = 'supply-chain/torch-load-without-weights-only';
const HINT = 4;
const INFORMATION = 3;

describe('language server: findings accepted by the project baseline', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient | undefined;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-baseline-'));
    fs.writeFileSync(path.join(dir, 'load.py'), LOADER);
    fs.writeFileSync(path.join(dir, '.aisec.json'), '{ "baseline": "aisec-baseline.json" }\n');
    // The same baseline the CLI writes and gates on.
    const written = await runCli(['scan', '--write-baseline', 'aisec-baseline.json'], dir);
    assert.equal(written.code, 0, written.stderr);
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function diagnosticsOf(text: string, settings: Record<string, unknown>): Promise<Diagnostic[]> {
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0, ...settings } });
    const uri = fileUri(path.join(dir, 'load.py'));
    await client.open(uri, 'python', text, 1);
    return (await client.waitForDiagnostics(uri)).diagnostics.filter((d) => d.code === RULE);
  }

  it('shows accepted findings as hints by default, and new ones at their severity', async () => {
    const text = LOADER.replace('import torch\n', 'import torch\n\n\n') + 'other = torch.load("other.pt")\n';
    const diagnostics = await diagnosticsOf(text, {});
    assert.equal(diagnostics.length, 2);
    const [accepted, fresh] = diagnostics.sort((a, b) => a.range.start.line - b.range.start.line);
    assert.equal(accepted.range.start.line, 4, 'the accepted call moved down two lines');
    assert.equal(accepted.severity, HINT);
    assert.match(String(accepted.message), /\(accepted in the baseline\)$/);
    assert.notEqual(fresh.severity, HINT);
    assert.doesNotMatch(String(fresh.message), /baseline/);
  });

  it('follows aisec.baselineSeverity: info, or unchanged', async () => {
    const info = await diagnosticsOf(LOADER, { baselineSeverity: 'info' });
    assert.equal(info[0].severity, INFORMATION);
    await client!.stop();
    const unchanged = await diagnosticsOf(LOADER, { baselineSeverity: 'unchanged' });
    assert.ok(unchanged[0].severity! <= 2, `severity ${unchanged[0].severity}`);
    assert.match(String(unchanged[0].message), /accepted in the baseline/);
  });

  it('re-publishes when the baseline file changes', async () => {
    const before = await diagnosticsOf(LOADER, {});
    assert.equal(before[0].severity, HINT);
    const uri = fileUri(path.join(dir, 'load.py'));
    const baselineFile = path.join(dir, 'aisec-baseline.json');
    const emptied = { ...JSON.parse(fs.readFileSync(baselineFile, 'utf8')), findings: [] };
    fs.writeFileSync(baselineFile, JSON.stringify(emptied));
    const mark = client!.diagnostics.length;
    await client!.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(baselineFile), type: 2 }] });
    const after = await client!.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === RULE), mark);
    const finding = after.diagnostics.find((d) => d.code === RULE)!;
    assert.notEqual(finding.severity, HINT);
    assert.doesNotMatch(String(finding.message), /baseline/);
  });
});
