import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress } from '../../server/src/cli/progress';

/** A stand-in for stderr that records what is written and says whether it is a terminal. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      (stream as unknown as { written: string }).written += String(chunk);
      callback();
    },
  }) as unknown as NodeJS.WriteStream & { written: string };
  stream.written = '';
  Object.assign(stream, { isTTY, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return stream;
}

describe('scan progress bar', () => {
  it('stays silent while the scan is younger than the delay, then shows done/total', () => {
    let now = 0;
    const stream = fakeStream(true);
    const progress = createProgress(true, stream, { now: () => now, showAfterMs: 1000 });
    progress.update(10, 100);
    now = 999;
    progress.update(20, 100);
    assert.equal(stream.written, '');
    now = 1500;
    progress.update(30, 100);
    progress.stop();
    assert.match(stream.written, /30\/100 files/);
  });

  it('never draws when stderr is not a terminal or when disabled', () => {
    for (const [enabled, tty] of [
      [true, false],
      [false, true],
    ]) {
      let now = 0;
      const stream = fakeStream(tty);
      const progress = createProgress(enabled, stream, { now: () => now, showAfterMs: 0 });
      now = 5000;
      progress.update(1, 100);
      progress.stop();
      assert.equal(stream.written, '');
    }
  });

  it('does not appear for a scan that is already finished', () => {
    let now = 0;
    const stream = fakeStream(true);
    const progress = createProgress(true, stream, { now: () => now, showAfterMs: 10 });
    now = 5000;
    progress.update(100, 100);
    progress.stop();
    assert.equal(stream.written, '');
  });
});
