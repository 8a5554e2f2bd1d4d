import type { SyntaxNode as Node, SyntaxTree as Tree } from './syntax/node';
import type { Visitors } from './rule';

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
  const byType = new Map<string, { index: number; visit: (node: never) => void }[]>();
  visitors.forEach((set, index) => {
    if (!include(index)) return;
    for (const [type, visit] of Object.entries(set)) {
      if (type === '$exit' || !visit) continue;
      let list = byType.get(type);
      if (!list) byType.set(type, (list = []));
      list.push({ index, visit: visit as (node: never) => void });
    }
  });
  const failed = new Set<number>();
  if (byType.size > 0) {
    roots.forEach((root, position) => {
      onSubtree(position);
      walkOne(root);
    });
  }
  if (skipExit) return;
  visitors.forEach((set, index) => {
    if (!include(index) || failed.has(index) || !set.$exit) return;
    try {
      set.$exit();
    } catch (error) {
      failed.add(index);
      onError(index, error);
    }
  });

  function walkOne(root: Node): void {
    const cursor = root.walk();
    try {
      for (;;) {
        const handlers = byType.get(cursor.nodeType);
        if (handlers) {
          const node = cursor.currentNode;
          for (const handler of handlers) {
            if (failed.has(handler.index)) continue;
            try {
              handler.visit(node as never);
            } catch (error) {
              failed.add(handler.index);
              onError(handler.index, error);
            }
          }
        }
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
