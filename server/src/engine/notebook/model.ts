import { SourceText } from '../source-text';
import type { Position } from '../types';

/**
 * A notebook as the engine sees it: cells with their text, each able to say where a position inside
 * the cell lies in the file it came from (the `.ipynb` JSON), so findings can point at the file itself.
 */
export type CellKind = 'code' | 'markdown' | 'raw';

export interface NotebookText {
  readonly source: SourceText;
  /** The file position of an offset in this text; undefined when the notebook did not come from a file. */
  toFilePosition(offset: number): Position | undefined;
}

export interface NotebookOutput extends NotebookText {
  /** `stream`, `execute_result`, `display_data` or `error`. */
  readonly outputType: string;
}

export interface NotebookCell extends NotebookText {
  readonly index: number;
  readonly kind: CellKind;
  readonly outputs: readonly NotebookOutput[];
}

export interface NotebookModel {
  readonly cells: readonly NotebookCell[];
  /** The kernel's language (`python` unless the metadata says otherwise). */
  readonly language: string;
}

/** A notebook text without a file behind it (cells sent by an editor). */
export function cellText(text: string): NotebookText {
  return { source: new SourceText(text), toFilePosition: () => undefined };
}

/** What `notebook` rules see: the cells, and the IPython magic and shell lines of each code cell. */
export interface NotebookView extends NotebookModel {
  magics(cellIndex: number): readonly import('./magics').MagicLine[];
}
