import * as assert from 'node:assert/strict';
import { initEngine, parserHeapBytes, AnalyzedDocument } from '../../server/src/engine';
import { WorkerMemory } from '../../server/src/scan/worker-memory';

describe('scan worker memory', () => {
  it('asks to be replaced once the parsers\' WebAssembly heap grew past its limit since start-up', () => {
    let parserHeap = 40 * 1024 * 1024;
    const memory = new WorkerMemory(() => parserHeap);
    memory.started();
    assert.equal(memory.afterFile(), false);
    parserHeap += 16 * 1024 * 1024;
    assert.equal(memory.afterFile(), false, 'growth under the limit');
    parserHeap += 24 * 1024 * 1024;
    assert.equal(memory.afterFile(), true, '40 MB above the start');
  });

  it('is not fooled by other memory outside the JavaScript heap (buffers freed later by a collection)', () => {
    const memory = new WorkerMemory(() => 40 * 1024 * 1024);
    memory.started();
    const buffer = new Uint8Array(48 * 1024 * 1024).fill(1);
    assert.equal(memory.afterFile(), false);
    assert.equal(buffer[buffer.length - 1], 1);
  });

  it('reads the real parser heap once the grammars are loaded, and it never shrinks', async () => {
    await initEngine();
    const before = parserHeapBytes();
    assert.ok(before !== undefined && before > 1024 * 1024, `parser heap ${before}`);
    const document = new AnalyzedDocument('python', 'big.py', 'x = [\n' + 'call(a, b, "c"),\n'.repeat(100_000) + ']\n');
    try {
      assert.ok(document.tree);
    } finally {
      document.dispose();
    }
    const after = parserHeapBytes()!;
    assert.ok(after >= before, `${after} >= ${before}`);
  });
});
