import type { RequiredWord } from '../rule';
import type { SpelledWord } from '../word-matcher';

/**
 * How a word the secret detector compares is searched for in a document's text before parsing (the rule
 * prefilter, `meta.requires`). A plain substring test would be unsound, for three reasons:
 * - Python joins adjacent string literals and the detector reads the joined value: `"s" "k-proj-…"` is a key and
 *   `{"api_" "key": …}` a credential name, though neither `sk-` nor `api_key` is in the text. Between any two
 *   characters of a word there may be what separates two literals (`JOIN`: closing quote, blanks, line
 *   continuations, comments, string prefix letters, opening quote; tree-sitter-python's extras and prefixes).
 *   JavaScript values are always one piece of the text (`+` is not folded), which this only over-approximates.
 * - Names are compared without regard to ASCII case, and a blank inside a quoted name becomes `_` in the name
 *   hint the detector reads (`"co api key"` is `co_api_key`).
 * - Some words only count in a position: the last word of a credential name is not followed by a letter
 *   (`api_key2`, not `api_keys`), and `key` counts after `api`, `secret`... only.
 *
 * Matching must stay linear in the text (it runs on every document): `JOIN` is unambiguous (a comment runs to
 * its line end), and a word split by one is looked for only in texts that have a `JOIN` between two characters
 * some word has side by side (`GATE`), which most texts have not.
 */

const QUOTE = '["\'`]';
/** A comment ends at `\n`, or at a lone `\r` (old Mac line ends); never ambiguously at both. */
const COMMENT = '#[^\\n]*\\n|#[^\\r\\n]*\\r(?!\\n)';
const JOIN_BODY = `(?:[\\s\\u200B\\u2060\\\\\\0]|${COMMENT})*[fFtTrRbBuU]*${QUOTE}`;
const JOIN = `${QUOTE}${JOIN_BODY}`;
const GAP = `(?:${JOIN})*`;
/** A blank run becomes one `_` in a name hint, and may span joined literals. */
const BLANKS = `(?:[_\\s]|${JOIN})+`;
const BLANKS_CONTIGUOUS = '[_\\s]+';
/** Not followed by a letter: `nameWords` would make the word part of a longer one. */
const NAME_END = '(?![A-Za-z])';
/**
 * What may come between a credential name's last two words: anything but letters, digits and dots (a dot starts
 * a new name segment), or string prefix letters before a quote. On one line, since a separator spanning lines
 * (a joined literal after a comment, a triple-quoted name) leaves the last word first on its line, which the
 * alternative `^|[\r\n]` admits.
 */
const NAME_SEPARATOR = `(?:[^A-Za-z0-9.\\r\\n]|[fFtTrRbBuU]+(?=${QUOTE}))*`;

export interface SearchedWord {
  text: string;
  /** ASCII letters in either case. */
  anyCase?: boolean;
  /** `_` may stand for a run of blanks (a word read in a name hint). */
  blanks?: boolean;
  /** The word ends a name (is not followed by a letter). */
  endsName?: boolean;
  /** The word counts only after one of these words (also read without regard to case). */
  after?: readonly string[];
}

/**
 * The words for `meta.requires` (any one found admits the text) that match wherever one of the words could be
 * what the detector sees. Contiguous words first: as spelled words, found in the prefilter's one pass over the
 * text with every rule's plain words (a regular expression of them cost as much as that whole pass), except
 * those whose `_` stands for blanks, which stay an expression. Then expressions for words after another word,
 * then for words split by joined literals.
 */
