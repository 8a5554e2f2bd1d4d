import type { AisecConfig, FileResult, ScanTask } from './types';

/** Messages between the scanner and its worker threads. */
export type ToWorker =
  | { type: 'configs'; configs: AisecConfig[] }
  | { type: 'batch'; batchId: number; tasks: ScanTask[] };

export type FromWorker =
  | { type: 'ready' }
  /** One per file, in the batch's order, so the scanner always knows which file a worker is on. */
  | { type: 'file'; batchId: number; index: number; result: FileResult; /** Replace this worker now (its parser heap grew; see worker-memory.ts). */ retire?: boolean }
  | { type: 'init-failed'; message: string };
