/**
 * A word of the matcher that is more than a case-sensitive substring: in any ASCII case (`/password/i`), and/or
 * only where no ASCII letter follows it (`/token(?![A-Za-z])/`, the last word of a name).
 */
export interface SpelledWord {
  text: string;
  anyCase?: boolean;
  endsName?: boolean;
}

/**
 * Which of a fixed set of words occur in a text, found in one pass over it (Aho-Corasick). The prefilter asks
 * about some 400 words on every document before it is parsed; `text.includes` reads the whole text once for
 * every word that is absent, which cost more than the tree copy on a large scan, and a regular expression of
 * case-insensitive words runs about as slowly as this whole pass. The automaton reads each character once,
 * whatever the number of words.
 *
 * A plain string is a case-sensitive substring over UTF-16 code units: the same answer as `text.includes(word)`.
 * The automaton reads ASCII letters folded to lower case, so that one pass serves words in any case; where it
 * finds a word that must match case or must end a name, that is checked at the place found (rarely: only where
 * the folded word ends).
 */
export class WordMatcher {
  /** The words' texts, by index. */
  readonly words: readonly string[];
  /** Per word: CHECK_CASE and/or CHECK_NAME_END, what the folded automaton does not see. */
  private readonly checks: Uint8Array;
  /** A character's column in the transition table; 0 for characters no word contains (and those past its end). */
  private readonly classOf: Uint16Array;
  private readonly columns: number;
  /**
   * Transitions, full (failure links folded in), indexed by a state's row (`state * columns`) plus a column.
   * An entry is the target's row, bitwise negated when some word ends at the target: the scan then costs one
   * lookup per character, and looks at the word lists only at the few states where a word ends.
   */
  private readonly next: Int32Array;
  /** The words that end at each state (its own and those of its failure chain), as ranges into `endingWords`. */
  private readonly endingStart: Int32Array;
  private readonly endingWords: Int32Array;
  /** Words with no characters, which every text contains. */
  private readonly emptyWords: number[] = [];

  constructor(entries: readonly (string | SpelledWord)[]) {
    const words = entries.map((entry) => (typeof entry === 'string' ? entry : entry.text));
    this.words = words;
    this.checks = new Uint8Array(entries.length);
    entries.forEach((entry, index) => {
      const anyCase = typeof entry !== 'string' && entry.anyCase === true;
      const endsName = typeof entry !== 'string' && entry.endsName === true;
      this.checks[index] = (!anyCase && hasAsciiLetter(words[index]) ? CHECK_CASE : 0) | (endsName ? CHECK_NAME_END : 0);
    });
    const folded = words.map(foldCase);
    // Only as long as the highest character a word holds (at least ASCII, whose upper-case letters are read as
    // lower-case ones; not 64K: a gitignore level makes one matcher per pattern set); a character beyond it is in no word.
    let highest = 127;
    for (const word of folded) for (let i = 0; i < word.length; i++) highest = Math.max(highest, word.charCodeAt(i));
    this.classOf = new Uint16Array(highest + 1);
    let columns = 1;
    for (const word of folded) {
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(i);
        if (this.classOf[code] === 0) this.classOf[code] = columns++;
      }
    }
    for (let code = 65; code <= 90; code++) this.classOf[code] = this.classOf[code + 32];
    this.columns = columns;

    // The trie, with transitions in a map while it grows.
    const children: Map<number, number>[] = [new Map()];
    const ending: number[][] = [[]];
    folded.forEach((word, index) => {
      if (word.length === 0) {
        this.emptyWords.push(index);
        return;
      }
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const column = this.classOf[word.charCodeAt(i)];
        let child = children[state].get(column);
        if (child === undefined) {
          child = children.length;
          children.push(new Map());
          ending.push([]);
          children[state].set(column, child);
        }
        state = child;
      }
      ending[state].push(index);
    });

    // Breadth first, so that a state's failure target is complete before the state is: fill every transition
    // (a missing one goes where the failure target goes) and inherit the words that end at the failure target.
    const stateCount = children.length;
    const next = new Int32Array(stateCount * columns);
    const failure = new Int32Array(stateCount);
    const queue: number[] = [];
    for (const [column, child] of children[0]) {
      next[column] = child;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      const fallback = failure[state];
      if (fallback !== 0) ending[state].push(...ending[fallback]);
      // The failure target's row, copied whole (one native copy, not a lookup per column), then the state's own children.
      next.copyWithin(state * columns, fallback * columns, fallback * columns + columns);
      for (const [column, child] of children[state]) {
        failure[child] = next[fallback * columns + column];
        next[state * columns + column] = child;
        queue.push(child);
      }
    }
    const encoded = new Int32Array(stateCount);
    for (let state = 0; state < stateCount; state++) encoded[state] = ending[state].length > 0 ? ~(state * columns) : state * columns;
    for (let i = 0; i < next.length; i++) next[i] = encoded[next[i]];
    this.next = next;
    this.endingStart = new Int32Array(stateCount + 1);
    const flat: number[] = [];
    for (let state = 0; state < stateCount; state++) {
      this.endingStart[state] = flat.length;
      for (const word of new Set(ending[state])) flat.push(word);
    }
    this.endingStart[stateCount] = flat.length;
    this.endingWords = Int32Array.from(flat);
  }

  /** Whether the text contains any of the words; stops reading at the first. */
  containsAny(text: string): boolean {
    if (this.emptyWords.length > 0) return true;
    const { classOf, next, columns, endingStart, endingWords } = this;
    const classes = classOf.length;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      row = next[row + (code < classes ? classOf[code] : 0)];
      if (row >= 0) continue;
      row = ~row;
      const state = row / columns;
      for (let k = endingStart[state], end = endingStart[state + 1]; k < end; k++) if (this.holdsAt(endingWords[k], text, i)) return true;
    }
    return false;
  }

  /** For each word (by its index), 1 when the text contains it. Stops reading once every word is found. */
  find(text: string): Uint8Array {
    const found = new Uint8Array(this.words.length);
    let missing = this.words.length;
    for (const index of this.emptyWords) {
      found[index] = 1;
      missing--;
    }
    if (missing === 0) return found;
    const { classOf, next, endingStart, endingWords, columns } = this;
    const classes = classOf.length;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const entry = next[row + (code < classes ? classOf[code] : 0)];
      if (entry >= 0) {
        row = entry;
        continue;
      }
      row = ~entry;
      const state = row / columns;
      const end = endingStart[state + 1];
      for (let k = endingStart[state]; k < end; k++) {
        const word = endingWords[k];
        if (found[word] === 0 && this.holdsAt(word, text, i)) {
          found[word] = 1;
          if (--missing === 0) return found;
        }
      }
    }
    return found;
  }

  /** Whether a word whose folded text ends at `last` is there as asked: in its case, and not followed by a letter. */
  private holdsAt(word: number, text: string, last: number): boolean {
    const checks = this.checks[word];
    if (checks === 0) return true;
    const spelled = this.words[word];
    if (checks & CHECK_CASE && !text.startsWith(spelled, last + 1 - spelled.length)) return false;
    if (checks & CHECK_NAME_END && last + 1 < text.length && isAsciiLetter(text.charCodeAt(last + 1))) return false;
    return true;
  }
}

const CHECK_CASE = 1;
const CHECK_NAME_END = 2;

/** ASCII upper-case letters as lower-case ones; every other character as it is. */
function foldCase(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 65 && code <= 90) return word.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  }
  return word;
}

function hasAsciiLetter(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (isAsciiLetter(word.charCodeAt(i))) return true;
  return false;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
