import type { Language, Node, Tree } from 'web-tree-sitter';
import { treeSitterRuntime } from '../parsing/grammars';

/**
 * Reads a parsed tree straight out of the tree-sitter runtime's WebAssembly memory, in the order a tree cursor
 * would visit its nodes, without calling into the runtime.
 *
 * A cursor walk costs about five WebAssembly calls per node (move, type, start, end, field), and a third of
 * each call is crossing the boundary; the copy for the rules (snapshot.ts) was a tenth of a scan. The tree
 * itself is plain data in the runtime's memory: subtrees (8-byte inline leaves, or pointers to a heap record
 * whose children are stored just before it) and the grammar's tables (alias sequences, field maps, public
 * symbols). This module follows the runtime's own cursor (`lib/tree_cursor.c` of the tree-sitter version that
 * web-tree-sitter embeds, whose sources its `.wasm.map` carries): hidden nodes are descended into, aliases make
 * nodes visible, a field is found through the hidden nodes between a node and its visible parent, and extras
 * take no field.
 *
 * The layout is internal to tree-sitter (the version is pinned in package-lock.json), so it is checked: a
 * grammar is only read this way when its header matches what web-tree-sitter reports of it, and a copy counts
 * as made only when it found exactly as many nodes as the runtime says the tree has, each inside the text.
 * Otherwise the caller copies with the cursor (snapshot.ts), and test/unit/syntax-snapshot.test.ts compares
 * both ways on every kind of tree.
 */

/** Receives the visible nodes in document order; a node's descendants come between its `enter` and `leave`. */
export interface TreeRowSink {
  enter(grammarTypeId: number, fieldId: number, startIndex: number, endIndex: number, missing: boolean): void;
  leave(): void;
}

/** Offsets into the runtime's structures (wasm32, little-endian; `lib/subtree.h`, `parser.h`). */
const SUBTREE_SIZE = 8;
const INLINE_BIT = 1;
// Inline leaf: flags byte (is_inline, visible, named, extra, has_changes, is_missing, ...), symbol, parse
// state (2 bytes), padding columns, padding rows and lookahead, padding bytes, size bytes.
const INLINE_VISIBLE = 1 << 1;
const INLINE_EXTRA = 1 << 3;
const INLINE_MISSING = 1 << 5;
const INLINE_SYMBOL = 1;
const INLINE_PADDING_BYTES = 6;
const INLINE_SIZE_BYTES = 7;
// Heap record: ref_count, padding {bytes, row, column}, size {bytes, row, column}, lookahead_bytes,
// error_cost, child_count, symbol (2), parse_state (2), flag bits (visible, named, extra, fragile_left,
// fragile_right, has_changes, has_external_tokens, has_external_scanner_state_change, depends_on_column,
// is_missing, is_keyword), then for a node with children: visible_child_count, named_child_count,
// visible_descendant_count, dynamic_precedence, repeat_depth (2), production_id (2).
const HEAP_PADDING_BYTES = 4;
const HEAP_SIZE_BYTES = 16;
const HEAP_CHILD_COUNT = 36;
const HEAP_SYMBOL = 40;
const HEAP_FLAGS = 44;
const HEAP_VISIBLE = 1 << 0;
const HEAP_EXTRA = 1 << 2;
const HEAP_MISSING = 1 << 9;
const HEAP_VISIBLE_CHILD_COUNT = 48;
const HEAP_PRODUCTION_ID = 66;
/** The smallest heap record: the fields above and the 28-byte union of a leaf. */
const HEAP_RECORD_SIZE = 76;
// TSLanguage: abi_version, symbol_count, alias_count, token_count, external_token_count, state_count,
// large_state_count, production_id_count, field_count (4 bytes each), max_alias_sequence_length (2, padded),
// then pointers: parse_table, small_parse_table, small_parse_table_map, parse_actions, symbol_names,
// field_names, field_map_slices, field_map_entries, symbol_metadata, public_symbol_map, alias_map,
// alias_sequences. The same in ABI 14 and 15.
const LANGUAGE_ABI_VERSION = 0;
const LANGUAGE_SYMBOL_COUNT = 4;
const LANGUAGE_ALIAS_COUNT = 8;
const LANGUAGE_PRODUCTION_ID_COUNT = 28;
const LANGUAGE_FIELD_COUNT = 32;
const LANGUAGE_MAX_ALIAS_SEQUENCE_LENGTH = 36;
const LANGUAGE_FIELD_MAP_SLICES = 64;
const LANGUAGE_FIELD_MAP_ENTRIES = 68;
const LANGUAGE_PUBLIC_SYMBOL_MAP = 76;
const LANGUAGE_ALIAS_SEQUENCES = 84;
const SUPPORTED_ABI_VERSIONS = new Set([14, 15]);
/** `ts_builtin_sym_error`: its own public symbol. */
const ERROR_SYMBOL = 0xffff;

