import type { RequiredWord, RuleMeta } from './rule';
import { WordMatcher, type SpelledWord } from './word-matcher';

/**
 * The prefilter of a full analysis: whether a text has the words a rule declares it needs (`meta.requires`:
 * any one; `meta.requiresAll`: one of each list). A rule without them could report on any text. Checked
 * before a document is parsed, so it is substring search (a plain word; a spelled word, in any case or ending a
 * name; or a `RegExp` word), with no tokenising: a word inside a comment or a longer name counts, which only ever
 * keeps a rule that could have been skipped.
 *
 * The plain and spelled words of every rule asked about so far are looked for together, in one pass over the text
 * (word-matcher.ts); the answers are kept for the text last asked about, since a full analysis asks twice about
 * the same text: whether any rule could report (before parsing) and then, rule by rule, which to run.
 */
export function hasRequiredWords(meta: Pick<RuleMeta, 'requires' | 'requiresAll'>, text: string): boolean {
  const known = knownWords(meta);
  if (text !== lastText) {
    lastText = text;
    answers = new Map();
    expressionAnswers = new Map();
    words.found = undefined;
  }
  let answer = answers.get(meta);
  if (answer === undefined) answers.set(meta, (answer = computeHasRequiredWords(known, text)));
  return answer;
}

/**
 * Makes the words of every rule in the set known before a text is checked. Words are otherwise learnt rule by
 * rule, as the prefilter first asks about each, and every new word makes the one-pass matcher be built again:
 * a worker's first file built it 22 times (about 70 ms). Each set is taken once; its metas' words are made once.
 */
export function registerRequiredWords(rules: readonly { meta: Pick<RuleMeta, 'requires' | 'requiresAll'> }[]): void {
  if (registeredSets.has(rules)) return;
  registeredSets.add(rules);
  for (const rule of rules) knownWords(rule.meta);
}

const registeredSets = new WeakSet<object>();

/** A meta's words, with each plain word's index in the shared matcher. */
interface KnownWords {
  requires?: readonly KnownWord[];
  requiresAll?: readonly (readonly KnownWord[])[];
}
type KnownWord = number | RegExp;

/** Every plain and spelled word seen in a meta so far, the matcher over them, and which of them the last text holds. */
const words: { list: (string | SpelledWord)[]; index: Map<string, number>; matcher?: WordMatcher; found?: Uint8Array } = { list: [], index: new Map() };
const knownByMeta = new WeakMap<object, KnownWords>();

let lastText: string | undefined;
let answers = new Map<object, boolean>();
let expressionAnswers = new Map<RegExp, boolean>();

function knownWords(meta: Pick<RuleMeta, 'requires' | 'requiresAll'>): KnownWords {
  let known = knownByMeta.get(meta);
  if (known) return known;
  const add = (word: RequiredWord): KnownWord => {
    if (word instanceof RegExp) return word;
    // A spelled word's key cannot be a plain word: plain words are source text, which holds no NUL.
    const key = typeof word === 'string' ? word : `\0${word.anyCase ? 'i' : ''}${word.endsName ? 'n' : ''}\0${word.text}`;
    let index = words.index.get(key);
    if (index === undefined) {
      index = words.list.push(word) - 1;
      words.index.set(key, index);
      // A new word makes the matcher (and what it found in the last text) out of date; rebuilt when next used.
      words.matcher = undefined;
      words.found = undefined;
    }
    return index;
  };
  const requiresAll = typeof meta.requiresAll === 'function' ? meta.requiresAll() : meta.requiresAll;
  known = { requires: meta.requires?.map(add), requiresAll: requiresAll?.map((list) => list.map(add)) };
  knownByMeta.set(meta, known);
  return known;
}

function computeHasRequiredWords(known: KnownWords, text: string): boolean {
  if (known.requires && !containsAny(text, known.requires)) return false;
  if (known.requiresAll) for (const list of known.requiresAll) if (!containsAny(text, list)) return false;
  return true;
}

function containsAny(text: string, list: readonly KnownWord[]): boolean {
  for (const word of list) {
    if (typeof word === 'number') {
      if (foundWords(text)[word] === 1) return true;
    } else if (matchesExpression(text, word)) {
      return true;
    }
  }
  return false;
}

/** How many times the shared matcher has been built (tests check that registering a rule set builds it once). */
export function requiredWordsMatcherBuilds(): number {
  return matcherBuilds;
}

let matcherBuilds = 0;

function foundWords(text: string): Uint8Array {
  if (!words.found) {
    if (!words.matcher) {
      words.matcher = new WordMatcher(words.list);
      matcherBuilds++;
    }
    words.found = words.matcher.find(text);
  }
  return words.found;
}

function matchesExpression(text: string, expression: RegExp): boolean {
  let answer = expressionAnswers.get(expression);
  // `search` always starts at the beginning, whatever a global expression's `lastIndex` says.
  if (answer === undefined) expressionAnswers.set(expression, (answer = text.search(expression) !== -1));
  return answer;
}
