import { SourceText } from '../source-text';
import type { Finding, Fix, TextEdit } from '../types';

/** Turns snippet syntax (`${1:name}`, `$1`, `$0`) into plain text, for fixes applied outside an editor. */
export function snippetToPlainText(text: string): string {
  return text
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

function toOffsets(source: SourceText, edits: readonly TextEdit[], plain: boolean): OffsetEdit[] {
  return edits.map((edit) => ({
    start: source.offsetAt(edit.range.start),
    end: source.offsetAt(edit.range.end),
    newText: plain ? snippetToPlainText(edit.newText) : edit.newText,
  }));
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  // Two insertions at the same point conflict too: their order would be arbitrary.
  return a.start < b.end && b.start < a.end || (a.start === b.start && (a.start === a.end || b.start === b.end));
}

/** Applies non-overlapping edits to a text; throws when edits overlap, which is a bug in a rule. */
export function applyEdits(text: string, edits: readonly TextEdit[], plainSnippets = true): string {
  const source = new SourceText(text);
  const offsets = toOffsets(source, edits, plainSnippets).sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (let i = 0; i < offsets.length; i++) {
    const edit = offsets[i];
    if (i > 0 && edit.end > offsets[i - 1].start) throw new Error('a fix has overlapping edits');
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  }
  return result;
}

export interface FixAllResult {
  text: string;
  applied: number;
  /** Fixes that were left out because they overlap an earlier one; a second pass can apply them. */
  skipped: number;
}

/**
 * Applies one fix per finding (the first safe one, or the first at all when `includeUnsafe`), skipping a
 * fix whose edits overlap a fix already taken, as ESLint does; callers re-analyse and repeat for the rest.
 */
export function applyFixes(text: string, findings: readonly Finding[], includeUnsafe = false): FixAllResult {
  const source = new SourceText(text);
  const chosen: OffsetEdit[] = [];
  const chosenEdits: TextEdit[] = [];
  let applied = 0;
  let skipped = 0;
  for (const finding of findings) {
    const fix = pickFix(finding.fixes, includeUnsafe);
    if (!fix) continue;
    const offsets = toOffsets(source, fix.edits, true);
    if (offsets.some((edit) => chosen.some((taken) => overlaps(edit, taken)))) {
      skipped++;
      continue;
    }
    chosen.push(...offsets);
    chosenEdits.push(...fix.edits);
    applied++;
  }
  return { text: applied ? applyEdits(text, chosenEdits) : text, applied, skipped };
}

export function pickFix(fixes: readonly Fix[], includeUnsafe: boolean): Fix | undefined {
  return fixes.find((fix) => fix.safety === 'safe') ?? (includeUnsafe ? fixes[0] : undefined);
}
