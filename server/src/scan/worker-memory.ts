import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parserHeapBytes } from '../engine';

/**
 * Keeps a scan worker's memory near what the file in hand needs. Between files nothing of the previous file
 * is reachable (its tree is deleted, its snapshot and models dropped), but V8 sizes its heap to the 2 GB limit
 * and postpones full collections: measured on the real-world corpus, a worker's heap held 380 MB of which
 * 55 MB were live. The CLI's V8 settings (batch-tuning.ts) make V8's own collections keep the heap near what
 * is live; this is the backstop: after a file whose garbage pushed the heap past a budget anyway, the worker
 * collects. It seldom has to (once in a whole-corpus scan, against 54 collections of V8's own), and should
 * not have to often: a forced full collection also throws away optimized code that V8's own collections keep.
 * WebAssembly memory (the parsers' heap, which grows with the largest tree parsed) never shrinks; a worker
 * whose parser heap grew far past its start asks to be replaced once its batch is done.
 */
const HEAP_BUDGET_BYTES = 64 * 1024 * 1024;
/**
 * Garbage allowed on top of what the last collection left live (caches such as parsed lock files stay).
 * Measured on the real-world corpus with two workers: 96 + 48 MB peaked at 393-420 MB RSS, 64 + 32 MB at
 * 348 MB, for about 15 more full collections of some 50 ms each.
 */
const HEAP_GROWTH_BYTES = 32 * 1024 * 1024;
/** Parser heap growth after which the worker is replaced (the grammars themselves take about 36 MB). */
const PARSER_HEAP_GROWTH_LIMIT_BYTES = 32 * 1024 * 1024;

function exposeGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

export class WorkerMemory {
  private readonly gc = exposeGc();
  private parserHeapAtStart: number | undefined;
  private budget = HEAP_BUDGET_BYTES;

  /**
   * `parserHeap` reads the size of the parsers' WebAssembly memory. Read directly rather than as V8's external
   * memory, which also counts other buffers and drops only when a collection has swept them: garbage counted at
   * the start and freed later would hide that much growth.
   */
  constructor(private readonly parserHeap: () => number | undefined = parserHeapBytes) {}

  /** Call once the grammars are loaded: the parser heap is measured from there. */
  started(): void {
    this.parserHeapAtStart = this.parserHeap();
  }

  /**
   * A full collection when the heap is over budget. The worker asks while a file's objects are still alive
   * (AnalyzeOptions.afterRules), so that V8 keeps the optimized code that refers to them, and again after it.
   */
  collectIfOverBudget(): void {
    if (this.gc && v8.getHeapStatistics().used_heap_size > this.budget) {
      this.gc();
      this.budget = Math.max(HEAP_BUDGET_BYTES, v8.getHeapStatistics().used_heap_size + HEAP_GROWTH_BYTES);
    }
  }

  /** After each file: collects when over budget (files no rule ran on); true when this worker should be replaced. */
  afterFile(): boolean {
    this.collectIfOverBudget();
    const start = this.parserHeapAtStart;
    const now = this.parserHeap();
    return start !== undefined && now !== undefined && now - start > PARSER_HEAP_GROWTH_LIMIT_BYTES;
  }
}
