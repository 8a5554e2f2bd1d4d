import type { Tree } from 'web-tree-sitter';
import type { Point, SyntaxCursor, SyntaxNode, SyntaxTree } from './node';
import { openRawCursor, type RawCursor } from './raw-cursor';

/**
 * A copy of a whole syntax tree in plain JavaScript objects, made in one cursor walk. Every access on a
 * web-tree-sitter node crosses into WebAssembly and allocates a new wrapper; rules make hundreds of thousands
 * of such accesses on a large file, so a full analysis copies the tree once and lets rules read the copy.
 * Positions are computed from offsets on demand; text is sliced from the document on demand.
 */
export function snapshotTree(tree: Tree, text: string, options: { publicApiOnly?: boolean } = {}): SyntaxTree {
  const lines = new LineIndex(text);
  const language = tree.language;
  const types = language.types;
  const fields = language.fields;
  // Per-type facts are asked of the grammar once, not once per node.
  const namedByType: (boolean | undefined)[] = [];
  const isNamed = (typeId: number) => (namedByType[typeId] ??= language.nodeTypeIsNamed(typeId));
  // MISSING nodes only occur in trees with errors; skip the per-node question otherwise.
  const mayHaveMissing = tree.rootNode.hasError;
  const cursor = (!options.publicApiOnly && openRawCursor(tree)) || publicCursor(tree);
  let nextId = 1;
  // Each cursor read is a WebAssembly call, which is most of the cost of a snapshot; so a node reads only what
  // cannot be derived. An anonymous leaf is a literal token of the grammar (`(`, `def`, `+=`): when the
  // document holds its type's text at its start, that text is the whole token and its end needs no call.
  // MISSING nodes are empty and read their end; an anonymous node with children (Python's `not in`) reads it
  // once its children are known to exist.
  const make = (parent: SnapshotNode | null): SnapshotNode => {
    const typeId = cursor.nodeTypeId();
    const missing = mayHaveMissing && cursor.isMissing();
    const named = missing ? true : isNamed(typeId);
    const type = types[typeId] || 'ERROR';
    const fieldName = parent ? fields[cursor.fieldId()] ?? null : null;
    const start = cursor.startIndex();
    const literal = !named && type.length > 0 && text.startsWith(type, start);
    const end = literal ? start + type.length : cursor.endIndex();
    const node = new SnapshotNode(nextId++, type, start, end, named, missing, parent, fieldName, lines);
    if (parent) {
      node.indexInParent = pending.length - childrenStart[childrenStart.length - 1];
      pending.push(node);
    }
    return node;
  };
  // The children of the nodes still open sit on one shared stack; a node takes its own as an array of exactly
  // their number when it closes (an array grown by push reserves 16 slots or more, and most nodes have 1 to 3).
  const pending: SnapshotNode[] = [];
  const childrenStart: number[] = [];
  const open = (node: SnapshotNode) => {
    stack.push(node);
    childrenStart.push(pending.length);
  };
  const close = () => {
    const node = stack.pop()!;
    const first = childrenStart.pop()!;
    node.finish(pending.length > first ? pending.splice(first) : NO_CHILDREN);
  };
  const stack: SnapshotNode[] = [];
  try {
    const root = make(null);
    open(root);
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const parent = stack[stack.length - 1];
        if (!parent.isNamed) {
          // Its end may have come from its text; with children, only the tree knows (rare: `not in`).
          cursor.gotoParent();
          parent.endIndex = cursor.endIndex();
          cursor.gotoFirstChild();
        }
        open(make(parent));
        continue;
      }
      for (;;) {
        close();
        if (cursor.gotoNextSibling()) {
          open(make(stack[stack.length - 1]));
          break;
        }
        if (!cursor.gotoParent()) return new SnapshotTree(root);
      }
    }
  } finally {
    cursor.close();
  }
}

/** The same walk through web-tree-sitter's public cursor, where the raw one is not available. */
function publicCursor(tree: Tree): RawCursor {
  const cursor = tree.walk();
  return {
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
    nodeTypeId: () => cursor.nodeTypeId,
    fieldId: () => cursor.currentFieldId,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    isMissing: () => cursor.nodeIsMissing,
    close: () => cursor.delete(),
  };
}

class SnapshotTree implements SyntaxTree {
  constructor(readonly rootNode: SnapshotNode) {}
  walk(): SyntaxCursor {
    return this.rootNode.walk();
  }
}

/** Row/column of offsets, counting `\n` as tree-sitter does. */
class LineIndex {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}
  point(offset: number): Point {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { row: low, column: offset - starts[low] };
  }
}

/** Leaves share one empty list instead of two arrays each (a snapshot has hundreds of thousands of leaves). */
const NO_CHILDREN: SnapshotNode[] = Object.freeze([]) as unknown as SnapshotNode[];

