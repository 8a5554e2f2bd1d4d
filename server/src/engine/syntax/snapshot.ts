import type { Language, Tree } from 'web-tree-sitter';
import type { Point, SyntaxCursor, SyntaxNode, SyntaxTree } from './node';
import { openRawCursor, type RawCursor } from './raw-cursor';
import { copyTreeFromMemory, type TreeRowSink } from './tree-memory';

export interface SnapshotOptions {
  /** Walk with web-tree-sitter's public cursor even where the raw one is available (tests compare both). */
  publicApiOnly?: boolean;
  /** Walk with a cursor even where the tree can be read from the runtime's memory (tests compare both). */
  cursorOnly?: boolean;
  /** Rows to reserve; by default the tree's node count (tests give fewer to make the columns grow). */
  rows?: number;
}

/**
 * A copy of a whole syntax tree, made in one walk: read straight from the runtime's memory (tree-memory.ts),
 * or, where that cannot be done, with a cursor. Every access on a web-tree-sitter node crosses into
 * WebAssembly and allocates a new wrapper; rules make hundreds of thousands of such accesses on a large file,
 * so a full analysis copies the tree once and lets rules read the copy.
 *
 * The copy is columns of numbers, one row per node in document order (type, field, start, end, parent, the
 * row after its subtree, flags), not an object per node: typed arrays live outside the JavaScript heap, so
 * the collector neither scans nor copies them, and the rows of a 100,000-node file take about 3 MB where an
 * object per node took 14. The node objects rules see are made on first use and kept, so a node is always the
 * same object (rules compare nodes with `===` and key maps by them); the walk dispatches on the type column
 * and only makes the nodes a visitor asks for, and the ones reached from them.
 * Positions are computed from offsets on demand; text is sliced from the document on demand.
 */
export function snapshotTree(tree: Tree, text: string, options: SnapshotOptions = {}): SnapshotTree {
  // Asked before the cursor opens: asking the tree anything once the raw cursor is open would overwrite the
  // cursor's state in the runtime's transfer buffer (raw-cursor.ts).
  const root = tree.rootNode;
  const nodeCount = root.descendantCount;
  const rows = options.rows ?? nodeCount;
  const hasError = root.hasError;
  if (!options.publicApiOnly && !options.cursorOnly) {
    const fromMemory = new SnapshotBuilder(tree.language, text, undefined, rows, hasError);
    if (copyTreeFromMemory(tree, root, text.length, nodeCount, fromMemory)) return fromMemory.finish();
  }
  const cursor = (!options.publicApiOnly && openRawCursor(tree)) || publicCursor(tree);
  try {
    return new SnapshotBuilder(tree.language, text, cursor, rows, hasError).build();
  } finally {
    cursor.close();
  }
}

/**
 * One copy in progress. A module-level class rather than closures made per copy: V8 optimizes a function per
 * closure it was made as, and closures made afresh for every file were optimized again for file after file.
 */
class SnapshotBuilder implements TreeRowSink {
  private readonly columns: Columns;
  private readonly types: readonly string[];
  private readonly namedTypes: (boolean | undefined)[];
  /** The rows whose subtrees are still being read; a row's subtree ends when the walk leaves it. */
  private readonly open: number[] = [];

  constructor(
    private readonly language: Language,
    private readonly text: string,
    /** Used for nothing else while the copy is made; none when the tree is read from memory (tree-memory.ts). */
    private readonly cursor: RawCursor | undefined,
    rows: number,
    /** MISSING nodes only occur in trees with errors; the per-node question is skipped otherwise. */
    private readonly mayHaveMissing: boolean,
  ) {
    this.columns = new Columns(rows);
    this.types = language.types;
    this.namedTypes = namedTypesOf(language);
  }

