import type { Tree } from 'web-tree-sitter';
import type { SyntaxTree } from './node';
import { snapshotTree } from './snapshot';

/**
 * Above this many nodes, full analyses read the live tree instead of a snapshot. A snapshot costs about
 * 260 bytes of JavaScript heap per node on top of the WebAssembly tree: a 1.4 MB minified bundle (800,000
 * nodes) took 210 MB, which set a scan's peak memory alone. Live nodes are slower to read, but only such
 * outliers pay for it (the largest hand-written files of the real-world corpus have under 100,000 nodes).
 */
export const SNAPSHOT_NODE_LIMIT = 200_000;

/** The tree rules read in a full analysis: a snapshot, or the live tree for outsized files. */
export function treeForRules(live: Tree, text: string, nodeLimit = SNAPSHOT_NODE_LIMIT): SyntaxTree {
  return live.rootNode.descendantCount > nodeLimit ? live : snapshotTree(live, text);
}