export function wordExpressions(words: readonly SearchedWord[]): RequiredWord[] {
  const plain = words.filter((word) => !word.after);
  const flexible = (word: SearchedWord) => word.blanks === true && word.text.includes('_');
  const expressions: RequiredWord[] = plain
    .filter((word) => !flexible(word))
    .map((word): SpelledWord => ({ text: word.text, ...(word.anyCase ? { anyCase: true } : {}), ...(word.endsName ? { endsName: true } : {}) }));
  const withBlanks = plain.filter(flexible);
  if (withBlanks.length > 0) expressions.push(new RegExp(withBlanks.map((word) => spelled(word, false)).join('|')));
  for (const word of words.filter((w) => w.after)) expressions.push(new RegExp(afterPattern(word, false)));
  const gate = gatePattern(words);
  if (gate) {
    const split = words.map((word) => (word.after ? afterPattern(word, true) : spelled(word, true)));
    expressions.push(new RegExp(`^(?=[\\s\\S]*?(?:${gate}))[\\s\\S]*?(?:${split.join('|')})`));
  }
  return expressions;
}

/**
 * A text that has all the words, each spelled like `wordExpressions` (for the literal runs of an expression
 * alternative, `weights.?and.?biases`). Anchored: the engine tries it at the start only.
 */
export function allWordsExpression(words: readonly SearchedWord[]): RegExp {
  return new RegExp(`^${words.map((word) => `(?=[\\s\\S]*?(?:${spelled(word, true)}))`).join('')}`);
}

/** The pattern of a word; with `gaps`, also split by joined literals. */
function spelled(word: SearchedWord, gaps: boolean): string {
  let pattern = '';
  let previousFlexible = true;
  for (const char of word.text) {
    const flexible = char === '_' && word.blanks === true;
    if (gaps && !previousFlexible && !flexible) pattern += GAP;
    if (flexible) pattern += gaps ? BLANKS : BLANKS_CONTIGUOUS;
    else if (word.anyCase && /[A-Za-z]/.test(char)) pattern += `[${char.toLowerCase()}${char.toUpperCase()}]`;
    else pattern += escapeRegExp(char);
    previousFlexible = flexible;
  }
  return word.endsName ? pattern + NAME_END : pattern;
}

/**
 * A word that counts after another: the word, then a look back for one of the words before it (or a line start)
 * and a separator. The look back runs only where the word matched, which keeps the search fast.
 */
function afterPattern(word: SearchedWord, gaps: boolean): string {
  const self = spelled({ ...word, endsName: false }, gaps);
  const before = (word.after ?? []).map((text) => spelled({ text, anyCase: word.anyCase }, gaps));
  return `${self}${word.endsName ? NAME_END : ''}(?<=(?:${before.join('|')}|^|[\\r\\n])${NAME_SEPARATOR}${self})`;
}

/**
 * Where a word split by joined literals can be: a `JOIN` between two characters that stand side by side in one
 * of the words (either case of a letter when its word is read so), or after a character followed by a blank
 * run (`"co " "api"`, `"co" " api"`). Undefined when no word has two characters.
 */
function gatePattern(words: readonly SearchedWord[]): string | undefined {
  const left = new Set<string>();
  const right = new Set<string>();
  const beforeBlanks = new Set<string>();
  const add = (set: Set<string>, char: string, anyCase: boolean | undefined) => {
    set.add(char);
    if (anyCase) set.add(char.toLowerCase()).add(char.toUpperCase());
  };
  for (const word of words) {
    for (const text of [word.text, ...(word.after ?? [])]) {
      const chars = [...text];
      for (let i = 1; i < chars.length; i++) {
        if (word.blanks && chars[i] === '_') add(beforeBlanks, chars[i - 1], word.anyCase);
        else if (!(word.blanks && chars[i - 1] === '_')) {
          add(left, chars[i - 1], word.anyCase);
          add(right, chars[i], word.anyCase);
        }
      }
    }
  }
  const set = (chars: Set<string>) => `[${[...chars].map((c) => c.replace(/[\]\\^-]/g, '\\$&')).join('')}]`;
  const gates: string[] = [];
  if (left.size > 0) gates.push(`${QUOTE}(?<=${set(left)}${QUOTE})${JOIN_BODY}${GAP}${set(right)}`);
  if (beforeBlanks.size > 0) gates.push(`${QUOTE}(?<=${set(beforeBlanks)}[_\\s]*${QUOTE})${JOIN_BODY}`);
  return gates.length > 0 ? gates.join('|') : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
