import * as assert from 'node:assert/strict';
import { WorkerMemory } from '../../server/src/scan/worker-memory';

describe('scan worker memory', () => {
  it('asks to be replaced once memory outside the JavaScript heap (the parsers\' WebAssembly heap) grew past its limit', () => {
    const memory = new WorkerMemory();
    memory.started();
    assert.equal(memory.afterFile(), false);
    // WebAssembly memory never shrinks; an ArrayBuffer is counted the same way, as external memory.
    const grown = new WebAssembly.Memory({ initial: 1, maximum: 1024 });
    grown.grow(640); // 40 MB
    assert.equal(memory.afterFile(), true);
    assert.ok(grown.buffer.byteLength > 0);
  });
});
