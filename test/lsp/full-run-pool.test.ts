import * as assert from 'node:assert/strict';
import { defaultWorkerScript, FullRunPool, type WorkerScript } from '../../server/src/lsp/full-runs/pool';
import type { FullRunJob } from '../../server/src/lsp/full-runs/protocol';

const CONFIG = { rules: {}, ruleOptions: {}, exclude: [], failLevel: 'warning' as const, settings: {} };

function job(text: string, filePath = '/w/a.py'): Omit<FullRunJob, 'id'> {
  return { text, languageId: 'python', filePath, documentName: filePath, config: CONFIG };
}

/** A stand-in worker: ready at once, and for each job does what its text says ("crash", "hang", or answers). */
const SCRIPTED: WorkerScript = {
  file: 'scripted-worker',
  eval: `
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ type: 'ready' });
    parentPort.on('message', ({ job }) => {
      if (job.text === 'crash') process.exit(3);
      if (job.text === 'hang') { const until = Date.now() + 60000; while (Date.now() < until); }
      const wait = job.text.startsWith('slow') ? 300 : 0;
      setTimeout(() => parentPort.postMessage({ type: 'done', id: job.id, outcome: { findings: [], notes: [job.text], complete: true, state: {} } }), wait);
    });`,
};

describe('full-run worker pool', function () {
  this.timeout(60_000);
  let pool: FullRunPool | undefined;
  const logs: string[] = [];

  afterEach(() => {
    pool?.dispose();
    pool = undefined;
    logs.length = 0;
  });

  it('runs the real worker from the TypeScript sources (under tsx) and returns findings and the analyzer state', async () => {
    const script = defaultWorkerScript();
    assert.ok(script, 'a worker script is found when running from source');
    pool = new FullRunPool(script, 1, (message) => logs.push(message));
    const outcome = await pool.submit('a', job('import torch\n\ndef f(p):\n    return torch.load(p)\n'));
    assert.deepEqual(outcome?.findings.map((f) => f.ruleId), ['supply-chain/torch-load-without-weights-only']);
    assert.ok(outcome?.state.cache.length, 'the statement cache comes back');
    assert.ok(outcome?.state.documentRules, 'the document-scoped rules come back');
  });

  it('stops workers that have been idle, quietly, and starts one again for the next job', async () => {
    pool = new FullRunPool(SCRIPTED, 1, (message) => logs.push(message), { idleMs: 100 });
    assert.equal(pool.workerCount, 0, 'no worker before there is work');
    assert.deepEqual((await pool.submit('a', job('first')))?.notes, ['first']);
    assert.equal(pool.workerCount, 1);
    const until = Date.now() + 5_000;
    while (pool.workerCount > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(pool.workerCount, 0, 'the idle worker was stopped');
    assert.deepEqual((await pool.submit('a', job('second')))?.notes, ['second']);
    assert.equal(pool.available, true);
    assert.deepEqual(logs, [], 'stopping an idle worker is not a failure');
  });

  it('keeps a worker that is running a job past the idle time', async () => {
    pool = new FullRunPool(SCRIPTED, 1, (message) => logs.push(message), { idleMs: 50 });
    assert.deepEqual((await pool.submit('a', job('slow a')))?.notes, ['slow a']);
    assert.deepEqual(logs, []);
  });

  it('a newer job for a document replaces its queued one and discards its running one', async () => {
    pool = new FullRunPool(SCRIPTED, 1, (message) => logs.push(message));
    const running = pool.submit('a', job('slow a1'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const queuedB = pool.submit('b', job('slow b1'));
    const replacedB = queuedB.then((outcome) => outcome);
    const newestB = pool.submit('b', job('b2'));
    const newestA = pool.submit('a', job('a2'));
    assert.equal(await running, undefined, 'the running job of a was superseded');
    assert.equal(await replacedB, undefined, 'the queued job of b was replaced');
    assert.deepEqual((await newestB)?.notes, ['b2']);
    assert.deepEqual((await newestA)?.notes, ['a2']);
    const cancelled = pool.submit('c', job('slow c'));
    pool.cancel('c');
    assert.equal(await cancelled, undefined);
  });

  it('runs the smallest queued document first', async () => {
    pool = new FullRunPool(SCRIPTED, 1, (message) => logs.push(message));
    // The worker must be ready before 'first' is submitted, so that 'first' starts at once and the other two
    // queue behind it (waiting a fixed time for the worker to start made this depend on the machine's load).
    await pool.submit('warm-up', job('warm-up'));
    const order: string[] = [];
    const first = pool.submit('first', job('slow first')).then(() => order.push('first'));
    const large = pool.submit('large', job('x'.repeat(10_000))).then(() => order.push('large'));
    const small = pool.submit('small', job('y')).then(() => order.push('small'));
    await Promise.all([first, large, small]);
    assert.deepEqual(order, ['first', 'small', 'large']);
  });

  it('a job that crashes or hangs its worker fails alone; the worker is replaced', async () => {
    pool = new FullRunPool(SCRIPTED, 1, (message) => logs.push(message), { timeoutMs: 500 });
    await assert.rejects(pool.submit('a', job('crash')), /stopped unexpectedly/);
    await assert.rejects(pool.submit('b', job('hang')), /longer than 0.5 s/);
    assert.deepEqual((await pool.submit('c', job('fine')))?.notes, ['fine']);
    assert.equal(pool.available, true);
  });

  it('gives up after workers fail to start three times, so the server analyses on its own thread', async () => {
    pool = new FullRunPool({ file: 'broken', eval: 'throw new Error("no grammars here")' }, 1, (message) => logs.push(message));
    await assert.rejects(pool.submit('a', job('x')), /no grammars here/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(pool.available, false);
    assert.ok(logs.some((line) => /failed 3 times in a row/.test(line)), logs.join('\n'));
  });
});
