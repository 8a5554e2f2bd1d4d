import * as assert from 'node:assert/strict';
import { RecentlyEdited } from '../../server/src/lsp/recently-edited';

describe('recently edited documents (which keep their syntax trees)', () => {
  it('releases the document edited longest ago when more than the capacity are edited', () => {
    const released: string[] = [];
    const recent = new RecentlyEdited((uri) => released.push(uri), { capacity: 2 });
    recent.touch('a');
    recent.touch('b');
    recent.touch('a');
    recent.touch('c');
    assert.deepEqual(released, ['b'], 'a was edited again after b');
    assert.equal(recent.has('a'), true);
    assert.equal(recent.has('b'), false);
    assert.equal(recent.has('c'), true);
    recent.dispose();
  });

  it('releases documents not edited for the idle time, and forgets closed ones', async () => {
    const released: string[] = [];
    const recent = new RecentlyEdited((uri) => released.push(uri), { capacity: 10, idleMs: 60 });
    recent.touch('a');
    recent.touch('closed');
    recent.forget('closed');
    await new Promise((resolve) => setTimeout(resolve, 40));
    recent.touch('b');
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.deepEqual(released, ['a']);
    assert.equal(recent.has('b'), true, 'b was edited less than the idle time ago');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(released, ['a', 'b']);
    recent.dispose();
  });
});