  /** The copy through the cursor. */
  build(): SnapshotTree {
    const { columns, open } = this;
    const cursor = this.cursor!;
    open.push(this.add(cursor, -1));
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const parent = open[open.length - 1];
        if (!(columns.flags[parent] & NAMED)) {
          // Its end may have come from its text; with children, only the tree knows (rare: `not in`).
          cursor.gotoParent();
          columns.ends[parent] = cursor.endIndex();
          cursor.gotoFirstChild();
        }
        open.push(this.add(cursor, parent));
        continue;
      }
      for (;;) {
        this.close();
        if (cursor.gotoNextSibling()) {
          open.push(this.add(cursor, open[open.length - 1]));
          break;
        }
        if (!cursor.gotoParent()) return this.finish();
      }
    }
  }

  finish(): SnapshotTree {
    return new SnapshotTree(this.columns, this.text, this.types, this.language.fields);
  }

  /** A node read from the runtime's memory (tree-memory.ts), where every fact costs the same: all are read. */
  enter(grammarTypeId: number, fieldId: number, start: number, end: number, missing: boolean): void {
    const { open } = this;
    open.push(this.addRow(open.length > 0 ? open[open.length - 1] : -1, grammarTypeId, fieldId, start, end, missing));
  }

  leave(): void {
    this.close();
  }

  /**
   * Each cursor read is a WebAssembly call, which is most of the cost of a snapshot; so a node reads only what
   * cannot be derived. An anonymous leaf is a literal token of the grammar (`(`, `def`, `+=`): when the
   * document holds its type's text at its start, that text is the whole token and its end needs no call.
   * MISSING nodes are empty and read their end; an anonymous node with children (Python's `not in`) reads it
   * once its children are known to exist (`build`).
   */
  private add(cursor: RawCursor, parent: number): number {
    const { types } = this;
    // ERROR's id (65535) is past the grammar's types: it takes the first id after them, to keep ids small.
    const grammarTypeId = cursor.nodeTypeId();
    const missing = this.mayHaveMissing && cursor.isMissing();
    const named = missing || this.isNamed(grammarTypeId);
    const type = types[Math.min(grammarTypeId, types.length)] || ERROR;
    const start = cursor.startIndex();
    const literal = !named && type.length > 0 && this.text.startsWith(type, start);
    const end = literal ? start + type.length : cursor.endIndex();
    const field = parent >= 0 ? cursor.fieldId() : 0;
    return this.addRow(parent, grammarTypeId, field, start, end, missing);
  }

  private addRow(parent: number, grammarTypeId: number, field: number, start: number, end: number, missing: boolean): number {
    const { types } = this;
    const typeId = Math.min(grammarTypeId, types.length);
    const named = missing || this.isNamed(grammarTypeId);
    const type = types[typeId] || ERROR;
    const flags = (named ? NAMED : 0) | (missing ? MISSING | HAS_ERROR : 0) | (type === ERROR ? HAS_ERROR : 0);
    return this.columns.add(typeId, field, start, end, parent, flags);
  }

  private close(): void {
    const { columns } = this;
    const row = this.open.pop()!;
    columns.after[row] = columns.count;
    // Children close before their parent, so an error below reaches every ancestor.
    const parent = columns.parents[row];
    if (parent >= 0 && columns.flags[row] & HAS_ERROR) columns.flags[parent] |= HAS_ERROR;
  }

  private isNamed(typeId: number): boolean {
    // ERROR's id is not kept: an index of 65535 would turn the shared list into a slow sparse one.
    if (typeId >= this.types.length) return this.language.nodeTypeIsNamed(typeId);
    return (this.namedTypes[typeId] ??= this.language.nodeTypeIsNamed(typeId));
  }
}

/** Per-type facts are asked of each grammar once, not once per node or per tree. */
const namedTypesByGrammar = new WeakMap<Language, (boolean | undefined)[]>();

function namedTypesOf(language: Language): (boolean | undefined)[] {
  let named = namedTypesByGrammar.get(language);
  if (!named) namedTypesByGrammar.set(language, (named = []));
  return named;
}

const ERROR = 'ERROR';
const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;

/** The tree's rows, in the order a cursor walk meets the nodes; grown if the count given was short. */
class Columns {
  count = 0;
  typeIds: Uint16Array;
  fieldIds: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  parents: Int32Array;
  /** The row after the node's last descendant: its next sibling's row, when it has one. */
  after: Int32Array;
  flags: Uint8Array;

  constructor(capacity: number) {
    const size = Math.max(capacity, 16);
    this.typeIds = new Uint16Array(size);
    this.fieldIds = new Uint16Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.parents = new Int32Array(size);
    this.after = new Int32Array(size);
    this.flags = new Uint8Array(size);
  }

  add(typeId: number, fieldId: number, start: number, end: number, parent: number, flags: number): number {
    const row = this.count++;
    if (row === this.typeIds.length) this.grow();
    this.typeIds[row] = typeId;
    this.fieldIds[row] = fieldId;
    this.starts[row] = start;
    this.ends[row] = end;
    this.parents[row] = parent;
    this.flags[row] = flags;
    return row;
  }

