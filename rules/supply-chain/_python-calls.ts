import {
  keywordArgument,
  positionalArguments,
  type Node,
  type Range,
  type SourceText,
  type TextEdit,
} from '../../server/src/engine/api';

/**
 * Small helpers shared by the supply-chain rules about Python calls: where to report a missing safeguard,
 * and edits that add or remove a keyword argument while keeping the call valid.
 */

/** The range a missing-safeguard finding points at: the call from its start to the end of its first line. */
export function callFirstLine(call: Node, source: SourceText): Range {
  const start = { line: call.startPosition.row, character: call.startPosition.column };
  if (call.endPosition.row === call.startPosition.row) {
    return { start, end: { line: call.endPosition.row, character: call.endPosition.column } };
  }
  return { start, end: { line: start.line, character: source.lineText(start.line).trimEnd().length } };
}

export function isTrue(node: Node | null | undefined): boolean {
  return node?.type === 'true';
}

export function isFalse(node: Node | null | undefined): boolean {
  return node?.type === 'false';
}

/** The value of a keyword argument (`x=1` → `1`). */
export function keywordValue(call: Node, name: string): Node | undefined {
  return keywordArgument(call, name)?.childForFieldName('value') ?? undefined;
}

/** A call's argument: the keyword argument `name` if given, else the positional argument at `index`. */
export function argumentAt(call: Node, index: number, name: string): Node | undefined {
  const keyword = keywordValue(call, name);
  if (keyword) return keyword;
  const args = call.childForFieldName('arguments');
  // Positional arguments after a `*args` splat cannot be placed.
  if (args?.namedChildren.some((a) => a?.type === 'list_splat')) return undefined;
  return positionalArguments(call)[index];
}

/** Whether the call passes `**kwargs`, which may hold the argument a rule looks for. */
export function hasKeywordSplat(call: Node): boolean {
  return !!call.childForFieldName('arguments')?.namedChildren.some((a) => a?.type === 'dictionary_splat');
}

function argumentNodes(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? args.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') : [];
}

/** An edit that appends `text` (e.g. `weights_only=True`) as the call's last argument. */
export function appendArgument(call: Node, text: string): TextEdit | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const existing = argumentNodes(call);
  const last = existing[existing.length - 1];
  if (!last) {
    const close = args.lastChild;
    if (!close || close.type !== ')') return undefined;
    const at = { line: close.startPosition.row, character: close.startPosition.column };
    return { range: { start: at, end: at }, newText: text };
  }
  const at = { line: last.endPosition.row, character: last.endPosition.column };
  return { range: { start: at, end: at }, newText: `, ${text}` };
}

/**
 * An edit that removes one argument and the comma that separates it from its neighbour, so that
 * `f(a, x=True, b)`, `f(x=True)`, `f(a, x=True,)` and multi-line calls all stay valid.
 */
export function removeArgument(argument: Node): TextEdit | undefined {
  const list = argument.parent;
  if (!list) return undefined;
  const children = list.children.filter((c): c is Node => !!c);
  const index = children.findIndex((c) => c.id === argument.id);
  if (index < 0) return undefined;
  const previous = children[index - 1];
  const next = children[index + 1];
  // A comment that ends the removed argument's line belongs to it and goes too.
  let afterIndex = index + 2;
  while (children[afterIndex]?.type === 'comment' && children[afterIndex].startPosition.row === argument.endPosition.row) afterIndex++;
  const after = children[afterIndex];
  const edit = (from: Range['start'], to: Range['start']): TextEdit => ({ range: { start: from, end: to }, newText: '' });
  if (next?.type === ',' && after && after.type !== ')') {
    // An argument follows: remove up to it, keeping the layout of what follows.
    return edit(startOf(argument), startOf(after));
  }
  if (previous?.type === ',') {
    // Last argument (maybe with a trailing comma): remove it with the comma before it; a trailing comma stays.
    return edit(startOf(previous), endOf(argument));
  }
  // The only argument: remove it and any trailing comma.
  return edit(startOf(argument), next?.type === ',' ? endOf(next) : endOf(argument));
}

function startOf(node: Node): Range['start'] {
  return { line: node.startPosition.row, character: node.startPosition.column };
}

function endOf(node: Node): Range['start'] {
  return { line: node.endPosition.row, character: node.endPosition.column };
}
