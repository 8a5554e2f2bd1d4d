import type { Tree, TreeCursor } from 'web-tree-sitter';
import { treeSitterRuntime } from '../parsing/grammars';

/**
 * A tree cursor that calls the tree-sitter runtime's exported functions directly.
 *
 * web-tree-sitter keeps a cursor's state in its JavaScript object and, on every call, copies it into the
 * runtime's shared transfer buffer and back again (eight `setValue`/`getValue` calls around each move or
 * property read). Copying a tree for the rules (snapshot.ts) makes about six such calls per node, and the
 * copying took as long as the parse itself. The runtime's functions read the cursor from the transfer buffer
 * and moves write it back there, so a walk that makes no other tree-sitter call in between can leave the
 * state in the buffer and skip the copies. At the end the final state is handed back to the JavaScript cursor,
 * whose `delete` frees it (a move deep into a tree may have reallocated the cursor's stack).
 *
 * This depends on the binding's calling convention, which is internal to web-tree-sitter (version pinned in
 * package-lock.json); `openRawCursor` returns undefined when the runtime does not look as expected, and the
 * snapshot then walks with the public API. test/unit/raw-cursor.test.ts compares both walks.
 */
export interface RawCursor {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  nodeTypeId(): number;
  fieldId(): number;
  startIndex(): number;
  endIndex(): number;
  isMissing(): boolean;
  /** Frees the cursor; no other call may follow. */
  close(): void;
}

type TreeCall = (tree: number) => number;

interface Binding {
  gotoFirstChild: TreeCall;
  gotoNextSibling: TreeCall;
  gotoParent: TreeCall;
  nodeTypeId: TreeCall;
  fieldId: TreeCall;
  startIndex: TreeCall;
  endIndex: TreeCall;
  isMissing: TreeCall;
  transferBuffer: number;
  runtime: Readonly<Record<string, unknown>>;
}

const EXPORTS = {
  gotoFirstChild: '_ts_tree_cursor_goto_first_child_wasm',
  gotoNextSibling: '_ts_tree_cursor_goto_next_sibling_wasm',
  gotoParent: '_ts_tree_cursor_goto_parent_wasm',
  nodeTypeId: '_ts_tree_cursor_current_node_type_id_wasm',
  fieldId: '_ts_tree_cursor_current_field_id_wasm',
  startIndex: '_ts_tree_cursor_start_index_wasm',
  endIndex: '_ts_tree_cursor_end_index_wasm',
  isMissing: '_ts_tree_cursor_current_node_is_missing_wasm',
} as const;

let binding: Binding | null | undefined;

function loadBinding(): Binding | null {
  const runtime = treeSitterRuntime();
  if (!runtime) return null;
  const calls: Partial<Record<keyof typeof EXPORTS, TreeCall>> = {};
  for (const [name, exported] of Object.entries(EXPORTS) as [keyof typeof EXPORTS, string][]) {
    const call = runtime[exported];
    if (typeof call !== 'function') return null;
    calls[name] = call as TreeCall;
  }
  // `_ts_init` only stores the language ABI versions in the transfer buffer and returns its address; the
  // runtime called it once already when it started.
  const init = runtime._ts_init;
  if (typeof init !== 'function' || !(runtime.HEAP32 instanceof Int32Array)) return null;
  const transferBuffer = (init as () => number)();
  if (!Number.isInteger(transferBuffer) || transferBuffer <= 0 || transferBuffer % 4 !== 0) return null;
  return { ...(calls as Omit<Binding, 'transferBuffer' | 'runtime'>), transferBuffer, runtime };
}

/** A raw cursor on the tree's root, or undefined when only the public API can be used. */
export function openRawCursor(tree: Tree): RawCursor | undefined {
  if (binding === undefined) binding = loadBinding();
  const b = binding;
  if (!b) return undefined;
  const address = (tree as unknown as Record<number, unknown>)[0];
  if (typeof address !== 'number' || address === 0) return undefined;
  // Creating the cursor leaves its state in the transfer buffer, where every call below finds it.
  const cursor = tree.walk();
  const handles = (cursor as unknown as { handles?: unknown }).handles;
  if (!Array.isArray(handles) || handles.length !== 4) {
    cursor.delete();
    return undefined;
  }
  return new RawTreeCursor(b, address, cursor, handles as number[]);
}

/**
 * The raw cursor's calls. A module-level class rather than closures made per cursor: V8 optimizes a function
 * per closure it was made as, and closures made afresh for every tree were optimized again for tree after tree.
 */
class RawTreeCursor implements RawCursor {
  constructor(
    private readonly b: Binding,
    /** The tree's address in the runtime, which the calls take; the cursor itself is in the transfer buffer. */
    private readonly address: number,
    private readonly cursor: TreeCursor,
    private readonly handles: number[],
  ) {}
  gotoFirstChild(): boolean {
    return this.b.gotoFirstChild(this.address) === 1;
  }
  gotoNextSibling(): boolean {
    return this.b.gotoNextSibling(this.address) === 1;
  }
  gotoParent(): boolean {
    return this.b.gotoParent(this.address) === 1;
  }
  nodeTypeId(): number {
    return this.b.nodeTypeId(this.address);
  }
  fieldId(): number {
    return this.b.fieldId(this.address);
  }
  startIndex(): number {
    return this.b.startIndex(this.address);
  }
  endIndex(): number {
    return this.b.endIndex(this.address);
  }
  isMissing(): boolean {
    return this.b.isMissing(this.address) === 1;
  }
  close(): void {
    closeCursor(this.b, this.cursor, this.handles);
  }
}

function closeCursor(b: Binding, cursor: TreeCursor, handles: number[]): void {
  // The heap view is re-read: the runtime replaces it when its memory grows.
  const heap = b.runtime.HEAP32 as Int32Array;
  const at = b.transferBuffer >> 2;
  for (let i = 0; i < 4; i++) handles[i] = heap[at + i];
  cursor.delete();
}
