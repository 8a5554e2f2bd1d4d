import type { Tree } from 'web-tree-sitter';
import type { SyntaxTree } from './node';
import { snapshotTree } from './snapshot';

/**
 * Above this many nodes, full analyses read the live tree instead of a snapshot. A snapshot once cost about
 * 260 bytes of JavaScript heap per node on top of the WebAssembly tree (a 1.4 MB minified bundle, 800,000
 * nodes, took 210 MB and set a scan's peak memory alone). Its rows now cost about 30 bytes per node, but the
 * rules still make an object for roughly every other node they are given, so the limit stays. Live nodes are
 * slower to read; only such outliers pay for it (the largest hand-written files of the real-world corpus have
 * under 100,000 nodes, and folder scans skip minified files).
 */
export const SNAPSHOT_NODE_LIMIT = 200_000;

/** The tree rules read in a full analysis: a snapshot, or the live tree for outsized files. */
export function treeForRules(live: Tree, text: string, nodeLimit = SNAPSHOT_NODE_LIMIT): SyntaxTree {
  return live.rootNode.descendantCount > nodeLimit ? live : snapshotTree(live, text);
}
