import * as v8 from 'node:v8';

/**
 * V8 settings for a batch scan, applied once before its workers start. V8's flags belong to the process, so
 * this is for the CLI, whose process is the scan; the language server keeps V8's defaults, tuned for code
 * that must be fast within a few keystrokes.
 *
 * Measured on the real-world corpus (two workers, alternating runs; README, *Analysis throughput*):
 * - With V8's default tier-up budget, functions are optimized after little use, and a scan compiled some
 *   3,300 functions with TurboFan; the compiler threads took about 27 of the scan's 65-70 CPU-seconds.
 *   A budget of a million bytecodes optimizes only what stays hot across files.
 * - The workers' heaps otherwise start with a large old generation that V8 postpones collecting, and the
 *   scan had to force full collections (worker-memory.ts), after which V8 threw away optimized code that
 *   referred to the previous file's objects and compiled it again (751 times). A small initial size and a slow
 *   growth factor keep the heap near what is live through V8's own collections, which start with incremental
 *   marking and left that code alone (48 times in 54 collections).
 */
const BATCH_SCAN_V8_FLAGS: readonly string[] = [
  '--interrupt-budget=1000000',
  '--initial-old-space-size=48',
  '--heap-growing-percent=30',
];

let applied = false;

/** Sets the flags once per process; they apply to every isolate (worker) started afterwards. */
export function tuneV8ForBatchScan(): void {
  if (applied) return;
  applied = true;
  for (const flag of BATCH_SCAN_V8_FLAGS) v8.setFlagsFromString(flag);
}
