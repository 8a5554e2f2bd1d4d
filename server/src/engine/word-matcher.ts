/**
 * Which of a fixed set of words occur in a text, found in one pass over it (Aho-Corasick). The prefilter asks
 * about some 360 words on every document before it is parsed; `text.includes` reads the whole text once for
 * every word that is absent, which cost more than the tree copy on a large scan. The automaton reads each
 * character once, whatever the number of words.
 *
 * Plain, case-sensitive substrings over UTF-16 code units, the same answer as `text.includes(word)`.
 */
export class WordMatcher {
  readonly words: readonly string[];
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

  constructor(words: readonly string[]) {
    this.words = words;
    // Only as long as the highest character a word holds (128 for ASCII words, not 64K: a gitignore level
    // makes one matcher per pattern set); a character beyond it is in no word.
    let highest = 0;
    for (const word of words) for (let i = 0; i < word.length; i++) highest = Math.max(highest, word.charCodeAt(i));
    this.classOf = new Uint16Array(highest + 1);
    let columns = 1;
    for (const word of words) {
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(i);
        if (this.classOf[code] === 0) this.classOf[code] = columns++;
      }
    }
    this.columns = columns;

    // The trie, with transitions in a map while it grows.
    const children: Map<number, number>[] = [new Map()];
    const ending: number[][] = [[]];
    words.forEach((word, index) => {
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
    const { classOf, next } = this;
    const classes = classOf.length;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      row = next[row + (code < classes ? classOf[code] : 0)];
      if (row < 0) return true;
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
        if (found[word] === 0) {
          found[word] = 1;
          if (--missing === 0) return found;
        }
      }
    }
    return found;
  }
}
