import type { Tree } from 'web-tree-sitter';
import { familyOf, grammarFor, type GrammarName, type LanguageFamily } from './languages';
import { Edit, parseText } from './parsing/parse';
import { reparseRange } from './parsing/reparse-range';
import { SourceText } from './source-text';
import type { Range } from './types';

/** An edit as editors send it: replace `range` (or everything, when absent) with `text`. */
export interface TextChange {
  range?: Range;
  text: string;
}

/**
 * One document as the engine sees it: its text, and its syntax tree kept between edits so that each
 * change re-parses incrementally (`tree.edit` then a parse that reuses the old tree).
 */
export class AnalyzedDocument {
  readonly family: LanguageFamily | undefined;
  private readonly grammar: GrammarName | undefined;
  private currentText: string;
  private currentSource: SourceText;
  private currentTree: Tree | undefined;
  private treeIsStale = true;

  constructor(
    readonly languageId: string,
    readonly filePath: string | undefined,
    text: string,
  ) {
    this.family = familyOf(languageId, filePath);
    this.grammar = this.family ? grammarFor(languageId, this.family) : undefined;
    this.currentText = text;
    this.currentSource = new SourceText(text);
  }

  get text(): string {
    return this.currentText;
  }

  get source(): SourceText {
    return this.currentSource;
  }

  /** The syntax tree for the current text, parsed lazily (incrementally when an older tree exists). */
  get tree(): Tree | undefined {
    if (!this.grammar) return undefined;
    if (this.treeIsStale || !this.currentTree) {
      const old = this.currentTree;
      this.currentTree = parseText(this.grammar, this.currentText, old);
      old?.delete();
      this.treeIsStale = false;
    }
    return this.currentTree;
  }

  /** Applies editor changes in order; ranges refer to the text as it is after the previous change. */
  applyChanges(changes: readonly TextChange[]): void {
    for (const change of changes) {
      if (!change.range) {
        this.replaceAll(change.text);
        continue;
      }
      const before = this.currentSource;
      const startIndex = before.offsetAt(change.range.start);
      const oldEndIndex = before.offsetAt(change.range.end);
      const after = before.withChange(startIndex, oldEndIndex, change.text);
      const text = after.text;
      const newEndIndex = startIndex + change.text.length;
      if (this.currentTree && this.grammar) {
        // Described to tree-sitter as a range around the change that it re-parses without losing step.
        const range = reparseRange(this.grammar, before.text, { start: startIndex, oldEnd: oldEndIndex });
        const rangeNewEnd = range.oldEnd + (newEndIndex - oldEndIndex);
        const startPosition = before.positionAt(range.start);
        const oldEnd = before.positionAt(range.oldEnd);
        const newEnd = after.positionAt(rangeNewEnd);
        this.currentTree.edit(
          new Edit({
            startIndex: range.start,
            oldEndIndex: range.oldEnd,
            newEndIndex: rangeNewEnd,
            startPosition: { row: startPosition.line, column: startPosition.character },
            oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
            newEndPosition: { row: newEnd.line, column: newEnd.character },
          }),
        );
      }
      this.currentText = text;
      this.currentSource = after;
      this.treeIsStale = true;
    }
  }

  /** Whether a syntax tree is held (parsed, possibly stale after edits). */
  get holdsTree(): boolean {
    return this.currentTree !== undefined;
  }

  /**
   * Frees the syntax tree (it lives in WebAssembly memory, outside the JavaScript heap); the text stays, and
   * the next use of `tree` parses it again from scratch.
   */
  releaseTree(): void {
    this.currentTree?.delete();
    this.currentTree = undefined;
    this.treeIsStale = true;
  }

  replaceAll(text: string): void {
    this.currentText = text;
    this.currentSource = new SourceText(text);
    this.currentTree?.delete();
    this.currentTree = undefined;
    this.treeIsStale = true;
  }

  dispose(): void {
    this.currentTree?.delete();
    this.currentTree = undefined;
  }
}
