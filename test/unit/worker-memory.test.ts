import * as assert from 'node:assert/strict';
import { WorkerMemory } from '../../server/src/scan/worker-memory';

describe('scan worker memory', () => {
  it('asks to be replaced once memory outside the JavaScript heap (the parsers\' WebAssembly heap) grew past its limit', () => {
    const memory = new WorkerMemory();
    memory.started();
    assert.equal(memory.afterFile(), false);
    // The parsers' WebAssembly memory is an ArrayBuffer to V8, counted as external memory like this one.
    const grown = new Uint8Array(40 * 1024 * 1024).fill(1);
    assert.equal(memory.afterFile(), true);
    assert.equal(grown[grown.length - 1], 1);
  });
});