  private grow(): void {
    const size = this.typeIds.length * 2;
    const widen = <T extends Uint16Array | Int32Array | Uint8Array>(old: T, make: new (size: number) => T): T => {
      const wider = new make(size);
      wider.set(old);
      return wider;
    };
    this.typeIds = widen(this.typeIds, Uint16Array);
    this.fieldIds = widen(this.fieldIds, Uint16Array);
    this.starts = widen(this.starts, Int32Array);
    this.ends = widen(this.ends, Int32Array);
    this.parents = widen(this.parents, Int32Array);
    this.after = widen(this.after, Int32Array);
    this.flags = widen(this.flags, Uint8Array);
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

/** The copied tree: its rows, and the node objects made from them so far. */
export class SnapshotTree implements SyntaxTree {
  readonly typeIds: Uint16Array;
  readonly fieldIds: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly parents: Int32Array;
  readonly after: Int32Array;
  readonly flags: Uint8Array;
  readonly lines: LineIndex;
  private readonly nodes: (SnapshotNode | undefined)[];
  private readonly fieldIdsByName: ReadonlyMap<string, number>;

  constructor(
    columns: Columns,
    readonly text: string,
      /** The grammar's type names by id; ERROR has the id after the last. */
    private readonly types: readonly string[],
    private readonly fields: readonly (string | null)[],
  ) {
    this.typeIds = columns.typeIds;
    this.fieldIds = columns.fieldIds;
    this.starts = columns.starts;
    this.ends = columns.ends;
    this.parents = columns.parents;
    this.after = columns.after;
    this.flags = columns.flags;
    this.lines = new LineIndex(text);
    // Sized once (a holey array, flat up to millions of rows): growing it by `push` copied it some 20 times
    // for a large file, and was one of the scan's largest allocations.
    this.nodes = new Array<SnapshotNode | undefined>(columns.count);
    this.fieldIdsByName = fieldIdsOf(fields);
  }

  get rootNode(): SnapshotNode {
    return this.node(0);
  }
  walk(): SyntaxCursor {
    return this.rootNode.walk();
  }
  /** How many node objects have been made so far (the rest are rows only). */
  get nodesMade(): number {
    let made = 0;
    for (const node of this.nodes) if (node) made++;
    return made;
  }
  /** The node of a row, made on first use. */
  node(row: number): SnapshotNode {
    return (this.nodes[row] ??= new SnapshotNode(this, row));
  }
  typeOf(row: number): string {
    return this.types[this.typeIds[row]] || ERROR;
  }
  fieldNameOf(row: number): string | null {
    return this.fields[this.fieldIds[row]] ?? null;
  }
  /** The field's id in this grammar, or -1 when the grammar has no such field. */
  fieldId(name: string): number {
    return this.fieldIdsByName.get(name) ?? -1;
  }
  isNamed(row: number): boolean {
    return (this.flags[row] & NAMED) !== 0;
  }
}

const fieldIdsByGrammar = new WeakMap<readonly (string | null)[], Map<string, number>>();

/** Each grammar's field ids by name, made once per grammar (its `fields` list is one array for its life). */
function fieldIdsOf(fields: readonly (string | null)[]): ReadonlyMap<string, number> {
  let ids = fieldIdsByGrammar.get(fields);
  if (!ids) {
    ids = new Map();
    for (let id = 0; id < fields.length; id++) if (fields[id]) ids.set(fields[id]!, id);
    fieldIdsByGrammar.set(fields, ids);
  }
  return ids;
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

/** Leaves share one empty list (a snapshot has hundreds of thousands of leaves). */
const NO_CHILDREN: SnapshotNode[] = Object.freeze([]) as unknown as SnapshotNode[];

/**
 * One node of a snapshot: a view of its row. What rules read on nearly every node (type, offsets) is copied
 * in; the rest is read from the columns, and lists of children are made on first use.
 */
export class SnapshotNode implements SyntaxNode {
  readonly id: number;
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  private childList: SnapshotNode[] | undefined;
  private namedList: SnapshotNode[] | undefined;
  private start: Point | undefined;
  private end: Point | undefined;

  constructor(
    readonly tree: SnapshotTree,
    readonly row: number,
  ) {
    this.id = row + 1;
    this.type = tree.typeOf(row);
    this.startIndex = tree.starts[row];
    this.endIndex = tree.ends[row];
  }

  get isNamed(): boolean {
    return this.tree.isNamed(this.row);
  }
  get isMissing(): boolean {
    return (this.tree.flags[this.row] & MISSING) !== 0;
  }
  get hasError(): boolean {
    return (this.tree.flags[this.row] & HAS_ERROR) !== 0;
  }
  get isError(): boolean {
    return this.type === ERROR;
  }
  get fieldName(): string | null {
    return this.row === 0 ? null : this.tree.fieldNameOf(this.row);
  }
  get parent(): SnapshotNode | null {
    const parent = this.tree.parents[this.row];
    return parent < 0 ? null : this.tree.node(parent);
  }
  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }
  get startPosition(): Point {
    return (this.start ??= this.tree.lines.point(this.startIndex));
  }
  get endPosition(): Point {
    return (this.end ??= this.tree.lines.point(this.endIndex));
  }

  /** Made on first use: most nodes are never asked for them. */
  get children(): SnapshotNode[] {
    return (this.childList ??= this.childNodes(false));
  }
  get namedChildren(): SnapshotNode[] {
    return (this.namedList ??= this.childNodes(true));
  }
  get childCount(): number {
    return this.children.length;
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  get firstChild(): SnapshotNode | null {
    return this.row + 1 < this.tree.after[this.row] ? this.tree.node(this.row + 1) : null;
  }
  get lastChild(): SnapshotNode | null {
    const children = this.children;
    return children[children.length - 1] ?? null;
  }
  get firstNamedChild(): SnapshotNode | null {
    return this.namedChildren[0] ?? null;
  }
  get lastNamedChild(): SnapshotNode | null {
    const named = this.namedChildren;
    return named[named.length - 1] ?? null;
  }
  get nextSibling(): SnapshotNode | null {
    const next = this.nextRow(false);
    return next < 0 ? null : this.tree.node(next);
  }
  get nextNamedSibling(): SnapshotNode | null {
    const next = this.nextRow(true);
    return next < 0 ? null : this.tree.node(next);
  }
  get previousSibling(): SnapshotNode | null {
    const previous = this.previousRow(false);
    return previous < 0 ? null : this.tree.node(previous);
  }
  get previousNamedSibling(): SnapshotNode | null {
    const previous = this.previousRow(true);
    return previous < 0 ? null : this.tree.node(previous);
  }
  child(index: number): SnapshotNode | null {
    return this.children[index] ?? null;
  }
  namedChild(index: number): SnapshotNode | null {
    return this.namedChildren[index] ?? null;
  }
  childForFieldName(fieldName: string): SnapshotNode | null {
    // Asked for on nearly every node a rule reads: compares the field column, makes only the child found.
    const { after, fieldIds } = this.tree;
    const field = this.tree.fieldId(fieldName);
    if (field < 0) return null;
    const end = after[this.row];
    for (let row = this.row + 1; row < end; row = after[row]) if (fieldIds[row] === field) return this.tree.node(row);
    return null;
  }
  childrenForFieldName(fieldName: string): SnapshotNode[] {
    const { after, fieldIds } = this.tree;
    const field = this.tree.fieldId(fieldName);
    const found: SnapshotNode[] = [];
    if (field < 0) return found;
    const end = after[this.row];
    for (let row = this.row + 1; row < end; row = after[row]) if (fieldIds[row] === field) found.push(this.tree.node(row));
    return found;
  }
  /** Descendants of the given types in document order, this node included (as web-tree-sitter does). */
  descendantsOfType(types: string | string[]): SnapshotNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const found: SnapshotNode[] = [];
    const end = this.tree.after[this.row];
    for (let row = this.row; row < end; row++) if (wanted.includes(this.tree.typeOf(row))) found.push(this.tree.node(row));
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

  /** The children's nodes (the named ones only, if asked); leaves share one empty list. */
  private childNodes(namedOnly: boolean): SnapshotNode[] {
    const { after } = this.tree;
    const end = after[this.row];
    let list = NO_CHILDREN;
    for (let row = this.row + 1; row < end; row = after[row]) {
      if (namedOnly && !this.tree.isNamed(row)) continue;
      if (list === NO_CHILDREN) list = [];
      list.push(this.tree.node(row));
    }
    return list;
  }

  /** The row of the next (named) sibling, or -1. */
  private nextRow(namedOnly: boolean): number {
    const { after, parents } = this.tree;
    const parent = parents[this.row];
    if (parent < 0) return -1;
    const end = after[parent];
    for (let row = after[this.row]; row < end; row = after[row]) if (!namedOnly || this.tree.isNamed(row)) return row;
    return -1;
  }

  /** The row of the previous (named) sibling, or -1: siblings are only linked forwards, so from the first. */
  private previousRow(namedOnly: boolean): number {
    const { after, parents } = this.tree;
    const parent = parents[this.row];
    if (parent < 0) return -1;
    let found = -1;
    for (let row = parent + 1; row < this.row; row = after[row]) if (!namedOnly || this.tree.isNamed(row)) found = row;
    return found;
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
    const first = this.node.firstChild;
    if (!first) return false;
    this.node = first;
    return true;
  }
  gotoNextSibling(): boolean {
    if (this.node === this.root) return false;
    const next = this.node.nextSibling;
    if (!next) return false;
    this.node = next;
    return true;
  }
  gotoParent(): boolean {
    if (this.node === this.root || !this.node.parent) return false;
    this.node = this.node.parent;
    return true;
  }
  delete(): void {}
}
