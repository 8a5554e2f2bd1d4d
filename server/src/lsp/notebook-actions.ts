import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import {
  analyzeNotebookCells,
  applyEdits,
  grammarFor,
  pickFix,
  SourceText,
  type AisecConfig,
  type CellKind,
  type Finding,
  type Fix,
  type TextEdit,
} from '../engine';
import { parseText } from '../engine/parsing/parse';
import type { ProjectFileText } from './project-file-edit';
import { codeActions, FIX_ALL_KIND, resolveCodeAction, resolveFix, type ActionData, type ActionDocument, type ActionOptions } from './code-actions';
import { minimalEdit, workspaceEdit } from './edits';

/** A cell a code action may edit: its URI, the version its text has, and the text. */
export interface ActionCell {
  uri: string;
  version: number;
  text: string;
  kind: CellKind;
}

/** One analysed notebook as code actions see it: the cells in order and each finding's cell. */
export interface NotebookActionContext {
  cells: readonly ActionCell[];
  /** Findings of the whole notebook, each with `cell` set (ranges within the cell). */
  findings: readonly Finding[];
  config: AisecConfig;
  filePath: string | undefined;
  /** The folder's project file, when one is in use: "Disable <rule>" edits it (see ActionDocument). */
  readProjectFile?(): ProjectFileText | undefined;
}

const MAX_FIX_ALL_PASSES = 10;

/**
 * VS Code runs `source.*` actions on save for each cell, possibly at the same time, so `source.fixAll.aisec`
 * edits only its own cell; fixes across the notebook are this notebook-level kind, which VS Code runs once,
 * before the cell actions (`notebook.codeActionsOnSave: { "notebook.source.fixAll.aisec": "explicit" }`).
 */
export const NOTEBOOK_FIX_ALL_KIND = `notebook.${FIX_ALL_KIND}`;

type NotebookActionData = ActionData | { type: 'notebookFixAll'; uri: string; version: number };

/**
 * Code actions for a range of one cell. The per-finding actions come from the shared document code actions
 * (with the cell as the document); fixes whose edits reach other cells (an `import os` in the first cell)
 * and the notebook-wide fix-all get their edits here.
 */
export function notebookCodeActions(
  context: NotebookActionContext,
  cellIndex: number,
  range: Range,
  diagnostics: readonly Diagnostic[],
  only: readonly string[] | undefined,
  options: ActionOptions,
): CodeAction[] {
  const document = cellDocument(context, cellIndex);
  if (!document) return [];
  const actions = wants(only, CodeActionKind.QuickFix)
    ? codeActions(document, range, diagnostics, [CodeActionKind.QuickFix], { ...options, lazyEdits: true })
    : [];
  const safelyFixable = (finding: Finding) => finding.fixes.some((fix) => fix.safety === 'safe');
  const explicit = (kind: string) => only !== undefined && wants(only, kind);
  if (explicit(FIX_ALL_KIND) || (only === undefined && document.findings.some(safelyFixable))) {
    actions.push({
      title: 'Fix all auto-fixable AISec problems in this cell',
      kind: FIX_ALL_KIND,
      data: { type: 'fixAll', uri: document.uri, version: document.version } satisfies NotebookActionData,
    });
  }
  if (explicit(NOTEBOOK_FIX_ALL_KIND) || (only === undefined && context.findings.some(safelyFixable))) {
    actions.push({
      title: 'Fix all auto-fixable AISec problems in this notebook',
      kind: NOTEBOOK_FIX_ALL_KIND,
      data: { type: 'notebookFixAll', uri: document.uri, version: document.version } satisfies NotebookActionData,
    });
  }
  // On save there is no time for a second round trip, and some clients cannot resolve: compute now.
  const eager = (action: CodeAction) => !options.lazyEdits || (action.kind !== CodeActionKind.QuickFix && explicit(action.kind ?? ''));
  return actions.map((action) => (action.data && eager(action) ? resolveNotebookCodeAction(action, context, cellIndex, options) : action));
}

/** Fills in the edit of a code action made by `notebookCodeActions` for the cell at `cellIndex`. */
export function resolveNotebookCodeAction(
  action: CodeAction,
  context: NotebookActionContext,
  cellIndex: number,
  options: ActionOptions,
): CodeAction {
  const data = action.data as NotebookActionData | undefined;
  const document = cellDocument(context, cellIndex);
  if (!data || !document || data.uri !== document.uri || data.version !== document.version) return action;
  switch (data.type) {
    case 'fix': {
      const fix = resolveFix(document, data);
      if (fix) action.edit = cellsEdit(context.cells, editsByCell(fix, cellIndex), options, fix.isSnippet);
      return action;
    }
    case 'ignore':
      // A comment above the line, in this cell only: the shared code does exactly that.
      return resolveCodeAction(action, document, { ...options, lazyEdits: false });
    case 'fixAll':
    case 'notebookFixAll': {
      const fixed = fixAllCells(context, data.type === 'fixAll' ? cellIndex : undefined);
      const edits = new Map<number, TextEdit[]>();
      fixed.forEach((text, index) => {
        const edit = minimalEdit(context.cells[index].text, text);
        if (edit) edits.set(index, [edit]);
      });
      action.edit = cellsEdit(context.cells, edits, options);
      return action;
    }
  }
}

