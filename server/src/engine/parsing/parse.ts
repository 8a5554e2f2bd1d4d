import { Edit, type Tree } from 'web-tree-sitter';
import type { GrammarName } from '../languages';
import { parserFor } from './grammars';

/** A parse that takes longer than this is given up, so a pathological file cannot hang the editor or CI. */
export const PARSE_TIME_LIMIT_MS = 5_000;

export class ParseTimeoutError extends Error {
  constructor(limitMs: number) {
    super(`parsing took longer than ${limitMs} ms and was given up`);
  }
}

/** Parses text with a time limit; with `oldTree` (already edited) tree-sitter reuses unchanged subtrees. */
export function parseText(grammar: GrammarName, text: string, oldTree?: Tree, limitMs = PARSE_TIME_LIMIT_MS): Tree {
  const parser = parserFor(grammar);
  const deadline = Date.now() + limitMs;
  const tree = parser.parse(text, oldTree ?? null, {
    progressCallback: () => Date.now() > deadline,
  } as never);
  if (!tree) {
    parser.reset();
    throw new ParseTimeoutError(limitMs);
  }
  return tree;
}

export { Edit };