/** What the walk needs of one grammar, read from its header once. */
interface GrammarTables {
  fieldCount: number;
  maxAliasSequenceLength: number;
  /** Byte addresses of the tables. */
  fieldMapSlices: number;
  fieldMapEntries: number;
  publicSymbolMap: number;
  aliasSequences: number;
}

const tablesByLanguage = new WeakMap<Language, GrammarTables | null>();
/** Off for the rest of the process once a copy came out wrong: the layout is not what this module reads. */
let disabled = false;

/**
 * The runtime's memory, as the views the walk reads through (the runtime replaces it when it grows). Words are
 * read signed: addresses and sizes stay below 2^31, and V8 keeps small signed integers unboxed.
 */
interface Heap {
  u8: Uint8Array;
  u16: Uint16Array;
  i32: Int32Array;
}

function currentHeap(): Heap | undefined {
  const u8 = treeSitterRuntime()?.HEAPU8;
  if (!(u8 instanceof Uint8Array)) return undefined;
  const buffer = u8.buffer;
  return { u8, u16: new Uint16Array(buffer), i32: new Int32Array(buffer) };
}

function grammarTables(language: Language, heap: Heap): GrammarTables | null {
  let tables = tablesByLanguage.get(language);
  if (tables === undefined) tablesByLanguage.set(language, (tables = readGrammarTables(language, heap)));
  return tables;
}

function readGrammarTables(language: Language, heap: Heap): GrammarTables | null {
  const address = (language as unknown as Record<number, unknown>)[0];
  if (typeof address !== 'number' || address <= 0 || address % 4 !== 0 || address + 96 > heap.u8.length) return null;
  const word = (offset: number) => heap.i32[(address + offset) >> 2];
  const abi = word(LANGUAGE_ABI_VERSION);
  // The header must say what the runtime said through its API when the grammar was loaded.
  if (!SUPPORTED_ABI_VERSIONS.has(abi) || abi !== language.abiVersion) return null;
  if (word(LANGUAGE_SYMBOL_COUNT) + word(LANGUAGE_ALIAS_COUNT) !== language.types.length) return null;
  const fieldCount = word(LANGUAGE_FIELD_COUNT);
  if (fieldCount !== language.fields.length - 1) return null;
  const tables: GrammarTables = {
    fieldCount,
    maxAliasSequenceLength: heap.u16[(address + LANGUAGE_MAX_ALIAS_SEQUENCE_LENGTH) >> 1],
    fieldMapSlices: word(LANGUAGE_FIELD_MAP_SLICES),
    fieldMapEntries: word(LANGUAGE_FIELD_MAP_ENTRIES),
    publicSymbolMap: word(LANGUAGE_PUBLIC_SYMBOL_MAP),
    aliasSequences: word(LANGUAGE_ALIAS_SEQUENCES),
  };
  const productions = word(LANGUAGE_PRODUCTION_ID_COUNT);
  const inHeap = (table: number, bytes: number) => table > 0 && table + bytes <= heap.u8.length;
  // One public symbol per symbol and per alias (aliases are looked up in the same map).
  if (!inHeap(tables.publicSymbolMap, 2 * language.types.length)) return null;
  if (fieldCount > 0 && !(inHeap(tables.fieldMapSlices, 4 * productions) && tables.fieldMapEntries > 0)) return null;
  if (tables.maxAliasSequenceLength > 0 && !inHeap(tables.aliasSequences, 2 * productions * tables.maxAliasSequenceLength)) return null;
  return tables;
}

/**
 * Copies the tree into the sink; false (with the sink possibly part-filled) when it cannot be read this way.
 * `root` is the tree's root node (its id is the root subtree's address). `nodeCount` is the runtime's count of the tree's nodes (`rootNode.descendantCount`), which the copy must meet.
 */
export function copyTreeFromMemory(tree: Tree, root: Pick<Node, 'id' | 'startIndex'>, textLength: number, nodeCount: number, sink: TreeRowSink): boolean {
  if (disabled) return false;
  const heap = currentHeap();
  if (!heap) return false;
  const tables = grammarTables(tree.language, heap);
  if (!tables) return false;
  const copied = new MemoryWalk(heap, tables, textLength, nodeCount, sink).run(root.id, root.startIndex * 2);
  if (!copied) disabled = true;
  return copied;
}

/** Lets tests check the cursor copy again after a deliberately broken one turned this off. */
export function resetTreeMemoryForTests(): void {
  disabled = false;
}

