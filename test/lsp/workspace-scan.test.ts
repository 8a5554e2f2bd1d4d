import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { fileUri, TestClient } from './support/lsp-client';

const DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/serve.py"]\n';
const TORCH = 'import torch\n\nmodel = torch.load("model.pt")\n';

interface ScanResult {
  files: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

function write(root: string, relative: string, text: string | Buffer): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

describe('language server: workspace scan', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-scan-'));
  });

  afterEach(async () => {
    if (client) await client.stop();
    client = undefined as unknown as TestClient;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scans every supported file with progress, respecting .gitignore and exclude, and keeps closed files in the Problems panel', async () => {
    const dockerfile = write(dir, 'Dockerfile', DOCKERFILE);
    const app = write(dir, 'src/app.py', TORCH);
    write(dir, 'src/clean.py', 'print("hello")\n');
    write(dir, 'node_modules/pkg/index.py', TORCH);
    write(dir, '.gitignore', 'generated/\n');
    write(dir, 'generated/model.py', TORCH);
    write(dir, 'vendor/lib.py', TORCH);
    write(dir, 'blob.py', Buffer.from([0x50, 0x4b, 0x00, 0x01, 0x02]));
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0, exclude: ['vendor/'] } });

    const result = await client.connection.sendRequest<ScanResult>('aisec/scanWorkspace', { workDoneToken: 'scan-1' });
    assert.equal(result.cancelled, false);
    assert.equal(result.files, 3, 'Dockerfile, src/app.py, src/clean.py');
    assert.equal(result.skipped, 1, 'the binary file');

    const begin = client.progress.find((p) => p.token === 'scan-1' && p.value.kind === 'begin');
    const end = client.progress.find((p) => p.token === 'scan-1' && p.value.kind === 'end');
    assert.ok(begin && end, JSON.stringify(client.progress));
    const percentages = client.progress.filter((p) => p.token === 'scan-1' && p.value.kind === 'report').map((p) => p.value.percentage ?? 0);
    assert.equal(percentages[percentages.length - 1], 100);
    for (let i = 1; i < percentages.length; i++) assert.ok(percentages[i] >= percentages[i - 1]);

    const published = (file: string) => client.latestDiagnostics(fileUri(file));
    assert.ok(published(dockerfile)?.diagnostics.some((d) => d.code === 'container/root-user'));
    assert.equal(published(dockerfile)?.version, undefined, 'files that are not open are published without a version');
    assert.ok(published(app)?.diagnostics.some((d) => d.code === 'supply-chain/torch-load-without-weights-only'));
    for (const ignored of ['node_modules/pkg/index.py', 'generated/model.py', 'vendor/lib.py']) {
      assert.equal(published(path.join(dir, ignored)), undefined, `${ignored} is not scanned`);
    }

    // Opening the file replaces the scan's diagnostics with live ones; closing shows what is on disk again.
    const uri = fileUri(app);
    let mark = client.diagnostics.length;
    await client.open(uri, 'python', 'import torch\n\nmodel = torch.load("model.pt", weights_only=True)\n', 1);
    const live = await client.waitForDiagnostics(uri, () => true, mark);
    assert.equal(live.version, 1);
    assert.ok(!live.diagnostics.some((d) => d.code === 'supply-chain/torch-load-without-weights-only'));
    mark = client.diagnostics.length;
    await client.close(uri);
    const onDisk = await client.waitForDiagnostics(uri, () => true, mark);
    assert.equal(onDisk.version, undefined);
    assert.ok(onDisk.diagnostics.some((d) => d.code === 'supply-chain/torch-load-without-weights-only'), 'the file on disk still has the problem');

    // A rescan after the file is fixed on disk clears its entry.
    fs.writeFileSync(app, 'import torch\n\nmodel = torch.load("model.pt", weights_only=True)\n');
    fs.rmSync(dockerfile);
    mark = client.diagnostics.length;
    await client.connection.sendRequest<ScanResult>('aisec/scanWorkspace', {});
    const fresh = client.diagnostics.slice(mark);
    assert.deepEqual(fresh.filter((p) => p.uri === uri).pop()?.diagnostics, []);
    assert.deepEqual(fresh.filter((p) => p.uri === fileUri(dockerfile)).pop()?.diagnostics, [], 'a deleted file\'s findings are cleared');
  });

  it('can be cancelled, and answers with what it did', async () => {
    for (let i = 0; i < 400; i++) write(dir, `pkg/module_${i}.py`, TORCH);
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    const source = new CancellationTokenSource();
    const request = client.connection.sendRequest<ScanResult>('aisec/scanWorkspace', { workDoneToken: 'scan-2' }, source.token);
    await client.waitFor(() => client.diagnostics.length >= 5 || undefined, 'the first files');
    source.cancel();
    const result = await request.catch((error: Error) => ({ error }));
    if ('error' in result) {
      assert.match(result.error.message, /cancel/i);
    } else {
      assert.equal(result.cancelled, true);
      assert.ok(result.files < 400, `stopped early (${result.files} files)`);
    }
    await client.waitFor(() => client.progress.find((p) => p.token === 'scan-2' && p.value.kind === 'end'), 'the end of progress');
    // The server is free for the next scan.
    const again = await client.connection.sendRequest<ScanResult>('aisec/scanWorkspace', {});
    assert.equal(again.files, 400);
  });
});
