import type { GrammarName } from '../languages';

/** A change as offsets into the text before it: `[start, oldEnd)` was replaced. */
export interface ChangedRange {
  start: number;
  oldEnd: number;
}

/**
 * The range to describe a change to tree-sitter with (`tree.edit`) so that its incremental re-parse costs
 * about the edited lines, not the rest of the file. It always contains the change, so it is always a correct
 * description: tree-sitter re-reads whatever is marked changed.
 *
 * Only Python needs it. NEWLINE, INDENT and DEDENT come from tree-sitter-python's external scanner: zero
 * characters wide, at the end of a line's last token (a trailing comment included), with the next statement
 * starting at the same offset. tree-sitter reuses an old node only if the scanner state before it (the indent
 * stack) equals the parser's, and it compares before it lexes what lies at the parser's offset. When an edit
 * marks those zero-width tokens changed (it touches their offset, or lies in what the scanner read to measure
 * the next line's indentation: trailing whitespace, blank and comment lines, the next line's first character),
 * the parser steps over the old ones unlexed, compares the next statement with a stale indent stack and skips
 * it whole; at its end the same happens before its DEDENT, and so on: the rest of the file is re-parsed
 * (140 ms for 5,000 lines instead of 5-10) unless statements at one indentation bring the states together.
 * Typing at the end of a line, in a trailing comment or on a new line does it wherever the next line's
 * indentation differs. The JavaScript and TypeScript scanners keep no state: their comparison always succeeds.
 *
 * The range returned starts at or before the change on a code line, after the first character of that line
 * (earlier lines' zero-width tokens read up to it) and before the end of its last token (where this line's
 * own sit), and ends at the start of a later line whose first token is followed by another. tree-sitter gives
 * the inserted text to the node holding the start and shrinks everything up to the end to nothing at the end's
 * new offset, a line start, where no zero-width token sits. So the parser re-lexes the range, zero-width tokens
 * included, before it meets an old node again, and meets the first at the end of that line's first token: not
 * the end of a line, so no old zero-width token is stepped over there, and both sides have read every token
 * before it. `test/unit/reparse-range.test.ts` counts the tokens each keystroke re-lexes, line by line.
 */
export function reparseRange(grammar: GrammarName, text: string, change: ChangedRange): ChangedRange {
  if (grammar !== 'python') return change;
  let end = nextLineStart(text, change.oldEnd);
  while (end < text.length && !opensWithTwoTokens(text, end)) end = nextLineStart(text, end);
  return { start: safeStart(text, change.start), oldEnd: end };
}

/** The start of the line after the one holding `offset` (the text's end on the last line). */
function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/**
 * Whether the line starting at `lineStart` surely holds a second token after its first: a name or keyword
 * followed on the same line by something other than a comment. Were the first token after the range the last
 * of its line (`pass`, `raise` or `)` before a DEDENT), the parser would meet old nodes again at the end of a
 * line, step over the old statement there with its NEWLINE before lexing the new one, and lose step again.
 */
function opensWithTwoTokens(text: string, lineStart: number): boolean {
  let at = lineStart;
  while (isBlank(text.charCodeAt(at))) at++;
  if (!isNameStart(text.charCodeAt(at))) return false;
  while (isNameStart(text.charCodeAt(at)) || isDigit(text.charCodeAt(at))) at++;
  // A character outside ASCII may continue the name.
  if (text.charCodeAt(at) > 127) return false;
  while (isBlank(text.charCodeAt(at))) at++;
  const next = text[at];
  return next !== undefined && next !== '\n' && next !== '#';
}

function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The last offset at or before `offset` on a code line, at least two characters after the line's first
 * non-blank character and no later than its last. The zero-width tokens at the end of earlier lines read up to
 * the first (skipping blank and comment lines; the second character is a margin), this line's own sit after the
 * last. A line whose first character is `#` (a comment, or string text the scanner could take for one) or `\`
 * (a continuation, read through) does not qualify, nor does one too short. With no such line above, 0.
 */
function safeStart(text: string, offset: number): number {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  for (let own = true; ; own = false) {
    let first = lineStart;
    while (first < lineEnd && isBlank(text.charCodeAt(first))) first++;
    let last = lineEnd - 1;
    while (last > first && isBlank(text.charCodeAt(last))) last--;
    const code = first < lineEnd && text[first] !== '#' && text[first] !== '\\';
    if (code && last >= first + 2) {
      if (!own) return last;
      if (offset >= first + 2) return Math.min(offset, last);
    }
    if (lineStart === 0) return 0;
    lineEnd = lineStart - 1;
    lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
  }
}

/** Characters the Python scanner skips between tokens on a line (a lone `\r` does not end a line for it). */
function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 12;
}
