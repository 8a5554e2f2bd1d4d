/**
 * Whether a text mentions one of some names as a whole name, found with `indexOf`.
 *
 * The taint passes, the constant index and client provenance ask this of the names of the file at hand (its
 * imports, helpers, credential names, clients). An expression made of them differs from file to file, and V8
 * compiled each new one (parsed it, ran it in its interpreter, then compiled it to machine code), about 0.2 ms
 * per expression on the benchmark machine: more than all the tests it then answered, and together some 2 % of a
 * scan. A search per name costs nothing up front and stops at the first whole-name mention.
 *
 * The answers are those of the expressions they replace, character for character (`\w` is `[A-Za-z0-9_]`):
 * - `word`: `\b(?:a|b)\b`, a word boundary on both sides (a name beginning or ending with a non-word character
 *   needs a word character next to it there, as `\b` does);
 * - `identifier`: `(?<!\w)(?:a|b)(?!\w)`, no word character on either side (Python names);
 * - `name`: `(?<![\w$])(?:a|b)(?![\w$])`, neither a word character nor `$` (JavaScript names).
 */
export type NameEdges = 'word' | 'identifier' | 'name';

export function mentionsAnyName(text: string, names: Iterable<string>, edges: NameEdges): boolean {
  for (const name of names) {
    if (name.length === 0) {
      if (emptyNameFits(text, edges)) return true;
      continue;
    }
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      if (fitsAt(text, at, name.length, edges)) return true;
    }
  }
  return false;
}

/**
 * Where the words stand as whole names, as client provenance reads them (a name after a dot is an attribute,
 * not the name): the offsets at which `(?<![\w$.])(?:word|word...)(?![\w$])` with the `g` flag matches,
 * leftmost first, the first word that fits at an offset taking it, and no match inside the previous one.
 */
export function nameOccurrences(text: string, words: readonly string[]): number[] {
  // The first word (in the given order) that fits at each offset.
  const wordAt = new Map<number, number>();
  words.forEach((word, index) => {
    if (word.length === 0) return;
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      const before = at > 0 ? text.charCodeAt(at - 1) : -1;
      if (before === DOT || isNameChar(before, true)) continue;
      if (at + word.length < text.length && isNameChar(text.charCodeAt(at + word.length), true)) continue;
      if (!wordAt.has(at)) wordAt.set(at, index);
    }
  });
  const offsets: number[] = [];
  let end = 0;
  for (const at of [...wordAt.keys()].sort((a, b) => a - b)) {
    if (at < end) continue;
    offsets.push(at);
    end = at + words[wordAt.get(at)!].length;
  }
  return offsets;
}

const DOT = 46;

/** Whether a mention of `length` characters at `at` has the edges asked for. */
function fitsAt(text: string, at: number, length: number, edges: NameEdges): boolean {
  const end = at + length;
  if (edges === 'word') return isBoundary(text, at) && isBoundary(text, end);
  const dollar = edges === 'name';
  return !(at > 0 && isNameChar(text.charCodeAt(at - 1), dollar)) && !(end < text.length && isNameChar(text.charCodeAt(end), dollar));
}

/** An empty name is mentioned wherever its edges hold with nothing between them. */
function emptyNameFits(text: string, edges: NameEdges): boolean {
  for (let at = 0; at <= text.length; at++) if (fitsAt(text, at, 0, edges)) return true;
  return false;
}

/** `\b`: a word character on exactly one side (outside the text counts as a non-word character). */
function isBoundary(text: string, at: number): boolean {
  const before = at > 0 && isNameChar(text.charCodeAt(at - 1), false);
  const after = at < text.length && isNameChar(text.charCodeAt(at), false);
  return before !== after;
}

function isNameChar(code: number, dollar: boolean): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || (dollar && code === 36);
}
