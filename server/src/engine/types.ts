/**
 * The engine's vocabulary. Positions are 0-based and count UTF-16 code units, which is what
 * web-tree-sitter reports for JavaScript strings and what LSP uses by default; the CLI adds 1 on output.
 */

export const CATEGORIES = ['secret', 'container', 'model-input', 'supply-chain', 'data-leak', 'endpoint'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type SeveritySetting = Severity | 'off';

/** Orders severities so that `severityRank(a) >= severityRank(b)` means "a is at least as severe as b". */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
  /** In a notebook: the code cell the edit applies to (its range is then within that cell). */
  cell?: number;
}

/**
 * A fix is safe when applying it cannot change what the program means beyond removing the problem
 * (it may be applied by "fix all" and on save); unsafe fixes are offered only on request.
 */
export interface Fix {
  title: string;
  safety: 'safe' | 'unsafe';
  edits: TextEdit[];
  /** The edits contain snippet placeholders (`${1:...}`); outside an editor they are inserted as plain text. */
  isSnippet?: boolean;
}

export interface RelatedLocation {
  range: Range;
  message: string;
  /** In a notebook: the cell the location is in. */
  cell?: number;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** Never contains a full secret: rules mask secrets with `maskSecret`. */
  message: string;
  range: Range;
  fixes: Fix[];
  /** Steps of a data flow or other places that explain the finding. */
  related: RelatedLocation[];
  /** For findings in a notebook: the cell (0-based index) and the range within the cell's text. */
  cell?: { index: number; range: Range };
  /** Extra facts for other output formats (for notebooks: the cell). Never a raw secret. */
  properties?: Record<string, string | number | boolean>;
}
