import {
  AnalyzedDocument,
  IncrementalAnalyzer,
  type AnalyzeOptions,
  type IncrementalResult,
  type Finding,
  type LanguageFamily,
  type SourceText,
  type TextChange,
} from '../engine';
import type { IncrementalState } from '../engine/incremental/analyzer';

/** The last analysis published for a document, kept for code actions and hovers. */
export interface PublishedAnalysis {
  version: number;
  findings: Finding[];
}

/**
 * An open editor document: its text, the findings of the last analysis and, while it is being edited, its
 * syntax tree kept across edits (each change edits the tree so the next parse is incremental) and the
 * incremental analyzer's state. The session releases the tree and state of documents not edited recently. A notebook would implement the same
 * shape over its cells.
 */
export class LiveDocument {
  readonly filePath: string | undefined;
  readonly family: LanguageFamily | undefined;
  /** The name the language is told from: the path, or for an untitled document the URI's last segment. */
  readonly documentName: string | undefined;
  private readonly document: AnalyzedDocument;
  private readonly analyzer = new IncrementalAnalyzer();
  published: PublishedAnalysis | undefined;
  /** When the latest change arrived (performance.now()), for benchmark timings. */
  changedAt = performance.now();
  /** Debounce of the document's folder, learnt at its last analysis. */
  debounceMs: number | undefined;
  /** Notes already logged, so a document that cannot be parsed logs once, not per keystroke. */
  readonly loggedNotes = new Set<string>();
  disposed = false;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
    filePath: string | undefined,
  ) {
    this.filePath = filePath;
    this.documentName = filePath ?? fileNameHint(uri);
    this.document = new AnalyzedDocument(languageId, this.documentName, text);
    this.family = this.document.family;
  }

  get text(): string {
    return this.document.text;
  }

  get source(): SourceText {
    return this.document.source;
  }

  applyChanges(changes: readonly TextChange[], version: number): void {
    this.document.applyChanges(changes);
    this.analyzer.noteChanges(changes);
    this.version = version;
    this.changedAt = performance.now();
  }

  /** A quick run re-checks what changed; a full run also re-runs whole-document rules (see IncrementalAnalyzer). */
  analyze(options: AnalyzeOptions, kind: 'quick' | 'full'): IncrementalResult {
    return this.analyzer.analyze(this.document, { ...options, filePath: this.filePath }, kind);
  }

  /**
   * Whether a quick run can carry whole-document findings: false until a full run has taught the analyzer
   * which rules look at the whole document with this configuration, and after a whole-text replacement (a
   * "quick" run is then a full run).
   */
  canRunQuick(options: AnalyzeOptions): boolean {
    return this.analyzer.canRunQuick(options);
  }

  /**
   * Parses the text now if it has not been: after a full run made elsewhere, so that the first keystroke does
   * not pay for a whole parse.
   */
  prepareTree(): void {
    try {
      void this.document.tree;
    } catch {
      // The analysis reports a document that cannot be parsed; nothing to prepare.
    }
  }

  /** Continues from a full run of the current text made elsewhere (a worker), as if this document had made it. */
  adoptFullRun(state: IncrementalState, options: AnalyzeOptions): void {
    this.analyzer.restoreState(state, { ...options, filePath: this.filePath });
  }

  /**
   * Whether a comment line can go above `line` without changing the program: not when the line starts inside
   * a string or template that spans lines (the comment would become part of its text, a prompt for instance).
   */
  canInsertLineAbove(line: number): boolean {
    let tree;
    try {
      tree = this.document.tree;
    } catch {
      return true;
    }
    if (!tree) return true;
    for (let node = tree.rootNode.descendantForPosition({ row: line, column: 0 }); node; node = node.parent) {
      if (STRING_TYPES.has(node.type) && node.startPosition.row < line) return false;
    }
    return true;
  }

  /** Whether the syntax tree is held (see `release`). */
  get holdsTree(): boolean {
    return this.document.holdsTree;
  }

  /**
   * Frees what only editing needs: the syntax tree (WebAssembly memory) and the incremental analyzer's state.
   * The text and the published findings stay, so diagnostics and hovers need nothing more; the next edit
   * parses the text again and makes a full run, as on open, and a code action parses it again.
   */
  release(): void {
    this.analyzer.clear();
    this.document.releaseTree();
  }

  /** Findings for the current text, if the last analysis is of the current version. */
  currentFindings(): Finding[] | undefined {
    return this.published?.version === this.version ? this.published.findings : undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.analyzer.clear();
    this.document.dispose();
  }
}

const STRING_TYPES = new Set(['string', 'concatenated_string', 'template_string', 'string_fragment']);

/** For untitled documents the URI's last segment still tells a Dockerfile or a package.json apart. */
function fileNameHint(uri: string): string | undefined {
  const last = uri.split(/[/\\]/).pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
