import type { Finding, Position, Range } from '../types';

function shiftPosition(position: Position, lines: number): Position {
  return { line: position.line + lines, character: position.character };
}

function shiftRange(range: Range, lines: number): Range {
  return { start: shiftPosition(range.start, lines), end: shiftPosition(range.end, lines) };
}

/** A copy of a finding moved by a number of lines: its range, related steps and fix edits. */
export function shiftFinding(finding: Finding, lines: number): Finding {
  if (lines === 0) return finding;
  const shifted: Finding = {
    ...finding,
    range: shiftRange(finding.range, lines),
    related: finding.related.map((step) => ({ ...step, range: shiftRange(step.range, lines) })),
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, range: shiftRange(edit.range, lines) })) })),
  };
  return shifted;
}

function rangeWithin(range: Range, first: number, last: number): boolean {
  return range.start.line >= first && range.end.line <= last;
}

/** Whether every position of a finding lies on lines first..last (so it moves with its statement). */
export function withinLines(finding: Finding, first: number, last: number): boolean {
  if (finding.cell) return false;
  return (
    rangeWithin(finding.range, first, last) &&
    finding.related.every((step) => rangeWithin(step.range, first, last)) &&
    finding.fixes.every((fix) => fix.edits.every((edit) => rangeWithin(edit.range, first, last)))
  );
}
