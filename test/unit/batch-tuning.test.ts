import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

interface Probe {
  tieringUp: boolean;
  peakHeapMb: number;
}

/** V8's flags belong to the process: each case runs in a child of its own, so this test process keeps its defaults. */
function probe(mode: 'plain' | 'tuned'): Probe {
  const script = path.join(__dirname, '../support/batch-tuning-probe.cjs');
  const output = execFileSync(process.execPath, ['--allow-natives-syntax', '-r', 'tsx/cjs', script, mode], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(output) as Probe;
}

describe('V8 tuning of batch scans', function () {
  this.timeout(120_000);
  let plain: Probe;
  let tuned: Probe;
  before(() => {
    plain = probe('plain');
    tuned = probe('tuned');
  });

  it('optimizes only functions that stay hot: a function called 60,000 times is optimized by default, not after tuning', () => {
    assert.equal(plain.tieringUp, true, 'V8 default tier-up (the probe no longer shows it)');
    assert.equal(tuned.tieringUp, false);
  });

  it('keeps a worker started afterwards near its live data through V8\'s own collections', () => {
    // About 35 MB live at a time: V8's defaults let the heap grow to some 200 MB before collecting.
    assert.ok(tuned.peakHeapMb < 140, `tuned peak ${tuned.peakHeapMb} MB`);
    assert.ok(plain.peakHeapMb > tuned.peakHeapMb * 1.5, `plain ${plain.peakHeapMb} MB against tuned ${tuned.peakHeapMb} MB`);
  });
});
