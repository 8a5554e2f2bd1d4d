// Run by test/unit/batch-tuning.test.ts in a child process (node --allow-natives-syntax -r tsx/cjs), once with
// the batch-scan tuning applied ("tuned") and once without ("plain"). Prints one JSON line:
// - tieringUp: whether a small function called 60,000 times is optimized or queued for optimization by then;
// - peakHeapMb: the largest heap a worker started afterwards reached while it churned through objects that
//   live a while and then die (a file's analysis: about 35 MB live at a time, 300 MB allocated in all).
'use strict';
const { Worker } = require('node:worker_threads');
const path = require('node:path');

if (process.argv[2] === 'tuned') {
  require(path.join(__dirname, '../../server/src/scan/batch-tuning.ts')).tuneV8ForBatchScan();
}

function hot(x) {
  return (x * 3 + 1) % 7;
}
function caller(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += hot(i);
  return sum;
}
// The caller stays in the interpreter, so that `hot` is not inlined into it and counts its own calls.
%NeverOptimizeFunction(caller);
caller(60000);
// V8's optimization status bits: optimized, marked for (concurrent) optimization, being optimized.
const TIERING_UP = (1 << 4) | (1 << 8) | (1 << 9) | (1 << 10);
const tieringUp = (%GetOptimizationStatus(hot) & TIERING_UP) !== 0;

const churn = `
  const v8 = require('node:v8');
  const live = [];
  let peak = 0;
  for (let i = 0; i < 8000; i++) {
    live.push(new Array(2000).fill(0).map((_, j) => ({ j })));
    if (live.length > 400) live.shift();
    peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
  }
  require('node:worker_threads').parentPort.postMessage(peak);
`;
// The scanner's own limits for its workers.
const worker = new Worker(churn, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 16 } });
worker.once('message', (peak) => {
  process.stdout.write(JSON.stringify({ tieringUp, peakHeapMb: Math.round(peak / (1024 * 1024)) }) + '\n');
  void worker.terminate();
});
