import type { Node, SourceText, TextEdit } from '../../server/src/engine/api';

/**
 * An edit that deletes one element of a comma-separated list (a call's argument, an object's property)
 * together with the comma that separates it from its neighbour, so the list stays well formed:
 * `f(a, verify=False)` → `f(a)`, `{ a: 1, b: 2 }` minus `a` → `{ b: 2 }`.
 */
export function removeListElement(source: SourceText, element: Node): TextEdit {
  const parent = element.parent;
  const siblings = parent ? parent.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
  const index = siblings.findIndex((s) => s.id === element.id);
  let start = element.startIndex;
  let end = element.endIndex;
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  if (next) {
    end = next.startIndex;
  } else if (previous) {
    start = previous.endIndex;
  } else {
    // The only element: also drop a trailing comma (`f(verify=False,)`) so nothing dangles.
    const rest = source.text.slice(end);
    const trailing = /^\s*,/.exec(rest);
    if (trailing) end += trailing[0].length;
  }
  return { range: { start: source.positionAt(start), end: source.positionAt(end) }, newText: '' };
}

/**
 * An edit that deletes a whole statement, with its line when it stands alone on it. A Python statement that is
 * the only one in its block becomes `pass`, because an empty block does not parse.
 */
export function removeStatement(source: SourceText, statement: Node, family: 'python' | 'javascript'): TextEdit {
  const parentBlock = statement.parent;
  const onlyStatement =
    family === 'python' && parentBlock?.type === 'block' && parentBlock.namedChildren.filter((c) => c?.type !== 'comment').length === 1;
  const range = { start: source.positionAt(statement.startIndex), end: source.positionAt(statement.endIndex) };
  if (onlyStatement) return { range, newText: 'pass' };
  const startLine = statement.startPosition.row;
  const endLine = statement.endPosition.row;
  const before = source.lineText(startLine).slice(0, statement.startPosition.column);
  const after = source.lineText(endLine).slice(statement.endPosition.column);
  if (before.trim() === '' && after.trim() === '' && endLine + 1 < source.lineCount) {
    return { range: { start: { line: startLine, character: 0 }, end: { line: endLine + 1, character: 0 } }, newText: '' };
  }
  return { range, newText: '' };
}
