import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  NotebookCellKind,
  type DidChangeNotebookDocumentParams,
  type DidOpenNotebookDocumentParams,
  type NotebookCell,
  type TextDocumentItem,
} from 'vscode-languageserver/node';
import type { CellKind } from '../engine';
import type { InfoFindings } from './diagnostics';
import { uriToPath } from './uris';

/** One cell as the server keeps it: its URI, its kind, and its text document (absent until the client opens it). */
export interface LiveCell {
  readonly uri: string;
  kind: NotebookCellKind;
  document: TextDocument | undefined;
}

/**
 * An open notebook mirrored from `notebookDocument/*` notifications: the cells in order with their text,
 * kept up to date with incremental text changes and structure changes (insert, delete, move). `revision`
 * moves on every change, cell text included (the notebook's own version does not when only text changes).
 */
export class LiveNotebook {
  readonly uri: string;
  readonly notebookType: string;
  readonly filePath: string | undefined;
  version: number;
  revision = 0;
  cells: LiveCell[];
  /** Cell URIs that currently show diagnostics, so a later publish or a close can clear them. */
  readonly publishedCells = new Set<string>();
  /** Log lines already written for this notebook. */
  readonly loggedNotes = new Set<string>();
  debounceMs: number | undefined;
  infoFindings: InfoFindings | undefined;
  /** Whether findings in the saved outputs are showing on the notebook file. */
  outputsPublished = false;

  constructor({ notebookDocument, cellTextDocuments }: DidOpenNotebookDocumentParams) {
    this.uri = notebookDocument.uri;
    this.notebookType = notebookDocument.notebookType;
    this.filePath = uriToPath(notebookDocument.uri);
    this.version = notebookDocument.version;
    const texts = new Map(cellTextDocuments.map((item) => [item.uri, item]));
    this.cells = notebookDocument.cells.map((cell) => toLiveCell(cell, texts));
  }

  cell(uri: string): LiveCell | undefined {
    return this.cells.find((cell) => cell.uri === uri);
  }

  /**
   * Applies one `notebookDocument/didChange`: structure first (the spec's order), then cell data, then text.
   * Throws on a change that does not fit the mirrored state; the caller then asks for nothing and logs it.
   */
  applyChange({ notebookDocument, change }: DidChangeNotebookDocumentParams): void {
    this.version = notebookDocument.version;
    this.revision++;
    const cells = change.cells;
    if (!cells) return;
    if (cells.structure) {
      const { array, didOpen, didClose } = cells.structure;
      const opened = new Map((didOpen ?? []).map((item) => [item.uri, item]));
      const closed = new Set((didClose ?? []).map((item) => item.uri));
      // A moved cell is deleted and inserted again without being closed: it keeps its text.
      const removed = this.cells.slice(array.start, array.start + array.deleteCount);
      const kept = new Map(removed.filter((cell) => !closed.has(cell.uri)).map((cell) => [cell.uri, cell]));
      const inserted = (array.cells ?? []).map((cell) => {
        const previous = kept.get(cell.document);
        if (previous && !opened.has(cell.document)) {
          previous.kind = cell.kind;
          return previous;
        }
        return toLiveCell(cell, opened);
      });
      if (array.start < 0 || array.start > this.cells.length) throw new Error(`cell change at ${array.start} outside ${this.cells.length} cells`);
      this.cells.splice(array.start, array.deleteCount, ...inserted);
      // A cell's document can be closed and opened again without a structural change (its language changed).
      for (const uri of closed) {
        const cell = this.cell(uri);
        if (cell && !opened.has(uri)) cell.document = undefined;
      }
      for (const [uri, item] of opened) {
        const cell = this.cell(uri);
        if (cell) cell.document = textDocument(item);
      }
    }
    for (const data of cells.data ?? []) {
      const cell = this.cell(data.document);
      if (cell) cell.kind = data.kind;
    }
    for (const { document, changes } of cells.textContent ?? []) {
      const cell = this.cell(document.uri);
      if (!cell?.document) throw new Error(`a text change for ${document.uri}, which is not an open cell`);
      cell.document = TextDocument.update(cell.document, changes, document.version);
    }
  }

  /** The cells as the engine takes them: code cells in Python are code, other code cells are left alone. */
  engineCells(): { kind: CellKind; text: string }[] {
    return this.cells.map((cell) => ({ kind: engineKind(cell), text: cell.document?.getText() ?? '' }));
  }
}

function engineKind(cell: LiveCell): CellKind {
  if (cell.kind === NotebookCellKind.Markup) return 'markdown';
  return cell.document?.languageId === 'python' ? 'code' : 'raw';
}

function toLiveCell(cell: NotebookCell, texts: ReadonlyMap<string, TextDocumentItem>): LiveCell {
  const item = texts.get(cell.document);
  return { uri: cell.document, kind: cell.kind, document: item ? textDocument(item) : undefined };
}

function textDocument(item: TextDocumentItem): TextDocument {
  return TextDocument.create(item.uri, item.languageId, item.version, item.text);
}
