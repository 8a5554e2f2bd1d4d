import * as assert from 'node:assert/strict';
import { WordMatcher, type SpelledWord } from '../../server/src/engine/word-matcher';
import { hasRequiredWords } from '../../server/src/engine/required-words';
import { seededRandom } from '../support/seeded-random';

/** What the matcher must agree with: `text.includes(word)` for every word. */
function expected(words: readonly string[], text: string): number[] {
  return words.map((word) => (text.includes(word) ? 1 : 0));
}

describe('word matcher (the prefilter in one pass)', () => {
  it('finds words that overlap, nest and share prefixes and suffixes', () => {
    const words = ['he', 'she', 'his', 'hers', 'her', 'chat', 'achat', 'chat_stream', 'at'];
    const matcher = new WordMatcher(words);
    for (const text of ['ushers', 'ahis', 'achat_strea', 'xx', 'chat_stream()', 'h e r s', '']) {
      assert.deepEqual([...matcher.find(text)], expected(words, text), text);
    }
  });

  it('reads characters no word contains, astral ones included, as a break between words', () => {
    const words = ['@slack/bolt', 'use server', 'sk-', 'é'];
    const matcher = new WordMatcher(words);
    const text = '"use server"\nconst key = "sk-…"; // 🤖 @slack/bol t, café';
    assert.deepEqual([...matcher.find(text)], expected(words, text));
    assert.deepEqual([...matcher.find('use\u00a0server')], [0, 0, 0, 0]);
  });

  it('counts an empty word as present in every text', () => {
    const matcher = new WordMatcher(['', 'x']);
    assert.deepEqual([...matcher.find('')], [1, 0]);
    assert.deepEqual([...matcher.find('yx')], [1, 1]);
    assert.equal(matcher.containsAny(''), true);
    assert.equal(new WordMatcher([]).containsAny('anything'), false);
  });

  it('agrees with includes on seeded random words and texts', () => {
    const random = seededRandom(20261203);
    const alphabet = 'abc_.(';
    const pick = (length: number) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const words = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(1 + Math.floor(random() * 5)));
      const matcher = new WordMatcher(words);
      for (let t = 0; t < 5; t++) {
        const text = pick(Math.floor(random() * 60));
        assert.deepEqual([...matcher.find(text)], expected(words, text), `${JSON.stringify(words)} in ${JSON.stringify(text)}`);
        assert.equal(matcher.containsAny(text), expected(words, text).includes(1), `any of ${JSON.stringify(words)} in ${JSON.stringify(text)}`);
      }
    }
  });

  it('finds spelled words as their expressions do: in any case, ending a name, mixed with case-sensitive words', () => {
    // The expression each kind of word stands for (word-patterns.ts made these before they joined the one pass).
    const expression = (word: string | SpelledWord) => {
      const spelled = typeof word === 'string' ? { text: word } : word;
      const escaped = spelled.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return new RegExp(escaped + (spelled.endsName ? '(?![A-Za-z])' : ''), spelled.anyCase ? 'i' : '');
    };
    const random = seededRandom(31);
    const alphabet = 'aAbB_1.k';
    const pick = (length: number) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const words = Array.from({ length: 1 + Math.floor(random() * 8) }, (): string | SpelledWord => {
        const text = pick(1 + Math.floor(random() * 3));
        const kind = Math.floor(random() * 4);
        return kind === 0 ? text : { text, anyCase: kind !== 2, endsName: kind !== 1 };
      });
      const matcher = new WordMatcher(words);
      for (let t = 0; t < 5; t++) {
        const text = pick(Math.floor(random() * 40));
        const want = words.map((word) => (expression(word).test(text) ? 1 : 0));
        assert.deepEqual([...matcher.find(text)], want, `${JSON.stringify(words)} in ${JSON.stringify(text)}`);
        assert.equal(matcher.containsAny(text), want.includes(1), `any of ${JSON.stringify(words)} in ${JSON.stringify(text)}`);
      }
    }
  });

  it('answers the prefilter for metas whose words arrive after a text was first asked about', () => {
    const text = 'from openai import OpenAI\nclient = OpenAI()\n';
    assert.equal(hasRequiredWords({ requires: ['openai'] }, text), true);
    // A meta with new words rebuilds the matcher; the text is read again for them.
    assert.equal(hasRequiredWords({ requires: ['anthropic_never_in_text'] }, text), false);
    assert.equal(hasRequiredWords({ requiresAll: [['client'], ['OpenAI()']] }, text), true);
    assert.equal(hasRequiredWords({ requiresAll: [['client'], ['absent_word_here']] }, text), false);
    assert.equal(hasRequiredWords({ requires: [/OPENAI/i] }, text), true);
    assert.equal(hasRequiredWords({ requires: ['openai'] }, 'import anthropic'), false);
  });
});
