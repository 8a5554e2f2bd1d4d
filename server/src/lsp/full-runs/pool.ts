import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromFullRunWorker, FullRunJob, FullRunOutcome, ToFullRunWorker } from './protocol';

/** Where the worker's code is, and how to start it. */
export interface WorkerScript {
  file: string;
  /** JavaScript to evaluate instead of loading `file` (for a TypeScript worker, which needs tsx registered first). */
  eval?: string;
}

/**
 * The bundled worker beside the server bundle (dist/lsp-worker.js); when the server runs from its sources
 * under tsx (tests), the TypeScript worker loaded through tsx. Undefined when neither exists: full runs then
 * stay on the main thread.
 */
export function defaultWorkerScript(): WorkerScript | undefined {
  const bundled = path.join(__dirname, 'lsp-worker.js');
  if (fs.existsSync(bundled)) return { file: bundled };
  const source = path.join(__dirname, 'worker.ts');
  if (!__filename.endsWith('.ts') || !fs.existsSync(source)) return undefined;
  let tsx: string;
  try {
    tsx = require.resolve('tsx/cjs');
  } catch {
    return undefined;
  }
  // Worker threads do not take .ts entry points, even with tsx's loader: register tsx, then require the source.
  return { file: source, eval: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});` };
}

/** One worker, or two when there are cores to spare: the main thread needs one of its own for keystrokes. */
export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(2, cores - 1));
}

export interface PoolOptions {
  /** A run taking longer than this is abandoned (its worker is replaced). Default 60 s. */
  timeoutMs?: number;
  /** Heap limit of each worker. Default 2 GB. */
  heapMb?: number;
  /**
   * Workers with nothing to do for this long are stopped (their grammars and heap are tens of megabytes);
   * the next job starts them again. Default 60 s.
   */
  idleMs?: number;
}

/** Why a worker stopped when the pool stopped it for having nothing to do: not worth a log line. */
const IDLE_STOP = 'idle';

/** A queued or running job and whoever waits for it. */
interface Entry {
  key: string;
  job: FullRunJob;
  resolve: (outcome: FullRunOutcome | undefined) => void;
  reject: (error: Error) => void;
  /** Superseded or cancelled while running: its result is dropped. */
  discarded: boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current: Entry | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Set when the pool stops this worker on purpose (time limit, dispose). */
  stopping: string | undefined;
}

/** Workers that fail to start this many times in a row make the pool give up (callers then run inline). */
const MAX_CONSECUTIVE_FAILURES = 3;

/**
 * Worker threads that run whole-document analyses. One job per key (a document) at a time: a newer job
 * for the key replaces a queued one and discards the running one's result. The smallest queued job goes
 * first, so a small document never waits behind a queue of large ones. A worker that crashes, runs out of
 * memory or exceeds the time limit fails only its current job, and is replaced.
 */
export class FullRunPool {
  private readonly slots: Slot[] = [];
  private readonly queue = new Map<string, Entry>();
  private nextId = 1;
  private failures = 0;
  private broken: string | undefined;
  private disposed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly script: WorkerScript,
    private readonly size: number,
    private readonly log: (message: string) => void,
    private readonly options: PoolOptions = {},
  ) {}

  /** False once workers could not be started: the caller should analyse on its own thread. */
  get available(): boolean {
    return !this.broken && !this.disposed;
  }

  /** Resolves with the outcome, or undefined when the job was superseded or cancelled; rejects when it failed. */
  submit(key: string, job: Omit<FullRunJob, 'id'>): Promise<FullRunOutcome | undefined> {
    if (!this.available) return Promise.reject(new Error(this.broken ?? 'the analysis workers are stopped'));
    this.cancel(key);
    return new Promise((resolve, reject) => {
      this.queue.set(key, { key, job: { ...job, id: this.nextId++ }, resolve, reject, discarded: false });
      this.startWorkers();
      this.dispatch();
    });
  }

  /** Starts the workers now, so that the first job does not wait for them to load the grammars. */
  prestart(): void {
    this.startWorkers();
    this.dispatch();
  }

  /** Drops the key's queued job and discards the result of its running one. */
  cancel(key: string): void {
    const queued = this.queue.get(key);
    if (queued) {
      this.queue.delete(key);
      queued.resolve(undefined);
    }
    for (const slot of this.slots) {
      if (slot.current?.key === key && !slot.current.discarded) {
        slot.current.discarded = true;
        slot.current.resolve(undefined);
      }
    }
  }

  /** How many workers are running (started or starting). */
  get workerCount(): number {
    return this.slots.length;
  }

  dispose(): void {
    this.disposed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const entry of this.queue.values()) entry.resolve(undefined);
    this.queue.clear();
    for (const slot of this.slots.splice(0)) {
      slot.stopping = 'disposed';
      if (slot.timer) clearTimeout(slot.timer);
      slot.current?.resolve(undefined);
      void slot.worker.terminate();
    }
  }

  private startWorkers(): void {
    while (this.slots.length < this.size && this.available) this.startWorker();
  }

  private startWorker(): void {
    let worker: Worker;
    try {
      worker = new Worker(this.script.eval ?? this.script.file, {
        eval: this.script.eval !== undefined,
        resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb ?? 2048 },
      });
    } catch (error) {
      this.giveUp(`cannot start an analysis worker: ${describe(error)}`);
      return;
    }
    const slot: Slot = { worker, ready: false, current: undefined, timer: undefined, stopping: undefined };
    this.slots.push(slot);
    worker.on('message', (message: FromFullRunWorker) => this.onMessage(slot, message));
    worker.on('error', (error) => {
      slot.stopping ??= describe(error);
    });
    worker.on('exit', () => this.onExit(slot));
  }

  private onMessage(slot: Slot, message: FromFullRunWorker): void {
    if (message.type === 'ready') {
      slot.ready = true;
      this.failures = 0;
      this.dispatch();
      return;
    }
    if (message.type === 'init-failed') {
      slot.stopping = `the analysis worker could not load the grammars: ${message.message}`;
      void slot.worker.terminate();
      return;
    }
    const entry = slot.current;
    if (!entry || entry.job.id !== message.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.current = undefined;
    slot.timer = undefined;
    if (!entry.discarded) {
      if (message.type === 'done') entry.resolve(message.outcome);
      else entry.reject(new Error(message.message));
    }
    this.dispatch();
  }

  private onExit(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.stopping === IDLE_STOP && !slot.current) {
      // Stopped for having nothing to do; work that came in meanwhile starts a fresh worker.
      if (!this.disposed && this.queue.size > 0) {
        this.startWorkers();
        this.dispatch();
      }
      return;
    }
    const reason = slot.stopping ?? 'the analysis worker stopped unexpectedly';
    const entry = slot.current;
    if (entry && !entry.discarded) entry.reject(new Error(reason));
    if (this.disposed) return;
    this.log(`AISec: ${reason}`);
    // A document that crashes or outlasts its worker fails alone; workers that cannot even start are the pool's problem.
    if (!slot.ready) this.failures++;
    if (this.failures >= MAX_CONSECUTIVE_FAILURES) {
      this.giveUp(`analysis workers failed ${this.failures} times in a row (${reason}); analysing on the main thread`);
      return;
    }
    if (this.queue.size > 0) {
      this.startWorkers();
      this.dispatch();
    }
  }

  private giveUp(reason: string): void {
    this.broken = reason;
    this.log(`AISec: ${reason}`);
    for (const entry of this.queue.values()) entry.reject(new Error(reason));
    this.queue.clear();
  }

  private dispatch(): void {
    this.assign();
    this.armIdleStop();
    // Work queued or running keeps the process alive; idle workers must not once the server's connection is gone.
    for (const slot of this.slots) {
      if (slot.current || (!slot.ready && this.queue.size > 0)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  /** With nothing queued or running, the workers are stopped after the idle time; new work cancels that. */
  private armIdleStop(): void {
    const busy = this.queue.size > 0 || this.slots.some((slot) => slot.current);
    if (busy || this.slots.length === 0) {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      return;
    }
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.queue.size > 0) return;
      for (const slot of [...this.slots]) {
        if (slot.current || slot.stopping) continue;
        slot.stopping = IDLE_STOP;
        void slot.worker.terminate();
      }
    }, this.options.idleMs ?? 60_000);
    this.idleTimer.unref();
  }

  private assign(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.current || slot.stopping) continue;
      const entry = this.takeSmallest();
      if (!entry) return;
      slot.current = entry;
      slot.timer = setTimeout(() => {
        slot.stopping = `the analysis of a document took longer than ${(this.options.timeoutMs ?? 60_000) / 1000} s and was stopped`;
        void slot.worker.terminate();
      }, this.options.timeoutMs ?? 60_000);
      slot.worker.postMessage({ type: 'run', job: entry.job } satisfies ToFullRunWorker);
    }
  }

  private takeSmallest(): Entry | undefined {
    let smallest: Entry | undefined;
    for (const entry of this.queue.values()) if (!smallest || entry.job.text.length < smallest.job.text.length) smallest = entry;
    if (smallest) this.queue.delete(smallest.key);
    return smallest;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
