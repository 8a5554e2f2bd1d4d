import { keywordArgument, pythonSemantics, type Fix, type Flow, type Node, type RuleContext, type TextEdit } from '../../server/src/engine/api';

const PY_BLOCKS = new Set(['block', 'module']);
const JS_BLOCKS = new Set(['statement_block', 'program', 'switch_case', 'switch_default']);
const FUNCTION_BOUNDARIES = new Set(['arrow_function', 'function_expression', 'function', 'lambda', 'method_definition', 'class_body']);

/** The statement that contains `node`, when it starts its own line (so a line can be inserted above it). */
function enclosingStatement(context: RuleContext, node: Node): Node | undefined {
  const blocks = context.family === 'python' ? PY_BLOCKS : JS_BLOCKS;
  let current: Node | null = node;
  while (current && current.parent && !blocks.has(current.parent.type)) {
    // Above an arrow function's expression body or a lambda, the variables are out of scope.
    if (FUNCTION_BOUNDARIES.has(current.parent.type)) return undefined;
    current = current.parent;
  }
  if (!current?.parent) return undefined;
  const line = context.source.lineText(current.startPosition.row);
  return line.slice(0, current.startPosition.column).trim() === '' ? current : undefined;
}

/** The variable a guard should check: the argument itself when it is a name, else the last variable on the path. */
function guardSubject(flow: Flow): string | undefined {
  const argument = flow.argument;
  if (/^(identifier|attribute|member_expression)$/.test(argument.type) && /^[\w.]+$/.test(argument.text)) return argument.text;
  for (let i = flow.steps.length - 1; i >= 0; i--) {
    const match = /^assigned to `([\w]+)`$/.exec(flow.steps[i].message);
    if (match && flow.steps[i].node.startIndex < argument.startIndex) return match[1];
  }
  return undefined;
}

/**
 * An unsafe snippet fix that inserts a type and length check above the statement: the validation
 * skeleton to adapt (the limit is a placeholder). The engine recognises the guard, so the finding goes.
 */
export function validationGuardFix(context: RuleContext, flow: Flow, what: string): Fix[] {
  const subject = guardSubject(flow);
  const statement = enclosingStatement(context, flow.sink);
  if (!subject || !statement) return [];
  const row = statement.startPosition.row;
  const indent = context.source.indentation(row);
  const eol = context.source.eol;
  const inner = `${indent}${indentUnit(context, indent)}`;
  const text =
    context.family === 'python'
      ? `${indent}if not isinstance(${subject}, str) or len(${subject}) > \${1:4000}:${eol}${inner}raise ValueError("${what} must be a string of at most \${1:4000} characters")${eol}`
      : `${indent}if (typeof ${subject} !== 'string' || ${subject}.length > \${1:4000}) {${eol}${inner}throw new Error('${what} must be a string of at most \${1:4000} characters');${eol}${indent}}${eol}`;
  const at = { line: row, character: 0 };
  return [{ title: `Check the type and length of \`${subject}\` before use`, safety: 'unsafe', isSnippet: true, edits: [{ range: { start: at, end: at }, newText: text }] }];
}

function indentUnit(context: RuleContext, indent: string): string {
  if (indent.startsWith('\t')) return '\t';
  return context.family === 'python' ? '    ' : '  ';
}

/** `eval(x)` → `ast.literal_eval(x)` (Python, adds `import ast`) or `JSON.parse(x)` (JS): data, not code. */
export function evalToLiteralFix(context: RuleContext, flow: Flow): Fix[] {
  const callee = flow.sink.childForFieldName('function');
  if (!callee || callee.text !== 'eval') return [];
  // literal_eval and JSON.parse take the text alone: `eval(x, scope)` needs a human.
  const args = (flow.sink.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a && a.type !== 'comment');
  if (args.length !== 1) return [];
  const range = context.rangeOf(callee);
  if (context.family === 'python') {
    const edits: TextEdit[] = [{ range, newText: 'ast.literal_eval' }];
    const addImport = pythonSemantics(context).addImport('ast');
    if (addImport) edits.push(addImport);
    return [{ title: 'Parse the output as a Python literal with ast.literal_eval', safety: 'unsafe', edits }];
  }
  return [{ title: 'Parse the output as JSON with JSON.parse', safety: 'unsafe', edits: [{ range, newText: 'JSON.parse' }] }];
}

/** `subprocess.run(cmd, shell=True)` → `subprocess.run(shlex.split(cmd))`: no shell to inject into. */
export function shellToArgumentListFix(context: RuleContext, flow: Flow): Fix[] {
  if (context.family !== 'python' || flow.sink.type !== 'call') return [];
  const shell = keywordArgument(flow.sink, 'shell');
  const command = flow.sink.childForFieldName('arguments')?.namedChildren[0];
  if (!shell || !command || command.id !== flow.argument.id || command.type === 'list') return [];
  const previous = shell.previousNamedSibling;
  if (!previous) return [];
  // Remove `, shell=True` from the end of the previous argument to the end of the keyword.
  const removal = { start: context.rangeOf(previous).end, end: context.rangeOf(shell).end };
  const edits: TextEdit[] = [
    { range: context.rangeOf(command), newText: `shlex.split(${command.text})` },
    { range: removal, newText: '' },
  ];
  const addImport = pythonSemantics(context).addImport('shlex');
  if (addImport) edits.push(addImport);
  return [{ title: 'Pass an argument list (shlex.split) instead of running a shell', safety: 'unsafe', edits }];
}

/** `el.innerHTML = x` → `el.textContent = x`: the output is shown as text, never parsed as markup. */
export function innerHtmlToTextContentFix(context: RuleContext, flow: Flow): Fix[] {
  if (flow.sink.type !== 'assignment_expression') return [];
  const left = flow.sink.childForFieldName('left');
  const property = left?.childForFieldName('property');
  if (!property || (property.text !== 'innerHTML' && property.text !== 'outerHTML')) return [];
  return [{ title: 'Set textContent instead of innerHTML', safety: 'unsafe', edits: [{ range: context.rangeOf(property), newText: 'textContent' }] }];
}
