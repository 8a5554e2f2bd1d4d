import { runRules, sortAndDedupe, type AnalysisResult, type AnalyzeOptions } from '../analyze';
import { analyzeDocument } from '../analyze';
import { AnalyzedDocument } from '../document';
import { SourceText } from '../source-text';
import { isSuppressed, parseSuppressions } from '../suppression';
import type { Finding, Fix, Position, Range, TextEdit } from '../types';
import { neutraliseCell, type MagicLine } from './magics';
import { cellText, type CellKind, type NotebookCell, type NotebookModel, type NotebookView } from './model';

/**
 * Analyses a notebook: its code cells joined in order as one Python module (so a key defined in one cell and
 * used in another is followed by the dataflow rules), with IPython magics neutralised; then the `notebook`
 * rules over magics, outputs and markdown. Every finding says its cell and its range inside the cell; when
 * the notebook came from a file, its `range` is in the file (the `.ipynb` JSON), otherwise in the cell.
 */
export function analyzeNotebook(model: NotebookModel, options: AnalyzeOptions): AnalysisResult {
  const notes: string[] = [];
  const findings: Finding[] = [];
  const codeCells = model.language.toLowerCase().startsWith('python') ? model.cells.filter((c) => c.kind === 'code') : [];
  const magicsByCell = new Map<number, MagicLine[]>();

  // 1. Code cells as one Python document.
  const parts: string[] = [];
  const starts: { cell: NotebookCell; line: number }[] = [];
  let line = 0;
  for (const cell of codeCells) {
    const neutralised = neutraliseCell(cell.source.text);
    magicsByCell.set(cell.index, neutralised.magics);
    starts.push({ cell, line });
    const text = neutralised.text.endsWith('\n') || neutralised.text === '' ? neutralised.text : `${neutralised.text}\n`;
    parts.push(text);
    line += new SourceText(text).lineCount - 1;
  }
  if (codeCells.length > 0) {
    const virtual = new AnalyzedDocument('python', options.filePath, parts.join(''));
    try {
      const result = analyzeDocument(virtual, options);
      notes.push(...result.notes);
      for (const finding of result.findings) {
        const mapped = mapFromVirtual(finding, starts);
        if (mapped) findings.push(mapped);
      }
    } finally {
      virtual.dispose();
    }
  }

  // 2. Notebook rules: magics, outputs, markdown. They report cell-relative ranges with `properties.cell`
  //    (and `properties.output` for an output's text).
  const view: NotebookView = { ...model, magics: (index) => magicsByCell.get(index) ?? [] };
  const result = runRules(
    { family: 'notebook', languageId: 'jupyter', filePath: options.filePath, source: new SourceText(''), tree: undefined, dockerfile: undefined, notebook: view },
    options,
    false,
  );
  notes.push(...result.notes);
  const notebookFindings: Finding[] = [];
  const suppressionsByCell = new Map<number, ReturnType<typeof parseSuppressions>>();
  for (const finding of result.findings) {
    const cellIndex = Number(finding.properties?.cell);
    const cell = model.cells[cellIndex];
    if (!cell) continue;
    const outputIndex = finding.properties?.output;
    const text = typeof outputIndex === 'number' ? cell.outputs[outputIndex] : cell;
    if (!text) continue;
    if (text === cell) {
      let suppressions = suppressionsByCell.get(cellIndex);
      if (!suppressions) suppressionsByCell.set(cellIndex, (suppressions = parseSuppressions(cell.source)));
      if (isSuppressed(finding, suppressions)) continue;
    }
    // Fixes edit the cell's source; an output cannot be edited, only cleared.
    const fixes = text === cell ? finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, cell: cellIndex })) })) : [];
    notebookFindings.push(locate({ ...finding, fixes }, cellIndex, finding.range, text));
  }
  // A magic line is seen twice: as a comment by the Python rules and as a magic by the notebook rules. The
  // notebook rule knows what the line means, so its finding replaces a same-category one at the same place.
  const claimed = new Set(notebookFindings.map(placeKey));
  const merged = findings.filter((finding) => !claimed.has(placeKey(finding))).concat(notebookFindings);
  return { findings: sortAndDedupe(merged), notes };
}

