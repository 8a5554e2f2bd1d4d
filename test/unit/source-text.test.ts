import * as assert from 'node:assert/strict';
import { SourceText } from '../../server/src/engine/source-text';
import { seededRandom } from '../support/seeded-random';

describe('SourceText.withChange', () => {
  // The line index of the changed text is derived from the old one; line breaks may be `\n`, `\r\n` or a lone
  // `\r`, and a change may split a `\r\n` or join a `\r` to a `\n`.
  it('gives every offset the position a fresh line index gives, over random changes', () => {
    const random = seededRandom(12);
    const pieces = ['a', 'bc', '\n', '\r', '\r\n', ' '];
    const piece = (count: number) => Array.from({ length: count }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    for (let trial = 0; trial < 5000; trial++) {
      const before = new SourceText(piece(Math.floor(random() * 12)));
      before.positionAt(0);
      const start = Math.floor(random() * (before.text.length + 1));
      const oldEnd = start + Math.floor(random() * (before.text.length - start + 1));
      const inserted = piece(Math.floor(random() * 4));
      const after = before.withChange(start, oldEnd, inserted);
      assert.equal(after.text, before.text.slice(0, start) + inserted + before.text.slice(oldEnd));
      const fresh = new SourceText(after.text);
      const where = JSON.stringify({ text: before.text, start, oldEnd, inserted });
      assert.equal(after.lineCount, fresh.lineCount, where);
      for (let offset = 0; offset <= after.text.length; offset++) {
        assert.deepEqual(after.positionAt(offset), fresh.positionAt(offset), `${where} at ${offset}`);
      }
    }
  });
});
