import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { initEngine } from '../engine';
import { analyzeFile } from './analyze-file';
import type { FromWorker, ToWorker } from './protocol';
import type { AisecConfig, FileResult, ScanTask } from './types';

export interface ScanOptions {
  /** The configurations that tasks point to with `configIndex`. */
  configs: AisecConfig[];
  /** Worker threads to use at most; default: one per core. */
  jobs?: number;
  /**
   * The bundled worker; default `worker.js` beside this bundle. Without one (running from sources under tsx),
   * analysis runs in this thread, without the protection against crashes and hangs that workers give.
   */
  workerScript?: string;
  /** Heap limit of each worker: a file that needs more is abandoned with a note. Default 2 GB. */
  workerHeapMb?: number;
  /** A file taking longer than this is abandoned with a note (its worker is replaced). Default 60 s. */
  fileTimeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** A worker started while the files were being found (`PrestartedWorker`); the pool takes it before making new ones. */
  prestarted?: PrestartedWorker;
}

export interface ScanResult {
  /** One per task, in the tasks' order. */
  results: FileResult[];
  /** Worker threads used (0: analysed in this thread, when no worker script was found). */
  workers: number;
}

/**
 * Below this many files per extra worker, starting another worker (each loads the grammars) costs more than
 * it saves. Even a one-file scan uses one worker: it keeps a file that crashes or hangs the analysis from
 * taking the CLI with it.
 */
const MIN_FILES_PER_WORKER = 8;
const MAX_BATCH = 32;
const YOUNG_GENERATION_MB = 16;

export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Each worker's memory limits, the same for prestarted and pool-made workers. */
function workerResourceLimits(heapMb: number | undefined): ResourceLimits {
  // A small young generation: a file's short-lived objects die young either way, and each worker's
  // semispaces otherwise take tens of MB (see worker-memory.ts for the old generation).
  return { maxOldGenerationSizeMb: heapMb ?? 2048, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
}

/**
 * A worker started before the scan knows its files. A worker spends about a third of a second loading the
 * bundle, the grammars and the rules; the CLI starts one before discovery, on the core discovery leaves idle,
 * and the pool adopts it as its first worker. Until then it only loads: it analyses nothing before it is sent
 * configurations and files. Unused (nothing to analyse, everything cached), it is stopped by `dispose`.
 */
export class PrestartedWorker {
  private worker: Worker | undefined;
  /** Set if it failed before the pool took it: the pool then starts a fresh worker, which meets the failure where it is handled. */
  private failed = false;

  constructor(
    readonly script: string,
    private readonly heapMb?: number,
  ) {
    const worker = new Worker(script, { resourceLimits: workerResourceLimits(heapMb) });
    worker.on('message', this.onMessage);
    worker.on('error', this.onFailure);
    worker.on('exit', this.onFailure);
    this.worker = worker;
    this.threadId = worker.threadId;
  }

  /** The worker's thread id (tests check that the pool used it). */
  readonly threadId: number;

  private readonly onFailure = (): void => {
    this.failed = true;
  };

  private readonly onMessage = (message: FromWorker): void => {
    if (message.type === 'init-failed') this.failed = true;
  };

  /** The worker, once, if it is still alive and was started from this script with this heap limit; its listeners are removed. */
  take(script: string, heapMb: number | undefined): Worker | undefined {
    const worker = this.worker;
    if (!worker || script !== this.script || heapMb !== this.heapMb || this.failed) {
      this.dispose();
      return undefined;
    }
    this.worker = undefined;
    this.release(worker);
    return worker;
  }

  /** Stops the worker if the pool did not take it. */
  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      this.release(worker);
      // An 'error' during shutdown must not become an uncaught exception.
      worker.on('error', () => undefined);
      void worker.terminate();
    }
  }

  /** Removes this object's listeners only: the worker's own (Node's wiring of its message port) stay. */
  private release(worker: Worker): void {
    worker.off('message', this.onMessage);
    worker.off('error', this.onFailure);
    worker.off('exit', this.onFailure);
  }
}