/** A frame's columns (see MemoryWalk.frames). */
const FRAME_RECORD = 0;
const FRAME_NEXT_CHILD = 1;
const FRAME_CHILD_COUNT = 2;
const FRAME_STRUCTURAL = 3;
const FRAME_POSITION = 4;
const FRAME_VISIBLE = 5;
const FRAME_PASSED_FIELD = 6;
const FRAME_PRODUCTION = 7;
const FRAME_SIZE = 8;

/** Frame stacks are reused from tree to tree (one walk at a time per thread). */
let sharedFrames = new Int32Array(FRAME_SIZE * 256);

/**
 * One walk. The subtrees whose children are being read are frames on an explicit stack (trees nest thousands
 * deep in long expressions), kept in one typed array: the heap record, the next child, the child count, the
 * next structural index (extras take none), the next child's position in bytes, whether the frame is a visible
 * node, the field its hidden node passes down to its children, and its production (alias and field tables).
 */
class MemoryWalk {
  private readonly u8: Uint8Array;
  private readonly u16: Uint16Array;
  private readonly i32: Int32Array;
  private frames = sharedFrames;
  /** The top frame's offset in `frames`; -FRAME_SIZE when the stack is empty. */
  private top = -FRAME_SIZE;
  private emitted = 0;

  constructor(
    heap: Heap,
    private readonly tables: GrammarTables,
    private readonly textLength: number,
    private readonly nodeCount: number,
    private readonly sink: TreeRowSink,
  ) {
    this.u8 = heap.u8;
    this.u16 = heap.u16;
    this.i32 = heap.i32;
  }

  run(rootAddress: number, rootStartBytes: number): boolean {
    const { u8, i32 } = this;
    if (!this.validSubtree(rootAddress)) return false;
    const rootInline = (u8[rootAddress] & INLINE_BIT) !== 0;
    const rootPointer = rootInline ? 0 : i32[rootAddress >> 2];
    if (!rootInline && !this.validRecord(rootPointer)) return false;
    const rootSize = rootInline ? u8[rootAddress + INLINE_SIZE_BYTES] : i32[(rootPointer + HEAP_SIZE_BYTES) >> 2];
    const rootMissing = rootInline ? (u8[rootAddress] & INLINE_MISSING) !== 0 : (this.u16[(rootPointer + HEAP_FLAGS) >> 1] & HEAP_MISSING) !== 0;
    if (!this.emit(rootAddress, rootPointer, 0, 0, rootStartBytes, rootSize, rootMissing)) return false;
    if (rootPointer !== 0 && i32[(rootPointer + HEAP_CHILD_COUNT) >> 2] > 0) {
      if (!this.push(rootPointer, rootStartBytes, 1, 0)) return false;
    } else {
      this.sink.leave();
    }
    // Bounds a walk over memory that is not a tree (hidden nodes emit nothing, so the node count alone does not).
    let steps = 16 * this.nodeCount + 1024;
    while (this.top >= 0) {
      if (--steps < 0) return false;
      const frames = this.frames;
      const top = this.top;
      const index = frames[top + FRAME_NEXT_CHILD];
      if (index === frames[top + FRAME_CHILD_COUNT]) {
        this.top -= FRAME_SIZE;
        if (frames[top + FRAME_VISIBLE] === 1) this.sink.leave();
        continue;
      }
      if (!this.step(top, index)) return false;
    }
    return this.emitted === this.nodeCount;
  }

