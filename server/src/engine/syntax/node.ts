/**
 * The syntax-node surface rules use. Both web-tree-sitter's own `Node` and the engine's `SnapshotNode`
 * satisfy it, so a rule runs unchanged on either: a live node of an incrementally edited tree (the editor's
 * quick path) or a node of a snapshot, the whole tree copied into JavaScript (full runs, which are much faster
 * because each step no longer crosses into WebAssembly).
 */
export interface Point {
  row: number;
  column: number;
}

export interface SyntaxNode {
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  readonly isError: boolean;
  readonly hasError: boolean;
  readonly parent: SyntaxNode | null;
  readonly children: (SyntaxNode | null)[];
  readonly namedChildren: (SyntaxNode | null)[];
  readonly childCount: number;
  readonly namedChildCount: number;
  readonly firstChild: SyntaxNode | null;
  readonly lastChild: SyntaxNode | null;
  readonly firstNamedChild: SyntaxNode | null;
  readonly lastNamedChild: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
  readonly previousSibling: SyntaxNode | null;
  readonly nextNamedSibling: SyntaxNode | null;
  readonly previousNamedSibling: SyntaxNode | null;
  child(index: number): SyntaxNode | null;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(fieldName: string): SyntaxNode | null;
  childrenForFieldName(fieldName: string): (SyntaxNode | null)[];
  descendantsOfType(types: string | string[]): (SyntaxNode | null)[];
  equals(other: SyntaxNode): boolean;
  walk(): SyntaxCursor;
  toString(): string;
}

/** The part of tree-sitter's TreeCursor the engine's walkers use. */
export interface SyntaxCursor {
  readonly nodeType: string;
  readonly currentNode: SyntaxNode;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

export interface SyntaxTree {
  readonly rootNode: SyntaxNode;
  walk(): SyntaxCursor;
}
