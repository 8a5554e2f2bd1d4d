import type { RequiredWord } from '../rule';
import { AUTHORIZATION_SCHEMES, CONNECTION_URL_SCHEMES, CREDENTIAL_WORDS } from './detect';
import { CONTEXT_FORMATS, PROVIDER_FORMATS } from './providers';
import { allWordsExpression, wordExpressions, type SearchedWord } from './word-patterns';

/**
 * Prefilter words of the literal secret rules (`meta.requires`), derived from the detector's data, so that a new
 * key format or credential word widens them with it. How each word is searched for in source text (joined
 * Python literals, case, name ends) is in `word-patterns.ts`.
 */

/**
 * Words for `secret/hardcoded-provider-key`: the literal prefix of every key format (case-sensitive, as the
 * formats are), and for the formats that need context, the words of their `contextWords` and the names of
 * their variables, one of which the name or client a key is given to must contain.
 */
export function providerKeyWords(): RequiredWord[] {
  // A format without a literal prefix could be found in any text: then the rule has no words.
  if (PROVIDER_FORMATS.some((format) => !format.prefixes?.length)) return [];
  const prefixes = unique(PROVIDER_FORMATS.flatMap((format) => format.prefixes ?? []));
  // `sk-` is in every `sk-proj-` key: the longer prefix adds nothing.
  const words: SearchedWord[] = prefixes
    .filter((prefix) => !prefixes.some((other) => other !== prefix && prefix.includes(other)))
    .map((text) => ({ text }));
  const names: string[] = [];
  const allOf: RegExp[] = [];
  for (const format of CONTEXT_FORMATS) {
    for (const runs of mandatoryLiterals(format.contextWords)) {
      if (runs.length === 1) names.push(runs[0]);
      else allOf.push(allWordsExpression(runs.map((text) => ({ text, anyCase: true, blanks: true }))));
    }
    names.push(format.envVar, ...(format.aliases ?? []));
  }
  // Names are read in a name hint: any case, and a blank run there becomes `_`.
  words.push(...withoutContaining(names).map((text) => ({ text, anyCase: true, blanks: true })));
  return [...wordExpressions(words), ...allOf];
}

/**
 * Words for `secret/hardcoded-credential`: the last word of a credential name (after the word it needs, if
 * any), an authorization scheme (`Bearer <token>`), a connection URL scheme. All compared without regard to case.
 */
export function credentialWords(): RequiredWord[] {
  const words: SearchedWord[] = [];
  for (const entry of CREDENTIAL_WORDS) words.push({ text: entry.word, anyCase: true, endsName: true, after: entry.after && [...entry.after] });
  // `Bearer sk-…` is the whole value; the scheme is followed by blanks, so it also ends a word.
  for (const scheme of AUTHORIZATION_SCHEMES) words.push({ text: scheme.toLowerCase(), anyCase: true, endsName: true });
  for (const scheme of withoutContaining(CONNECTION_URL_SCHEMES)) words.push({ text: scheme, anyCase: true });
  return wordExpressions(withoutRedundant(words));
}

/**
 * Name-end words without those that end in another one with no condition (`apikey` ends in `key`, but `key`
 * needs a word before it, so both stay; `apitoken` goes, since `token` alone is a word), and duplicates.
 */
function withoutRedundant(words: readonly SearchedWord[]): SearchedWord[] {
  const kept: SearchedWord[] = [];
  for (const word of words) {
    const text = word.text.toLowerCase();
    const covered = words.some(
      (other) => other !== word && !other.after && other.endsName && word.endsName && text.endsWith(other.text.toLowerCase()) && (other.text.length < text.length || words.indexOf(other) < words.indexOf(word)),
    );
    if (!covered) kept.push(word);
  }
  return kept;
}

/**
 * For each top-level alternative of a case-insensitive expression, the literal runs every match of it contains
 * (`weights.?and.?biases`: weights, and, biases), without runs shorter than 3 characters when longer ones
 * exist. Anything the reader does not follow (groups, classes, escapes other than a quoted symbol, quantified
 * characters, assertions) ends a run, which only shortens what is required. Throws when an alternative has no
 * literal: a rule reading such an expression cannot have words.
 */
export function mandatoryLiterals(expression: RegExp): string[][] {
  if (expression.flags.replace(/[gy]/g, '') !== 'i') throw new Error(`words: /${expression.source}/${expression.flags} is not plain case-insensitive`);
  const source = expression.source;
  const alternatives: string[][] = [];
  let runs: string[] = [];
  let run = '';
  const endRun = () => {
    if (run) runs.push(run);
    run = '';
  };
  const endAlternative = () => {
    endRun();
    const long = runs.filter((r) => r.length >= 3);
    const kept = long.length > 0 ? long : runs.sort((a, b) => b.length - a.length).slice(0, 1);
    if (kept.length === 0) throw new Error(`words: an alternative of /${source}/ has no literal text`);
    alternatives.push(kept);
    runs = [];
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '|') endAlternative();
    else if (/[?*+{]/.test(char)) {
      // The quantified character may be absent or repeated: it leaves the run.
      run = run.slice(0, -1);
      endRun();
      i = skipQuantifier(source, i);
    } else if (char === '(' || char === '[') {
      endRun();
      i = skipGroup(source, i);
      if (/[?*+{]/.test(source[i + 1] ?? '')) i = skipQuantifier(source, i + 1);
    } else if (char === '\\') {
      const next = source[++i];
      if (next !== undefined && /[^A-Za-z0-9]/.test(next)) run += next;
      else endRun();
    } else if (char === '.' || char === '^' || char === '$') endRun();
    else run += char;
  }
  endAlternative();
  return alternatives;
}

/** The index of the `)` or `]` closing the group or class opened at `start`. */
function skipGroup(source: string, start: number): number {
  if (source[start] === '[') return skipClass(source, start);
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (char === '[') i = skipClass(source, i);
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  throw new Error(`words: unbalanced /${source}/`);
}

function skipClass(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  throw new Error(`words: unbalanced /${source}/`);
}

/** The index of the last character of the quantifier starting at `start` (`?`, `+?`, `{2,3}`). */
function skipQuantifier(source: string, start: number): number {
  let end = start;
  if (source[start] === '{') {
    end = source.indexOf('}', start);
    if (end < 0) throw new Error(`words: a lone { in /${source}/`);
  }
  return source[end + 1] === '?' ? end + 1 : end;
}

/** Case-insensitive words, without those containing another (a text with `deepseek_api_key` has `deepseek`). */
function withoutContaining(words: readonly string[]): string[] {
  const lower = unique(words.map((word) => word.toLowerCase()));
  return lower.filter((word) => !lower.some((other) => other !== word && word.includes(other)));
}

function unique(words: readonly string[]): string[] {
  return [...new Set(words)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
