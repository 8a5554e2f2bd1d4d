import type { SyntaxNode as Node } from '../syntax/node';
import { shared, type RuleContext } from '../rule';
import { enclosingFunction, parameterNames, pythonStringValue } from './python';
import { stringValue } from './javascript';
import { mentionsAnyName } from '../name-mentions';

/**
 * Constants followed through a variable: `VERIFY = False` then `requests.get(url, verify=VERIFY)`, or
 * `const insecure = { rejectUnauthorized: false }`. A name counts as a constant only when its scope binds it
 * exactly once, by a plain assignment; anything else (a parameter, a loop, a second assignment, `global`)
 * makes its value unknown, which rules treat as "not a constant".
 */

const PY_LITERALS = new Set(['true', 'false', 'none', 'integer', 'float', 'string', 'concatenated_string', 'list', 'tuple', 'set', 'dictionary', 'unary_operator', 'attribute']);
const PY_BINDERS = ['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'named_expression', 'as_pattern_target', 'import_statement', 'import_from_statement', 'function_definition', 'class_definition', 'global_statement', 'nonlocal_statement', 'delete_statement', 'lambda'];

type Binding = Node | null;

class PythonConstants {
  /** Per scope (function node id, or -1 for the module): each name's bindings, the right side of a plain assignment or null. */
  private readonly scopes = new Map<number, Map<string, Binding[]>>();
  /** Names some function declares `global`: their module binding can change at run time. */
  private readonly globals = new Set<string>();

  /** Top-level statements already indexed, and names whose every binding is indexed. */
  private readonly indexedStatements = new Set<number>();
  private readonly indexedNames = new Set<string>();

  constructor(private readonly root: Node) {}

  /**
   * Indexes the bindings of one name, lazily: only the top-level statements whose text mentions it can bind it,
   * so a rule asking about `VERIFY` while the user types in a 5,000-line module does not walk the whole tree.
   */
  private indexName(name: string): void {
    if (this.indexedNames.has(name)) return;
    this.indexedNames.add(name);
    const names = [name];
    for (const statement of this.root.namedChildren) {
      if (!statement || this.indexedStatements.has(statement.id) || !mentionsAnyName(statement.text, names, 'identifier')) continue;
      this.indexedStatements.add(statement.id);
      this.indexStatement(statement);
    }
  }

  private indexStatement(statement: Node): void {
    for (const binder of statement.descendantsOfType(PY_BINDERS)) {
      if (!binder) continue;
      const scope = this.scopeOf(binder);
      switch (binder.type) {
        case 'assignment': {
          const left = binder.childForFieldName('left');
          const right = binder.childForFieldName('right');
          if (left?.type === 'identifier') this.bind(scope, left.text, right && binder.parent?.type === 'expression_statement' ? right : null);
          else for (const name of left?.descendantsOfType('identifier') ?? []) if (name && name.parent?.type !== 'attribute' && name.parent?.type !== 'subscript') this.bind(scope, name.text, null);
          break;
        }
        case 'lambda': {
          const parameters = binder.childForFieldName('parameters');
          for (const parameter of parameters ? parameterNames(parameters) : []) this.bind(binder.id, parameter, null);
          break;
        }
        case 'global_statement':
        case 'nonlocal_statement':
          for (const name of binder.namedChildren) if (name?.type === 'identifier') this.globals.add(name.text);
          break;
        case 'function_definition':
        case 'class_definition': {
          const name = binder.childForFieldName('name');
          if (name) this.bind(scope, name.text, null);
          if (binder.type === 'function_definition') {
            const parameters = binder.childForFieldName('parameters');
            for (const parameter of parameters ? parameterNames(parameters) : []) this.bind(binder.id, parameter, null);
          }
          break;
        }
        default: {
          // Loops, `with … as` / `except … as` targets, walrus, imports, `del`: the name's value is not a constant.
          const target = binder.type === 'import_from_statement' || binder.type === 'import_statement' ? binder : binder.childForFieldName('left') ?? binder.childForFieldName('name') ?? binder;
          for (const name of [target, ...target.descendantsOfType('identifier')]) {
            if (name?.type !== 'identifier') continue;
            if (name && name.parent?.type !== 'attribute' && name.parent?.type !== 'call' && name.parent?.type !== 'subscript') this.bind(scope, name.text, null);
          }
        }
      }
    }
  }

  private scopeOf(node: Node): number {
    return enclosingFunction(node)?.id ?? -1;
  }

  private bind(scope: number, name: string, value: Binding): void {
    let names = this.scopes.get(scope);
    if (!names) this.scopes.set(scope, (names = new Map()));
    let list = names.get(name);
    if (!list) names.set(name, (list = []));
    list.push(value);
  }

  /** The literal a name stands for where it is used, or undefined. */
  valueOf(name: Node, depth = 0): Node | undefined {
    if (name.type !== 'identifier' || depth > 3) return undefined;
    this.indexName(name.text);
    for (let fn = enclosingFunction(name); ; fn = fn ? enclosingFunction(fn) : undefined) {
      const bindings = this.scopes.get(fn?.id ?? -1)?.get(name.text);
      if (bindings) {
        if (!fn && this.globals.has(name.text)) return undefined;
        const value = bindings.length === 1 ? bindings[0] : null;
        if (!value) return undefined;
        if (value.type === 'identifier') return this.valueOf(value, depth + 1);
        return PY_LITERALS.has(value.type) ? value : undefined;
      }
      if (!fn) return undefined;
    }
  }
}

/**
 * The node a Python expression's value comes from: the expression itself, or for a name bound once to a
 * literal (`VERIFY = False`, `ORIGINS = ["*"]`, `MODE = ssl.CERT_NONE`), that literal. Undefined for a name
 * whose value is not a constant.
 */
export function pythonConstant(context: RuleContext, node: Node | null | undefined): Node | undefined {
  if (!node) return undefined;
  if (node.type === 'parenthesized_expression') return pythonConstant(context, node.namedChildren[0]);
  if (node.type !== 'identifier') return node;
  const constants = shared(context, 'python-constants', () => new PythonConstants(rootOf(node)));
  return constants.valueOf(node);
}

/**
 * Whether a Python value is truthy: a literal's truth (`1`, `"True"` and even `"False"` are true; `0`, `""`,
 * `None`, `[]` false), or undefined when it is not a literal (a variable, a call).
 */
export function pythonTruthiness(node: Node | null | undefined): boolean | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'true':
      return true;
    case 'false':
    case 'none':
      return false;
    case 'integer':
    case 'float':
      return !/^[0._]*(?:[eE][-+]?\d+)?[jJlL]?$/.test(node.text.replace(/^0[xob]/i, ''));
    case 'string':
    case 'concatenated_string': {
      const value = pythonStringValue(node);
      return value === undefined ? undefined : value.length > 0;
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'dictionary':
      return node.namedChildren.some((c) => c && c.type !== 'comment');
    case 'parenthesized_expression':
      return pythonTruthiness(node.namedChildren[0]);
    default:
      return undefined;
  }
}