/** The cell as a document for the shared code actions: its text and its findings (cell-relative ranges). */
function cellDocument(context: NotebookActionContext, cellIndex: number): ActionDocument | undefined {
  const cell = context.cells[cellIndex];
  if (!cell) return undefined;
  const source = new SourceText(cell.text);
  return {
    uri: cell.uri,
    version: cell.version,
    // Comments in markdown are not suppressions: offer the ignore action in code cells only.
    languageId: cell.kind === 'code' ? 'python' : 'markdown',
    filePath: context.filePath,
    family: cell.kind === 'code' ? 'python' : 'notebook',
    source,
    findings: findingsOfCell(context.findings, cellIndex),
    config: context.config,
    canInsertLineAbove: (line) => cell.kind === 'code' && !insideMultilineString(cell.text, line),
    readProjectFile: context.readProjectFile,
  };
}

/** The findings shown on a cell, in the order its diagnostics were published (their `data.index`). */
export function findingsOfCell(findings: readonly Finding[], cellIndex: number): Finding[] {
  return findings.filter((finding) => finding.cell?.index === cellIndex).map((finding) => ({ ...finding, range: finding.cell!.range }));
}

function editsByCell(fix: Fix, defaultCell: number): Map<number, TextEdit[]> {
  const byCell = new Map<number, TextEdit[]>();
  for (const edit of fix.edits) {
    const cell = edit.cell ?? defaultCell;
    byCell.set(cell, [...(byCell.get(cell) ?? []), { range: edit.range, newText: edit.newText }]);
  }
  return byCell;
}

/** One workspace edit over several cells, each text edit naming the version of the cell it was computed for. */
function cellsEdit(cells: readonly ActionCell[], edits: ReadonlyMap<number, TextEdit[]>, options: ActionOptions, isSnippet = false): WorkspaceEdit {
  const result: WorkspaceEdit = {};
  for (const [index, cellEdits] of [...edits].sort(([a], [b]) => a - b)) {
    const cell = cells[index];
    if (!cell) continue;
    const part = workspaceEdit(cell.uri, cell.version, cellEdits, options.edits, isSnippet);
    if (part.documentChanges) result.documentChanges = [...(result.documentChanges ?? []), ...part.documentChanges];
    if (part.changes) result.changes = { ...result.changes, ...part.changes };
  }
  if (!result.documentChanges && !result.changes) {
    if (options.edits.documentChanges) result.documentChanges = [];
    else result.changes = {};
  }
  return result;
}

/**
 * Applies the safe fixes of the whole notebook (or those that edit only `onlyCell`), as `fixAll` does for a
 * file: one fix per finding per pass, a fix left for the next pass when it overlaps one already taken in any
 * of its cells, and the notebook re-analysed between passes. Returns the new text of every cell.
 */
export function fixAllCells(context: NotebookActionContext, onlyCell?: number): string[] {
  const texts = context.cells.map((cell) => cell.text);
  let findings = context.findings;
  for (let pass = 0; pass < MAX_FIX_ALL_PASSES; pass++) {
    const taken = new Map<number, { start: number; end: number }[]>();
    const chosen = new Map<number, TextEdit[]>();
    const sources = texts.map((text) => new SourceText(text));
    for (const finding of findings) {
      const fix = pickFix(finding.fixes, false);
      if (!fix || finding.cell === undefined) continue;
      const byCell = editsByCell(fix, finding.cell.index);
      if (onlyCell !== undefined && [...byCell.keys()].some((cell) => cell !== onlyCell)) continue;
      const spans = [...byCell].map(([cell, edits]) => ({
        cell,
        edits,
        offsets: edits.map((edit) => ({ start: sources[cell]?.offsetAt(edit.range.start) ?? 0, end: sources[cell]?.offsetAt(edit.range.end) ?? 0 })),
      }));
      const clashes = spans.some(({ cell, offsets }) => !sources[cell] || offsets.some((edit) => (taken.get(cell) ?? []).some((other) => overlaps(edit, other))));
      if (clashes) continue;
      for (const { cell, edits, offsets } of spans) {
        taken.set(cell, [...(taken.get(cell) ?? []), ...offsets]);
        chosen.set(cell, [...(chosen.get(cell) ?? []), ...edits]);
      }
    }
    if (chosen.size === 0) break;
    for (const [cell, edits] of chosen) texts[cell] = applyEdits(texts[cell], edits);
    findings = analyzeNotebookCells(
      texts.map((text, index) => ({ kind: context.cells[index].kind, text })),
      { config: context.config, filePath: context.filePath },
    ).findings;
  }
  return texts;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  // Two insertions at one point clash too: their order would be arbitrary.
  return (a.start < b.end && b.start < a.end) || (a.start === b.start && (a.start === a.end || b.start === b.end));
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/** Whether `line` of a cell lies inside a string that starts above it (a comment inserted there would be text). */
function insideMultilineString(text: string, line: number): boolean {
  const grammar = grammarFor('python', 'python');
  if (!grammar) return false;
  const tree = parseText(grammar, text);
  try {
    for (let node = tree.rootNode.descendantForPosition({ row: line, column: 0 }); node; node = node.parent) {
      if ((node.type === 'string' || node.type === 'concatenated_string') && node.startPosition.row < line) return true;
    }
    return false;
  } finally {
    tree.delete();
  }
}
