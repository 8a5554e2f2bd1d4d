import { pythonSemantics, type Fix, type Node, type Position, type RuleContext, type TextEdit } from '../../server/src/engine/api';
import { isPythonBytes, type SecretLiteral } from './_literals';

/**
 * Fixes that move a hard-coded secret into the environment. They are unsafe by nature: the program now
 * needs the variable set (a missing one raises KeyError or yields undefined), so they are offered, never
 * applied on save. The secret itself stays in the history; the documentation says to revoke it.
 */
export function environmentFix(context: RuleContext, literal: SecretLiteral, envVar: string, key: { start: number; end: number }): Fix | undefined {
  if (literal.use === 'env-default') return removeFallbackFix(context, literal);
  if (literal.use !== 'value' && literal.use !== 'jsx-attribute') return undefined;
  const whole = literal.isPlain && key.start === 0 && key.end === literal.value.length;
  const edits = context.family === 'python' ? pythonEdits(context, literal, envVar, key, whole) : javascriptEdits(context, literal, envVar, key, whole);
  if (!edits) return undefined;
  const lookup = context.family === 'python' ? `os.environ["${envVar}"]` : `process.env.${envVar}`;
  return { title: `Read the secret from ${lookup} instead`, safety: 'unsafe', edits };
}

function pythonEdits(context: RuleContext, literal: SecretLiteral, envVar: string, key: { start: number; end: number }, whole: boolean): TextEdit[] | undefined {
  const node = literal.node;
  if (isPythonBytes(node)) return undefined;
  const importOs = pythonSemantics(context).addImport('os');
  const withImport = (edits: TextEdit[]) => (importOs ? [importOs, ...edits] : edits);
  if (whole) return withImport([{ range: context.rangeOf(node), newText: `os.environ["${envVar}"]` }]);
  // A key inside a longer string ("Bearer sk-..."): interpolate the lookup, for simple one-line literals.
  if (node.type !== 'string' || node.startPosition.row !== node.endPosition.row) return undefined;
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '';
  const quote = start.slice(-1);
  const prefix = start.slice(0, -1).toLowerCase();
  if (start.length > 1 && start.endsWith(quote.repeat(3))) return undefined;
  if (prefix !== '' && prefix !== 'f') return undefined;
  const secret = literal.value.slice(key.start, key.end);
  const offset = node.text.indexOf(secret);
  if (offset < 0 || node.text.indexOf(secret, offset + 1) >= 0) return undefined;
  // Before Python 3.12 an f-string cannot reuse its own quote inside a replacement field.
  const inner = quote === '"' ? "'" : '"';
  const edits: TextEdit[] = [];
  if (prefix === '') {
    if (/[{}]/.test(node.text)) return undefined;
    edits.push({ range: point(node.startPosition.row, node.startPosition.column), newText: 'f' });
  }
  edits.push({ range: span(node, offset, secret.length), newText: `{os.environ[${inner}${envVar}${inner}]}` });
  return withImport(edits);
}

function javascriptEdits(context: RuleContext, literal: SecretLiteral, envVar: string, key: { start: number; end: number }, whole: boolean): TextEdit[] | undefined {
  const node = literal.node;
  const lookup = `process.env.${envVar}`;
  if (whole) {
    const newText = literal.use === 'jsx-attribute' ? `{${lookup}}` : lookup;
    return [{ range: context.rangeOf(node), newText }];
  }
  if (literal.use === 'jsx-attribute' || node.startPosition.row !== node.endPosition.row) return undefined;
  const secret = literal.value.slice(key.start, key.end);
  const offset = node.text.indexOf(secret);
  if (offset < 0 || node.text.indexOf(secret, offset + 1) >= 0) return undefined;
  const replaceKey: TextEdit = { range: span(node, offset, secret.length), newText: `\${${lookup}}` };
  if (node.type === 'template_string') return [replaceKey];
  // A quoted string becomes a template literal; only when nothing in it would change meaning there.
  const body = node.text.slice(1, -1);
  if (/[`\\]|\$\{/.test(body)) return undefined;
  return [
    { range: span(node, 0, 1), newText: '`' },
    replaceKey,
    { range: span(node, node.text.length - 1, 1), newText: '`' },
  ];
}

/** `os.getenv("K", "sk-...")` → `os.getenv("K")`; `process.env.K || "sk-..."` → `process.env.K`. */
function removeFallbackFix(context: RuleContext, literal: SecretLiteral): Fix | undefined {
  const node = literal.node;
  if (context.family === 'python') {
    const previous = node.previousNamedSibling;
    if (node.parent?.type !== 'argument_list' || !previous || node.nextNamedSibling) return undefined;
    return {
      title: 'Remove the hard-coded fallback',
      safety: 'unsafe',
      edits: [{ range: { start: context.rangeOf(previous).end, end: context.rangeOf(node).end }, newText: '' }],
    };
  }
  const binary = node.parent;
  const left = binary?.childForFieldName('left');
  if (binary?.type !== 'binary_expression' || binary.childForFieldName('right')?.id !== node.id || !left) return undefined;
  return {
    title: 'Remove the hard-coded fallback',
    safety: 'unsafe',
    edits: [{ range: { start: context.rangeOf(left).end, end: context.rangeOf(node).end }, newText: '' }],
  };
}

function point(line: number, character: number): { start: Position; end: Position } {
  return { start: { line, character }, end: { line, character } };
}

/** A range inside a one-line node, by offset into its text. */
function span(node: Node, offset: number, length: number): { start: Position; end: Position } {
  const line = node.startPosition.row;
  const column = node.startPosition.column + offset;
  return { start: { line, character: column }, end: { line, character: column + length } };
}