const JS_LITERALS = new Set(['true', 'false', 'null', 'undefined', 'number', 'string', 'template_string', 'array', 'object', 'regex', 'unary_expression']);

const JS_FUNCTIONS = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);

interface JsBinding {
  /** The function the name is declared in (undefined: the module), so that only visible declarations count. */
  scope: Node | undefined;
  value: Binding;
}

class JavaScriptConstants {
  private readonly declarations = new Map<string, JsBinding[]>();
  /** Names assigned after their declaration somewhere in the file: never constants. */
  private readonly reassigned = new Set<string>();

  private readonly indexedStatements = new Set<number>();
  private readonly indexedNames = new Set<string>();

  constructor(private readonly root: Node) {}

  /** Indexes one name lazily, from the top-level statements that mention it (see `PythonConstants.indexName`). */
  private indexName(name: string): void {
    if (this.indexedNames.has(name)) return;
    this.indexedNames.add(name);
    const names = [name];
    for (const statement of this.root.namedChildren) {
      if (!statement || this.indexedStatements.has(statement.id) || !mentionsAnyName(statement.text, names, 'name')) continue;
      this.indexedStatements.add(statement.id);
      this.indexStatement(statement);
    }
  }

  private indexStatement(statement: Node): void {
    for (const declarator of statement.descendantsOfType('variable_declarator')) {
      const name = declarator?.childForFieldName('name');
      if (!declarator || name?.type !== 'identifier') continue;
      this.add(name.text, declarator, declarator.childForFieldName('value') ?? null);
    }
    for (const assignment of statement.descendantsOfType(['assignment_expression', 'augmented_assignment_expression', 'update_expression'])) {
      const left = assignment?.childForFieldName('left') ?? assignment?.childForFieldName('argument');
      if (left?.type === 'identifier') this.reassigned.add(left.text);
    }
    // Parameters shadow the name inside their function.
    for (const parameters of statement.descendantsOfType('formal_parameters')) {
      for (const name of parameters?.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']) ?? []) if (name && parameters) this.add(name.text, parameters, null);
    }
  }

  private add(name: string, at: Node, value: Binding): void {
    let list = this.declarations.get(name);
    if (!list) this.declarations.set(name, (list = []));
    list.push({ scope: enclosingJsFunction(at), value });
  }

  valueOf(name: Node, depth = 0): Node | undefined {
    if (depth > 3) return undefined;
    this.indexName(name.text);
    if (this.reassigned.has(name.text)) return undefined;
    const visible = (this.declarations.get(name.text) ?? []).filter(
      (b) => !b.scope || (b.scope.startIndex <= name.startIndex && name.endIndex <= b.scope.endIndex),
    );
    const value = visible.length === 1 ? visible[0].value : null;
    if (!value) return undefined;
    if (value.type === 'identifier') return this.valueOf(value, depth + 1);
    return JS_LITERALS.has(value.type) || value.type === 'member_expression' ? value : undefined;
  }
}

function enclosingJsFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (JS_FUNCTIONS.has(current.type)) return current;
  return undefined;
}

/** The JS/TS counterpart of `pythonConstant`: a name declared once in the file with a literal value, followed. */
export function javascriptConstant(context: RuleContext, node: Node | null | undefined): Node | undefined {
  if (!node) return undefined;
  if (node.type === 'parenthesized_expression') return javascriptConstant(context, node.namedChildren[0]);
  if (node.type !== 'identifier') return node;
  const constants = shared(context, 'javascript-constants', () => new JavaScriptConstants(rootOf(node)));
  return constants.valueOf(node);
}

/** Whether a JS value is `false`, `0`, `""`, `null` or `undefined` (a literal); undefined when unknown. */
export function javascriptFalsy(node: Node | null | undefined): boolean | undefined {
  if (!node) return undefined;
  if (node.type === 'false' || node.type === 'null' || node.type === 'undefined') return true;
  if (node.type === 'true' || node.type === 'object' || node.type === 'array' || node.type === 'regex') return false;
  if (node.type === 'number') return Number(node.text.replace(/_/g, '')) === 0;
  const text = stringValue(node);
  return text === undefined ? undefined : text.length === 0;
}

function rootOf(node: Node): Node {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}