export function defaultWorkerScript(): string | undefined {
  const candidate = path.join(__dirname, 'worker.js');
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** Analyses files in parallel on worker threads; one file's crash or hang becomes a note on that file. */
export async function scanFiles(tasks: ScanTask[], options: ScanOptions): Promise<ScanResult> {
  const jobs = Math.max(1, options.jobs ?? defaultJobs());
  const workerScript = options.workerScript ?? defaultWorkerScript();
  try {
    if (!workerScript) return { results: await scanInThread(tasks, options), workers: 0 };
    if (tasks.length === 0) return { results: [], workers: 0 };
    const workers = Math.max(1, Math.min(jobs, Math.floor(tasks.length / MIN_FILES_PER_WORKER)));
    const pool = new WorkerPool(workerScript, workers, tasks, options);
    return { results: await pool.run(), workers };
  } finally {
    options.prestarted?.dispose();
  }
}

async function scanInThread(tasks: ScanTask[], options: ScanOptions): Promise<FileResult[]> {
  await initEngine();
  const results: FileResult[] = [];
  for (const task of tasks) {
    results.push(analyzeFile(task, options.configs[task.configIndex]));
    options.onProgress?.(results.length, tasks.length);
    // Let the progress bar and signals through between files.
    if (results.length % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}

interface Batch {
  id: number;
  /** Positions in the task list. */
  indexes: number[];
}

interface Slot {
  worker: Worker;
  batch?: Batch;
  /** How many files of the batch are done. */
  done: number;
  timer?: NodeJS.Timeout;
  /** Why this worker is being stopped, when the scanner stopped it. */
  stopping?: 'timeout' | 'finished';
  /** The error that ended the worker, if one did. */
  error?: Error;
}

class WorkerPool {
  private readonly results: (FileResult | undefined)[];
  private readonly queue: Batch[] = [];
  private readonly slots = new Set<Slot>();
  private nextBatchId = 0;
  private finished = 0;
  private readonly fileTimeoutMs: number;
  private resolve!: (results: FileResult[]) => void;
  private reject!: (error: Error) => void;
  private settled = false;

  constructor(
    private readonly script: string,
    private readonly size: number,
    private readonly tasks: ScanTask[],
    private readonly options: ScanOptions,
  ) {
    this.results = new Array(tasks.length);
    this.fileTimeoutMs = options.fileTimeoutMs ?? 60_000;
    // Several batches per worker keep all cores busy to the end even when file sizes are uneven.
    const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.ceil(tasks.length / (size * 4))));
    for (let start = 0; start < tasks.length; start += batchSize) {
      const indexes: number[] = [];
      for (let i = start; i < Math.min(tasks.length, start + batchSize); i++) indexes.push(i);
      this.queue.push({ id: this.nextBatchId++, indexes });
    }
  }

  run(): Promise<FileResult[]> {
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      if (this.tasks.length === 0) return this.finish();
      for (let i = 0; i < this.size; i++) this.startWorker();
    });
  }

  private startWorker(): void {
    const worker = this.options.prestarted?.take(this.script, this.options.workerHeapMb) ?? new Worker(this.script, { resourceLimits: workerResourceLimits(this.options.workerHeapMb) });
    const slot: Slot = { worker, done: 0 };
    this.slots.add(slot);
    worker.postMessage({ type: 'configs', configs: this.options.configs } satisfies ToWorker);
    worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    worker.on('error', (error) => {
      // The 'exit' event follows and decides what happens to the batch.
      slot.error = error;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
    this.dispatch(slot);
  }

  private dispatch(slot: Slot): void {
    const batch = this.queue.shift();
    if (!batch) {
      slot.batch = undefined;
      slot.stopping = 'finished';
      void slot.worker.terminate();
      return;
    }
    slot.batch = batch;
    slot.done = 0;
    slot.worker.postMessage({
      type: 'batch',
      batchId: batch.id,
      tasks: batch.indexes.map((i) => this.tasks[i]),
    } satisfies ToWorker);
    this.arm(slot);
  }

  /**
   * Replaces a worker whose parser heap grew on an outsized file (WebAssembly memory never shrinks): the rest
   * of its batch goes back to the front of the queue, and onExit starts the replacement.
   */
  private retire(slot: Slot): void {
    const batch = slot.batch!;
    const rest = batch.indexes.slice(slot.done);
    if (rest.length > 0) this.queue.unshift({ id: this.nextBatchId++, indexes: rest });
    slot.batch = undefined;
    slot.stopping = 'finished';
    if (slot.timer) clearTimeout(slot.timer);
    void slot.worker.terminate();
  }

  /** The watchdog: a worker must finish its current file within the time limit. */
  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.stopping = 'timeout';
      void slot.worker.terminate();
    }, this.fileTimeoutMs);
    slot.timer.unref();
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'init-failed') {
      this.fail(new Error(`a scan worker could not load the parsers: ${message.message}`));
      return;
    }
    if (message.type !== 'file' || !slot.batch || message.batchId !== slot.batch.id) return;
    this.record(slot.batch.indexes[message.index], message.result);
    slot.done = message.index + 1;
    if (message.retire) return this.retire(slot);
    if (slot.done === slot.batch.indexes.length) this.dispatch(slot);
    else this.arm(slot);
  }

  private onExit(slot: Slot, code: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    this.slots.delete(slot);
    if (this.settled) return;
    const batch = slot.batch;
    if (batch && slot.done < batch.indexes.length) {
      const culprit = batch.indexes[slot.done];
      const reason =
        slot.stopping === 'timeout'
          ? `not analysed: took longer than ${seconds(this.fileTimeoutMs)}`
          : (slot.error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'not analysed: the analysis ran out of memory'
            : `not analysed: the analysis crashed (${slot.error ? slot.error.message : `worker exit code ${code}`})`;
      this.record(culprit, { path: this.tasks[culprit].path, findings: [], notes: [reason], lines: 0 });
      const rest = batch.indexes.slice(slot.done + 1);
      if (rest.length > 0) this.queue.unshift({ id: this.nextBatchId++, indexes: rest });
    }
    if (this.finished === this.tasks.length) return this.finish();
    // Replace the worker while there is work nobody else is doing.
    if (this.queue.length > 0 && this.slots.size < this.size) this.startWorker();
  }

  private record(index: number, result: FileResult): void {
    if (this.results[index]) return;
    this.results[index] = result;
    this.finished++;
    this.options.onProgress?.(this.finished, this.tasks.length);
    if (this.finished === this.tasks.length) this.finish();
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.stopping = 'finished';
      void slot.worker.terminate();
    }
    this.resolve(this.results as FileResult[]);
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    for (const slot of this.slots) void slot.worker.terminate();
    this.reject(error);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}
