import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/engine';
import { PrestartedWorker, scanFiles } from '../../server/src/scan/scanner';
import type { ScanTask } from '../../server/src/scan/types';

/**
 * The worker pool against stand-in workers that speak the real protocol but crash or hang on chosen files,
 * and against the real bundled worker.
 */
const FAKE_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (message) => {
  if (message.type !== 'batch') return;
  message.tasks.forEach((task, index) => {
    if (task.path.includes('crash')) process.exit(7);
    if (task.path.includes('hang')) for (;;) {}
    parentPort.postMessage({ type: 'file', batchId: message.batchId, index,
      result: { path: task.path, findings: [], notes: ['seen by ' + require('node:worker_threads').threadId], lines: 1 },
      retire: task.path.includes('retire') });
  });
});
`;

describe('scanFiles worker pool', () => {
  let dir: string;
  let fakeWorker: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-pool-'));
    fakeWorker = path.join(dir, 'fake-worker.js');
    fs.writeFileSync(fakeWorker, FAKE_WORKER);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const tasks = (names: string[]): ScanTask[] => names.map((name) => ({ path: path.join(dir, name), languageId: 'python', configIndex: 0 }));
  const names = (count: number, special: Record<number, string> = {}) =>
    Array.from({ length: count }, (_, i) => special[i] ?? `file${String(i).padStart(3, '0')}.py`);

  it('spreads files over several workers and returns one result per file, in order', async () => {
    const input = tasks(names(64));
    const { results, workers } = await scanFiles(input, { configs: [defaultConfig()], jobs: 2, workerScript: fakeWorker });
    assert.equal(workers, 2);
    assert.deepEqual(results.map((r) => r.path), input.map((t) => t.path));
    const threads = new Set(results.map((r) => r.notes[0]));
    assert.equal(threads.size >= 2, true, `expected two worker threads, saw ${[...threads].join(', ')}`);
  });

  it('replaces a worker that asks to retire (memory) and gives the rest of its batch to others', async () => {
    // 16 files on one worker: batches of 4, so the retiring file is in the middle of the first batch.
    const input = tasks(names(16, { 1: 'retire.py' }));
    const { results } = await scanFiles(input, { configs: [defaultConfig()], jobs: 1, workerScript: fakeWorker });
    assert.deepEqual(results.map((r) => r.path), input.map((t) => t.path));
    assert.ok(results.every((r) => r.notes.length === 1 && r.notes[0].startsWith('seen by ')), 'no file lost or noted as failed');
    const retiredBy = results[1].notes[0];
    assert.equal(results[0].notes[0], retiredBy);
    assert.notEqual(results[2].notes[0], retiredBy, 'the rest of the batch went to a new worker');
  });

  it('turns a crashing file into a note, replaces the worker and finishes the rest', async () => {
    const input = tasks(names(40, { 5: 'crash-a.py', 23: 'crash-b.py' }));
    const { results } = await scanFiles(input, { configs: [defaultConfig()], jobs: 2, workerScript: fakeWorker });
    assert.equal(results.length, 40);
    for (const [i, result] of results.entries()) {
      if (i === 5 || i === 23) assert.match(result.notes[0], /the analysis crashed \(worker exit code 7\)/);
      else assert.match(result.notes[0], /^seen by /);
    }
  });

  it('abandons a file that hangs after the time limit and finishes the rest', async () => {
    const input = tasks(names(20, { 3: 'hang.py' }));
    // The limit leaves room for a replacement worker to start on a loaded machine; the hang is endless anyway.
    const { results } = await scanFiles(input, { configs: [defaultConfig()], jobs: 2, workerScript: fakeWorker, fileTimeoutMs: 2_000 });
    assert.match(results[3].notes[0], /not analysed: took longer than 2 s/);
    assert.equal(results.filter((r) => /^seen by /.test(r.notes[0] ?? '')).length, 19);
  });

  it('analyses real files with the bundled worker (dist/worker.js)', async function () {
    const worker = path.resolve(__dirname, '../../dist/worker.js');
    assert.ok(fs.existsSync(worker), 'dist/worker.js is missing: npm test builds it first (node scripts/build.mjs)');
    const files = names(24).map((name) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'import torch\nmodel = torch.load("model.pt")\n');
      return file;
    });
    const { results, workers } = await scanFiles(tasks(files.map((f) => path.basename(f))), {
      configs: [defaultConfig()],
      jobs: 2,
      workerScript: worker,
    });
    assert.equal(workers, 2);
    for (const result of results) {
      assert.equal(result.lines, 2);
      assert.ok(result.findings.some((f) => f.ruleId === 'supply-chain/torch-load-without-weights-only'), result.path);
    }
  });

  it('uses a single worker for a small scan, so a crash there is still only a note', async () => {
    const input = tasks(['a.py', 'crash.py', 'c.py']);
    const { results, workers } = await scanFiles(input, { configs: [defaultConfig()], jobs: 4, workerScript: fakeWorker });
    assert.equal(workers, 1);
    assert.match(results[1].notes[0], /crashed/);
    assert.match(results[2].notes[0], /^seen by /);
  });

  it('abandons a file that exhausts the worker heap', async () => {
    const hungry = path.join(dir, 'hungry-worker.js');
    fs.writeFileSync(hungry, FAKE_WORKER.replace("if (task.path.includes('hang')) for (;;) {}", "if (task.path.includes('hungry')) { const keep = []; for (;;) keep.push(new Array(1e5).fill(keep.length)); }"));
    const input = tasks(['a.py', 'hungry.py', 'c.py']);
    const { results } = await scanFiles(input, { configs: [defaultConfig()], jobs: 1, workerScript: hungry, workerHeapMb: 64 });
    assert.equal(results[1].notes[0], 'not analysed: the analysis ran out of memory');
    assert.match(results[2].notes[0], /^seen by /);
  });

  describe('a worker started before the files are known', () => {
    it('is the pool\'s first worker, and the pool adds the others', async () => {
      const prestarted = new PrestartedWorker(fakeWorker);
      const input = tasks(names(64));
      const { results, workers } = await scanFiles(input, { configs: [defaultConfig()], jobs: 2, workerScript: fakeWorker, prestarted });
      assert.equal(workers, 2);
      assert.deepEqual(results.map((r) => r.path), input.map((t) => t.path));
      const threads = new Set(results.map((r) => r.notes[0]));
      assert.ok(threads.has(`seen by ${prestarted.threadId}`), `the prestarted worker analysed nothing: ${[...threads].join(', ')}`);
      assert.equal(threads.size, 2);
    });

    it('is stopped when there is nothing to analyse, and cannot be taken afterwards', async () => {
      const prestarted = new PrestartedWorker(fakeWorker);
      const { results } = await scanFiles([], { configs: [defaultConfig()], workerScript: fakeWorker, prestarted });
      assert.deepEqual(results, []);
      assert.equal(prestarted.take(fakeWorker, undefined), undefined);
    });

    it('is not used for another script or heap limit, which the pool starts afresh', async () => {
      const prestarted = new PrestartedWorker(fakeWorker);
      const other = path.join(dir, 'other-worker.js');
      fs.writeFileSync(other, FAKE_WORKER);
      const { results } = await scanFiles(tasks(names(3)), { configs: [defaultConfig()], workerScript: other, prestarted });
      assert.ok(results.every((r) => r.notes[0] !== `seen by ${prestarted.threadId}`));
      assert.equal(prestarted.take(fakeWorker, undefined), undefined, 'the unused worker was stopped');
    });

    it('that failed to load is replaced, and the failure is reported rather than waited on', async () => {
      const failing = path.join(dir, 'failing-worker.js');
      fs.writeFileSync(failing, "require('node:worker_threads').parentPort.postMessage({ type: 'init-failed', message: 'no grammars' });");
      const prestarted = new PrestartedWorker(failing);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await assert.rejects(scanFiles(tasks(names(3)), { configs: [defaultConfig()], workerScript: failing, prestarted }), /could not load the parsers: no grammars/);
    });
  });

  it('analyses in this thread when no worker script is available (running from sources)', async () => {
    const input = tasks(names(3));
    for (const t of input) fs.writeFileSync(t.path, 'x = 1\n');
    const { results, workers } = await scanFiles(input, { configs: [defaultConfig()], jobs: 4 });
    assert.equal(workers, 0);
    assert.deepEqual(results.map((r) => r.lines), [1, 1, 1]);
  });
});
