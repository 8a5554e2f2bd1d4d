import type { TextChange } from '../document';
import type { Finding, Position, Range } from '../types';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Where an edit's inserted text ends. */
function insertedEnd(start: Position, text: string): Position {
  let lines = 0;
  let lastBreak = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      lines++;
      lastBreak = i;
    }
  }
  return lines === 0
    ? { line: start.line, character: start.character + text.length }
    : { line: start.line + lines, character: text.length - lastBreak - 1 };
}

/**
 * Moves a position through one edit, as an editor moves its markers: before the edit it stays, after it it
 * moves with the text, inside the replaced span it lands where the edit starts.
 */
export function mapPosition(position: Position, range: Range, text: string): Position {
  if (before(position, range.start)) return position;
  if (before(position, range.end)) return range.start;
  const end = insertedEnd(range.start, text);
  if (position.line === range.end.line) return { line: end.line, character: end.character + (position.character - range.end.character) };
  return { line: position.line + (end.line - range.end.line), character: position.character };
}

function mapRange(range: Range, change: Range, text: string): Range {
  return { start: mapPosition(range.start, change, text), end: mapPosition(range.end, change, text) };
}

function overlaps(a: Range, b: Range): boolean {
  return before(b.start, a.end) && before(a.start, b.end);
}

/** A finding carried through editor changes (range, related steps, fix edits); undefined for a full replacement. */
export function mapFindingThroughChanges(finding: Finding, changes: readonly TextChange[]): Finding | undefined {
  let current = finding;
  for (const change of changes) {
    const { range, text } = change;
    if (!range) return undefined;
    // A fix whose span the user has just edited no longer knows what it replaces: it waits for the next full run.
    const fixes = current.fixes.some((fix) => fix.edits.some((edit) => overlaps(edit.range, range)))
      ? []
      : current.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, range: mapRange(edit.range, range, text) })) }));
    current = {
      ...current,
      range: mapRange(current.range, range, text),
      related: current.related.map((step) => ({ ...step, range: mapRange(step.range, range, text) })),
      fixes,
    };
  }
  return current;
}
