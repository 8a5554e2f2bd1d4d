import { parentPort } from 'node:worker_threads';
import { initEngine } from '../engine';
import { analyzeFile } from './analyze-file';
import type { FromWorker, ToWorker } from './protocol';
import type { AisecConfig } from './types';
import { WorkerMemory } from './worker-memory';

/**
 * A scan worker: loads the grammars once, then analyses the batches of files it is sent, answering file
 * by file. Bundled to dist/worker.js; the scanner replaces it if it dies.
 */
if (!parentPort) throw new Error('aisec worker: must run as a worker thread');
const port = parentPort;
let configs: AisecConfig[] = [];
const pending: ToWorker[] = [];
let ready = false;
const memory = new WorkerMemory();
/** One function for every file (a closure made per file would itself be code V8 discards after a collection). */
const collectWhileAlive = (): void => memory.collectIfOverBudget();

function post(message: FromWorker): void {
  port.postMessage(message);
}

function handle(message: ToWorker): void {
  if (message.type === 'configs') {
    configs = message.configs;
    return;
  }
  message.tasks.forEach((task, index) => {
    const result = analyzeFile(task, configs[task.configIndex], collectWhileAlive);
    const retire = memory.afterFile();
    post({ type: 'file', batchId: message.batchId, index, result, ...(retire ? { retire } : {}) });
  });
}

port.on('message', (message: ToWorker) => {
  if (ready) handle(message);
  else pending.push(message);
});

initEngine().then(
  () => {
    ready = true;
    memory.started();
    for (const message of pending.splice(0)) handle(message);
    post({ type: 'ready' });
  },
  (error: unknown) => post({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) }),
);
