import type { SyntaxNode as Node, SyntaxTree as Tree } from './syntax/node';
import type { Visitors } from './rule';
import { SnapshotNode } from './syntax/snapshot';

/** A rule's visitor for one node type; `index` is the rule's position in the visitors given. */
interface Handler {
  index: number;
  visit: (node: never) => void;
}

/**
 * Walks a syntax tree once, calling the visitors registered for each node type, then the `$exit` visitors.
 * A rule whose visitor throws is skipped for the rest of the walk and reported through `onError`.
 */
export function walkTree(tree: Tree, visitors: readonly Visitors[], onError: (index: number, error: unknown) => void): void {
  walkSubtrees([tree.rootNode], visitors, () => true, onError, () => undefined);
}

/**
 * Walks some subtrees with a cursor each (no child arrays allocated; a node object is only made for types
 * some visitor wants), calling the visitors that `include` admits: the incremental analyzer walks only the
 * statements that changed. `onSubtree(i)` runs before the i-th subtree, so the caller can tell whose findings are whose.
 * `$exit` visitors run after the last subtree unless `skipExit` (they belong to the whole-document pass).
 */
export function walkSubtrees(
  roots: readonly Node[],
  visitors: readonly Visitors[],
  include: (index: number) => boolean,
  onError: (index: number, error: unknown) => void,
  onSubtree: (position: number) => void,
  skipExit = false,
): void {
  const byType = new Map<string, Handler[]>();
  visitors.forEach((set, index) => {
    if (!include(index)) return;
    for (const [type, visit] of Object.entries(set)) {
      if (type === '$exit' || !visit) continue;
      let list = byType.get(type);
      if (!list) byType.set(type, (list = []));
      list.push({ index, visit: visit as (node: never) => void });
    }
  });
  const walk = new Walk(byType, onError);
  if (byType.size > 0) {
    roots.forEach((root, position) => {
      onSubtree(position);
      walk.subtree(root);
    });
  }
  if (skipExit) return;
  visitors.forEach((set, index) => {
    if (!include(index) || walk.failed.has(index) || !set.$exit) return;
    try {
      set.$exit();
    } catch (error) {
      walk.failed.add(index);
      onError(index, error);
    }
  });
}

/**
 * One walk's state. The per-node loops are methods of this module-level class, not closures made per walk:
 * V8 optimizes a function per closure it was made as, and closures made afresh for every file were optimized
 * again and again (walkSnapshot 13 times per worker in a scan of the real-world corpus, `--trace-opt`).
 */
class Walk {
  readonly failed = new Set<number>();

  constructor(
    private readonly byType: ReadonlyMap<string, Handler[]>,
    private readonly onError: (index: number, error: unknown) => void,
  ) {}

  subtree(root: Node): void {
    if (root instanceof SnapshotNode) this.snapshot(root);
    else this.live(root);
  }

  private visit(node: Node, handlers: Handler[]): void {
    for (let i = 0; i < handlers.length; i++) {
      const handler = handlers[i];
      if (this.failed.has(handler.index)) continue;
      try {
        handler.visit(node as never);
      } catch (error) {
        this.failed.add(handler.index);
        this.onError(handler.index, error);
      }
    }
  }

  /**
   * A snapshot's rows are in the order a cursor meets the nodes: walk them by index, look the handlers up once
   * per node type, and make a node object only where a visitor wants it.
   */
  private snapshot(root: SnapshotNode): void {
    const tree = root.tree;
    const typeIds = tree.typeIds;
    const handlersByTypeId: (Handler[] | null | undefined)[] = [];
    const end = tree.after[root.row];
    for (let row = root.row; row < end; row++) {
      const typeId = typeIds[row];
      let handlers = handlersByTypeId[typeId];
      if (handlers === undefined) handlersByTypeId[typeId] = handlers = this.byType.get(tree.typeOf(row)) ?? null;
      if (handlers) this.visit(tree.node(row), handlers);
    }
  }

  private live(root: Node): void {
    const cursor = root.walk();
    try {
      for (;;) {
        const handlers = this.byType.get(cursor.nodeType);
        if (handlers) this.visit(cursor.currentNode, handlers);
        if (cursor.gotoFirstChild()) continue;
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) return;
        }
      }
    } finally {
      cursor.delete();
    }
  }
}
