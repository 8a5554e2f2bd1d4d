import type { SyntaxTree as Tree } from './syntax/node';
import type { Visitors } from './rule';

/**
 * Walks a syntax tree once, calling the visitors registered for each node type. A cursor walk avoids
 * allocating child arrays, and a node object is only made for types that some visitor wants.
 */
export function walkTree(tree: Tree, visitors: readonly Visitors[], onError: (index: number, error: unknown) => void): void {
  const byType = new Map<string, { index: number; visit: (node: never) => void }[]>();
  visitors.forEach((set, index) => {
    for (const [type, visit] of Object.entries(set)) {
      if (type === '$exit' || !visit) continue;
      let list = byType.get(type);
      if (!list) byType.set(type, (list = []));
      list.push({ index, visit: visit as (node: never) => void });
    }
  });
  const failed = new Set<number>();
  if (byType.size > 0) walkWithCursor();
  finish();

  function walkWithCursor(): void {
    const cursor = tree.walk();
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

  function finish(): void {
    visitors.forEach((set, index) => {
      if (failed.has(index) || !set.$exit) return;
      try {
        set.$exit();
      } catch (error) {
        failed.add(index);
        onError(index, error);
      }
    });
  }
}