export class SnapshotNode implements SyntaxNode {
  children: SnapshotNode[] = NO_CHILDREN;
  indexInParent = 0;
  hasError = false;
  private named: SnapshotNode[] | undefined;
  private start: Point | undefined;
  private end: Point | undefined;

  constructor(
    readonly id: number,
    readonly type: string,
    readonly startIndex: number,
    public endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly parent: SnapshotNode | null,
    readonly fieldName: string | null,
    /** The document's text and line starts, shared by all nodes of the snapshot. */
    private readonly lines: LineIndex,
  ) {}

  /** Called once, when the walk leaves the node, with all its children. */
  finish(children: SnapshotNode[]): void {
    this.children = children;
    let hasError = this.type === 'ERROR' || this.isMissing;
    for (let i = 0; i < children.length && !hasError; i++) if (children[i].hasError) hasError = true;
    this.hasError = hasError;
  }

  /** Made on first use: most nodes are never asked for them. */
  get namedChildren(): SnapshotNode[] {
    if (this.named === undefined) {
      const named = this.children.filter((child) => child.isNamed);
      this.named = named.length === 0 ? NO_CHILDREN : named;
    }
    return this.named;
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }
  get text(): string {
    return this.lines.text.slice(this.startIndex, this.endIndex);
  }
  get startPosition(): Point {
    return (this.start ??= this.lines.point(this.startIndex));
  }
  get endPosition(): Point {
    return (this.end ??= this.lines.point(this.endIndex));
  }
  get childCount(): number {
    return this.children.length;
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  get firstChild(): SnapshotNode | null {
    return this.children[0] ?? null;
  }
  get lastChild(): SnapshotNode | null {
    return this.children[this.children.length - 1] ?? null;
  }
  get firstNamedChild(): SnapshotNode | null {
    return this.namedChildren[0] ?? null;
  }
  get lastNamedChild(): SnapshotNode | null {
    return this.namedChildren[this.namedChildren.length - 1] ?? null;
  }
  get nextSibling(): SnapshotNode | null {
    return this.parent?.children[this.indexInParent + 1] ?? null;
  }
  get previousSibling(): SnapshotNode | null {
    return this.parent?.children[this.indexInParent - 1] ?? null;
  }
  get nextNamedSibling(): SnapshotNode | null {
    const siblings = this.parent?.children ?? [];
    for (let i = this.indexInParent + 1; i < siblings.length; i++) if (siblings[i].isNamed) return siblings[i];
    return null;
  }
  get previousNamedSibling(): SnapshotNode | null {
    const siblings = this.parent?.children ?? [];
    for (let i = this.indexInParent - 1; i >= 0; i--) if (siblings[i].isNamed) return siblings[i];
    return null;
  }
  child(index: number): SnapshotNode | null {
    return this.children[index] ?? null;
  }
  namedChild(index: number): SnapshotNode | null {
    return this.namedChildren[index] ?? null;
  }
  childForFieldName(fieldName: string): SnapshotNode | null {
    // Indexed: asked for on nearly every node a rule reads, and an iterator is an allocation per call.
    const children = this.children;
    for (let i = 0; i < children.length; i++) if (children[i].fieldName === fieldName) return children[i];
    return null;
  }
  childrenForFieldName(fieldName: string): SnapshotNode[] {
    return this.children.filter((child) => child.fieldName === fieldName);
  }
  /** Descendants of the given types in document order, this node included (as web-tree-sitter does). */
  descendantsOfType(types: string | string[]): SnapshotNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const found: SnapshotNode[] = [];
    const visit = (node: SnapshotNode) => {
      if (wanted.includes(node.type)) found.push(node);
      const children = node.children;
      for (let i = 0; i < children.length; i++) visit(children[i]);
    };
    visit(this);
    return found;
  }
  equals(other: SyntaxNode): boolean {
    return other === this;
  }
  walk(): SyntaxCursor {
    return new SnapshotCursor(this);
  }
  toString(): string {
    const named = this.namedChildren.map((child) => (child.fieldName ? `${child.fieldName}: ${child}` : `${child}`));
    return named.length ? `(${this.type} ${named.join(' ')})` : `(${this.type})`;
  }
}

class SnapshotCursor implements SyntaxCursor {
  constructor(
    private node: SnapshotNode,
    private readonly root = node,
  ) {}
  get nodeType(): string {
    return this.node.type;
  }
  get currentNode(): SnapshotNode {
    return this.node;
  }
  gotoFirstChild(): boolean {
    const first = this.node.children[0];
    if (!first) return false;
    this.node = first;
    return true;
  }
  gotoNextSibling(): boolean {
    if (this.node === this.root) return false;
    const next = this.node.nextSibling;
    if (!next) return false;
    this.node = next as SnapshotNode;
    return true;
  }
  gotoParent(): boolean {
    if (this.node === this.root || !this.node.parent) return false;
    this.node = this.node.parent;
    return true;
  }
  delete(): void {}
}
