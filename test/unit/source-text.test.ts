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

describe('SourceText line index', () => {
  /** Positions counted one character at a time: `\n`, `\r\n` and a lone `\r` each end a line. */
  function naivePositions(text: string): { line: number; character: number }[] {
    const positions = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i <= text.length; i++) {
      positions.push({ line, character });
      const c = text[i];
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
        line++;
        character = 0;
      } else {
        character++;
      }
    }
    return positions;
  }

  it('places every offset as counting characters does, with and without carriage returns', () => {
    const random = seededRandom(7);
    for (const pieces of [['a', 'bc', '\n', '\n\n', ' '], ['a', 'bc', '\n', '\r', '\r\n', ' ']]) {
      for (let trial = 0; trial < 500; trial++) {
        const text = Array.from({ length: Math.floor(random() * 30) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
        const source = new SourceText(text);
        const expected = naivePositions(text);
        for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(source.positionAt(offset), expected[offset], JSON.stringify({ text, offset }));
        assert.equal(source.lineCount, expected[text.length].line + 1, JSON.stringify(text));
      }
    }
  });
});