function placeKey(finding: Finding): string {
  const range = finding.cell?.range ?? finding.range;
  return `${finding.category} ${finding.cell?.index} ${range.start.line}:${range.start.character}`;
}

/** Analyses cells sent by an editor (no file behind them): ranges are cell ranges. */
export function analyzeNotebookCells(
  cells: readonly { kind: CellKind; text: string }[],
  options: AnalyzeOptions,
  language = 'python',
): AnalysisResult {
  const model: NotebookModel = {
    language,
    cells: cells.map((cell, index) => ({ ...cellText(cell.text), index, kind: cell.kind, outputs: [] })),
  };
  return analyzeNotebook(model, options);
}

function mapFromVirtual(finding: Finding, starts: { cell: NotebookCell; line: number }[]): Finding | undefined {
  const owner = cellAt(starts, finding.range.start.line);
  if (!owner) return undefined;
  const cellRange = toCellRange(finding.range, owner);
  const fixes: Fix[] = [];
  for (const fix of finding.fixes) {
    const edits: TextEdit[] = [];
    for (const edit of fix.edits) {
      const target = cellAt(starts, edit.range.start.line);
      if (!target) continue;
      edits.push({ ...toCellEdit(edit, target), cell: target.cell.index });
    }
    if (edits.length === fix.edits.length) fixes.push({ ...fix, edits });
  }
  const related = finding.related.flatMap((step) => {
    const target = cellAt(starts, step.range.start.line);
    if (!target) return [];
    const range = toCellRange(step.range, target);
    return [{ ...step, range: fileRange(target.cell, range) ?? range, cell: target.cell.index }];
  });
  return { ...locate({ ...finding, fixes, related }, owner.cell.index, cellRange, owner.cell) };
}

function cellAt(starts: { cell: NotebookCell; line: number }[], line: number): { cell: NotebookCell; line: number } | undefined {
  let found: { cell: NotebookCell; line: number } | undefined;
  for (const start of starts) if (start.line <= line) found = start;
  return found;
}

function toCellRange(range: Range, owner: { cell: NotebookCell; line: number }): Range {
  const lastLine = owner.cell.source.lineCount - 1;
  const clamp = (p: Position): Position => {
    const lineInCell = p.line - owner.line;
    if (lineInCell > lastLine) return { line: lastLine, character: owner.cell.source.lineText(lastLine).length };
    return { line: lineInCell, character: p.character };
  };
  return { start: clamp(range.start), end: clamp(range.end) };
}

function toCellEdit(edit: TextEdit, owner: { cell: NotebookCell; line: number }): TextEdit {
  return { range: toCellRange(edit.range, owner), newText: edit.newText };
}

function fileRange(text: { source: SourceText; toFilePosition(offset: number): Position | undefined }, range: Range): Range | undefined {
  const start = text.toFilePosition(text.source.offsetAt(range.start));
  const end = text.toFilePosition(text.source.offsetAt(range.end));
  return start && end ? { start, end } : undefined;
}

/**
 * Puts a cell-relative finding into its final shape: `cell` holds the cell range, `range` the file range when
 * there is a file, and `properties` the cell index and 1-based line within the cell (for JSON output).
 */
function locate(
  finding: Finding,
  cellIndex: number,
  cellRange: Range,
  text: { source: SourceText; toFilePosition(offset: number): Position | undefined },
): Finding {
  const inFile = fileRange(text, cellRange);
  return {
    ...finding,
    range: inFile ?? cellRange,
    cell: { index: cellIndex, range: cellRange },
    properties: { ...finding.properties, cell: cellIndex, cellLine: cellRange.start.line + 1 },
  };
}
