import type { SyntaxNode as Node } from '../syntax/node';
import type { LanguageFamily } from '../languages';

/** Families whose rules run over a tree of top-level statements, where per-statement caching applies. */
export function supportsStatementCache(family: LanguageFamily): boolean {
  return family === 'python' || family === 'javascript';
}

const PYTHON_DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);
const JS_DEFINITIONS = new Set(['function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration']);

/**
 * What every statement's findings may depend on besides its own text: imports and module-level bindings
 * (the semantic models resolve names through them) and the names of top-level definitions (which shadow
 * imports). Bodies of functions and classes, and bare calls, are left out: typing inside a function changes
 * only that function's statement. When the summary changes, the statements that mention a name it binds
 * differently are re-analysed (`changedNames`).
 */
export function documentSummary(family: LanguageFamily, statements: readonly Node[]): string[] {
  const parts: string[] = [];
  for (const statement of statements) {
    const part = family === 'python' ? pythonPart(statement) : javascriptPart(statement);
    if (part !== undefined) parts.push(part);
  }
  return parts;
}

const STRING_LITERAL = /[rbufRBUF]{0,2}("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)/g;
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;
const KEYWORDS = new Set([
  'import', 'from', 'as', 'def', 'class', 'async', 'await', 'return', 'lambda', 'if', 'else', 'elif', 'for', 'while', 'in',
  'not', 'and', 'or', 'is', 'None', 'True', 'False', 'try', 'except', 'finally', 'with', 'global', 'nonlocal', 'pass',
  'export', 'default', 'const', 'let', 'var', 'function', 'new', 'require', 'null', 'undefined', 'true', 'false', 'type',
]);
/** Beyond this many changed names, re-running everything is as cheap as working out what to re-run. */
const MAX_CHANGED_NAMES = 40;

/**
 * The names whose meaning may have changed between two summaries: every identifier (outside string literals)
 * of the parts that were removed or added. 'all' when too many changed to be worth narrowing.
 */
export function changedNames(before: readonly string[], after: readonly string[]): Set<string> | 'all' {
  const counts = new Map<string, number>();
  for (const part of before) counts.set(part, (counts.get(part) ?? 0) + 1);
  for (const part of after) counts.set(part, (counts.get(part) ?? 0) - 1);
  const names = new Set<string>();
  for (const [part, count] of counts) {
    if (count === 0) continue;
    for (const word of part.replace(STRING_LITERAL, '""').match(IDENTIFIER) ?? []) {
      if (!KEYWORDS.has(word)) names.add(word);
    }
    if (names.size > MAX_CHANGED_NAMES) return 'all';
  }
  return names;
}

/** A pattern matching text that mentions any of the names as a whole word. */
export function mentionPattern(names: ReadonlySet<string>): RegExp | undefined {
  if (names.size === 0) return undefined;
  const alternatives = [...names].map((name) => name.replace(/\$/g, '\\$')).join('|');
  return new RegExp(`(?<![\\w$])(?:${alternatives})(?![\\w$])`);
}

function pythonPart(statement: Node): string | undefined {
  switch (statement.type) {
    case 'comment':
      return undefined;
    case 'decorated_definition':
      return `def ${statement.childForFieldName('definition')?.childForFieldName('name')?.text ?? ''}`;
    case 'expression_statement': {
      // A bare call (`app.run()`) binds nothing; an assignment does.
      const first = statement.firstNamedChild;
      return first && (first.type === 'call' || first.type === 'string') ? undefined : statement.text;
    }
    default:
      return PYTHON_DEFINITIONS.has(statement.type) ? `def ${statement.childForFieldName('name')?.text ?? ''}` : statement.text;
  }
}

function javascriptPart(statement: Node): string | undefined {
  if (statement.type === 'comment') return undefined;
  if (JS_DEFINITIONS.has(statement.type)) return `def ${statement.childForFieldName('name')?.text ?? ''}`;
  if (statement.type === 'export_statement') {
    const declaration = statement.childForFieldName('declaration');
    if (declaration && JS_DEFINITIONS.has(declaration.type)) return `export def ${declaration.childForFieldName('name')?.text ?? ''}`;
    if (declaration && VARIABLE_DECLARATIONS.has(declaration.type)) return `export ${variablesPart(declaration)}`;
    return statement.text;
  }
  if (VARIABLE_DECLARATIONS.has(statement.type)) return variablesPart(statement);
  if (statement.type === 'expression_statement') {
    const first = statement.firstNamedChild;
    return first?.type === 'assignment_expression' ? statement.text : undefined;
  }
  return statement.text;
}

const VARIABLE_DECLARATIONS = new Set(['lexical_declaration', 'variable_declaration']);
const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

/** `const handler = async (req, res) => {...}` binds a name to a function: its body is not part of the summary. */
function variablesPart(declaration: Node): string {
  const parts: string[] = [];
  for (const declarator of declaration.namedChildren) {
    if (!declarator) continue;
    const value = declarator.childForFieldName('value');
    if (declarator.type === 'variable_declarator' && value && FUNCTION_VALUES.has(value.type)) {
      parts.push(`${declarator.childForFieldName('name')?.text ?? ''} = function`);
    } else {
      parts.push(declarator.text);
    }
  }
  return `${declaration.firstChild?.text ?? ''} ${parts.join(', ')}`;
}

/** Identical statements at the same column have identical statement-scoped findings, relative to their start. */
export function statementKey(statement: Node): string {
  return `${statement.startPosition.column}:${statement.type}:${statement.text}`;
}