  /** Reads the top frame's next child: a visible node is emitted, a hidden one with visible descendants entered. */
  private step(top: number, index: number): boolean {
    const { u8, u16, i32, frames, tables } = this;
    const childCount = frames[top + FRAME_CHILD_COUNT];
    const child = frames[top + FRAME_RECORD] - SUBTREE_SIZE * (childCount - index);
    const inline = (u8[child] & INLINE_BIT) !== 0;
    const pointer = inline ? 0 : i32[child >> 2];
    if (!inline && !this.validRecord(pointer)) return false;
    const flags = inline ? u8[child] : u16[(pointer + HEAP_FLAGS) >> 1];
    const extra = (flags & (inline ? INLINE_EXTRA : HEAP_EXTRA)) !== 0;
    let position = frames[top + FRAME_POSITION];
    if (index > 0) position += inline ? u8[child + INLINE_PADDING_BYTES] : i32[(pointer + HEAP_PADDING_BYTES) >> 2];
    const size = inline ? u8[child + INLINE_SIZE_BYTES] : i32[(pointer + HEAP_SIZE_BYTES) >> 2];
    frames[top + FRAME_NEXT_CHILD] = index + 1;
    frames[top + FRAME_POSITION] = position + size;
    let alias = 0;
    // The field a node finds: its own slot in this frame's production, else what a hidden frame passes down.
    let field = 0;
    if (!extra) {
      const production = frames[top + FRAME_PRODUCTION];
      const structuralIndex = frames[top + FRAME_STRUCTURAL];
      frames[top + FRAME_STRUCTURAL] = structuralIndex + 1;
      if (production !== 0 && tables.maxAliasSequenceLength > 0) {
        alias = u16[(tables.aliasSequences >> 1) + production * tables.maxAliasSequenceLength + structuralIndex];
      }
      if (tables.fieldCount > 0) field = this.fieldAt(production, structuralIndex);
      if (field === 0 && frames[top + FRAME_VISIBLE] === 0) field = frames[top + FRAME_PASSED_FIELD];
    }
    const grandchildren = inline ? 0 : i32[(pointer + HEAP_CHILD_COUNT) >> 2];
    if (alias !== 0 || (flags & (inline ? INLINE_VISIBLE : HEAP_VISIBLE)) !== 0) {
      const missing = (flags & (inline ? INLINE_MISSING : HEAP_MISSING)) !== 0;
      if (!this.emit(child, pointer, alias, field, position, size, missing)) return false;
      if (grandchildren > 0) return this.push(pointer, position, 1, 0);
      this.sink.leave();
      return true;
    }
    if (grandchildren > 0 && i32[(pointer + HEAP_VISIBLE_CHILD_COUNT) >> 2] > 0) return this.push(pointer, position, 0, field);
    return true;
  }

  /**
   * Emits a visible node (its size and MISSING flag as the caller read them); false once the walk has found more
   * nodes than the tree has, or one outside the text.
   */
  private emit(subtree: number, pointer: number, alias: number, field: number, startBytes: number, size: number, missing: boolean): boolean {
    const { u8, u16 } = this;
    const symbol = alias !== 0 ? alias : pointer === 0 ? u8[subtree + INLINE_SYMBOL] : u16[(pointer + HEAP_SYMBOL) >> 1];
    const publicSymbol = symbol === ERROR_SYMBOL ? symbol : u16[(this.tables.publicSymbolMap >> 1) + symbol];
    const start = startBytes >> 1;
    const end = (startBytes + size) >> 1;
    if (++this.emitted > this.nodeCount || end > this.textLength || size < 0) return false;
    this.sink.enter(publicSymbol, field, start, end, missing);
    return true;
  }

  private push(record: number, position: number, visible: number, passedField: number): boolean {
    const childCount = this.i32[(record + HEAP_CHILD_COUNT) >> 2];
    if (childCount < 0 || record - SUBTREE_SIZE * childCount < 0) return false;
    const top = (this.top += FRAME_SIZE);
    if (top + FRAME_SIZE > this.frames.length) {
      const wider = new Int32Array(this.frames.length * 2);
      wider.set(this.frames);
      this.frames = sharedFrames = wider;
    }
    const frames = this.frames;
    frames[top + FRAME_RECORD] = record;
    frames[top + FRAME_NEXT_CHILD] = 0;
    frames[top + FRAME_CHILD_COUNT] = childCount;
    frames[top + FRAME_STRUCTURAL] = 0;
    frames[top + FRAME_POSITION] = position;
    frames[top + FRAME_VISIBLE] = visible;
    frames[top + FRAME_PASSED_FIELD] = passedField;
    frames[top + FRAME_PRODUCTION] = this.u16[(record + HEAP_PRODUCTION_ID) >> 1];
    return true;
  }

  /** `ts_language_field_map`: the field of the child at a structural index of a production, not inherited. */
  private fieldAt(production: number, structuralIndex: number): number {
    const { tables, u8, u16 } = this;
    const slice = tables.fieldMapSlices + 4 * production;
    const first = u16[slice >> 1];
    const length = u16[(slice + 2) >> 1];
    for (let entry = tables.fieldMapEntries + 4 * first, end = entry + 4 * length; entry < end; entry += 4) {
      // {field_id (2), child_index (1), inherited (1)}
      if (u8[entry + 2] === structuralIndex && u8[entry + 3] === 0) return u16[entry >> 1];
    }
    return 0;
  }

  private validSubtree(address: number): boolean {
    return address > 0 && address % 4 === 0 && address + SUBTREE_SIZE <= this.u8.length;
  }

  private validRecord(pointer: number): boolean {
    return pointer > 0 && pointer % 4 === 0 && pointer + HEAP_RECORD_SIZE <= this.u8.length;
  }
}
