import type { RequiredWord, RuleMeta } from './rule';

/**
 * The prefilter of a full analysis: whether a text has the words a rule declares it needs (`meta.requires`:
 * any one; `meta.requiresAll`: one of each list). A rule without them could report on any text. Checked
 * before a document is parsed, so it is plain substring search (or, for a `RegExp` word, a case-insensitive
 * literal), with no tokenising: a word inside a comment or a longer name counts, which only ever keeps a rule
 * that could have been skipped.
 */
export function hasRequiredWords(meta: Pick<RuleMeta, 'requires' | 'requiresAll'>, text: string): boolean {
  // A full analysis asks twice about the same text: whether any rule could report (before parsing) and then, rule
  // by rule, which to run. A word that is absent costs a scan of the whole text, so the answers are kept for the
  // text last asked about.
  if (text !== lastText) {
    lastText = text;
    answers = new Map();
  }
  let answer = answers.get(meta);
  if (answer === undefined) answers.set(meta, (answer = computeHasRequiredWords(meta, text)));
  return answer;
}

let lastText: string | undefined;
let answers = new Map<object, boolean>();

function computeHasRequiredWords(meta: Pick<RuleMeta, 'requires' | 'requiresAll'>, text: string): boolean {
  if (meta.requires && !containsAny(text, meta.requires)) return false;
  if (meta.requiresAll) for (const words of meta.requiresAll) if (!containsAny(text, words)) return false;
  return true;
}

function containsAny(text: string, words: readonly RequiredWord[]): boolean {
  // `search` always starts at the beginning, whatever a global expression's `lastIndex` says.
  for (const word of words) if (typeof word === 'string' ? text.includes(word) : text.search(word) !== -1) return true;
  return false;
}
