import type { SyntaxNode as Node, SyntaxTree as Tree } from '../syntax/node';
import { shared, type RuleContext } from '../rule';
import type { SourceText } from '../source-text';
import type { TextEdit } from '../types';

/**
 * One binding of a name in a scope. `target` is the imported module or object it names (undefined: bound to
 * something not imported). A `weak` binding is a plain assignment inside a block (`except ImportError:
 * yaml = None`): it makes the name local but does not override an import of the same name.
 */
interface Binding {
  start: number;
  weak: boolean;
  /** The aliased expression (`loader = torch.load`, `yaml = importlib.import_module("yaml")`), resolved lazily. */
  alias?: Node;
  target: string | undefined;
  resolved: boolean;
}

type Scope = Map<string, Binding[]>;

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);
/** Statements whose blocks belong to the enclosing scope (Python has no block scope). */
const BLOCK_HOLDERS = new Set([
  'if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause', 'except_group_clause', 'finally_clause',
  'with_statement', 'for_statement', 'while_statement', 'match_statement', 'case_clause', 'block',
]);
/** Text that may hold an import below module level: an indented `import`/`from`, one after `:` or `;`, or an import call. */
const NESTED_IMPORT_HINT = /(?:^[ \t]+|[:;][ \t]*)(?:import|from)[ \t]|import_module|__import__/m;
/** Calls that import a module named by a literal: `importlib.import_module("yaml")`, `__import__("pickle")`. */
const IMPORT_CALLS = new Set(['importlib.import_module', '__import__']);

/**
 * What names mean in a Python module: which imported module or object each name is bound to, so that rules
 * ask "is this call `torch.load`?" rather than matching text (`import torch as t; t.load`, `from torch import
 * load` and a local `load = ...` all resolve correctly).
 *
 * Every scope binds: the module, each function, lambda and class body. An import anywhere (a function body,
 * `try:`/`except ImportError:`, `if TYPE_CHECKING:`) binds its name in the scope it runs in, and uses in that
 * scope and in functions nested below it resolve through it (a class body's names are not visible in its
 * methods, as in Python). One pass over the statements (not the expressions) builds all scopes.
 */
export class PythonSemantics {
  /** Bindings of each scope in source order, by scope node id (the module's is the root's id). */
  private readonly scopes = new Map<number, Scope>();
  /** Names bound somewhere below module level: only they need a search of the enclosing scopes. */
  private readonly nestedNames = new Set<string>();
  /** Names bound below module level by an import or an import call: only they can be `scopedImport`s. */
  private readonly nestedImportNames = new Set<string>();
  /** Every import statement of the file, wherever it is, in source order. */
  readonly importStatements: Node[] = [];

  constructor(
    readonly root: Node,
    private readonly source: SourceText,
  ) {
    this.eager = NESTED_IMPORT_HINT.test(source.text);
    this.collectBody(root, root, false);
  }

  /**
   * Whether the text may import below module level. Then every scope is collected up front (to know which
   * names are imported where); otherwise a function's or class's scope is collected when a name inside it is
   * first resolved, as most files import at the top only and most names are never asked about.
   */
  private readonly eager: boolean;
  /** Function and class scopes not collected yet (lazy mode). */
  private readonly pending = new Set<number>();

  private bind(scope: Node, name: string, start: number, binding: Omit<Binding, 'start' | 'resolved'> & { resolved?: boolean }): void {
    let names = this.scopes.get(scope.id);
    if (!names) this.scopes.set(scope.id, (names = new Map()));
    let list = names.get(name);
    if (!list) names.set(name, (list = []));
    list.push({ start, resolved: binding.alias === undefined, ...binding });
    if (scope === this.root) return;
    this.nestedNames.add(name);
    if (binding.target !== undefined || binding.alias !== undefined) this.nestedImportNames.add(name);
  }

  /** The statements of a scope's body; `nested` when they sit inside a block (an `if`, `try`, loop). */
  private collectBody(scope: Node, container: Node, nested: boolean): void {
    for (const statement of container.namedChildren) if (statement) this.collect(scope, statement, nested);
  }

  private collect(scope: Node, statement: Node, nested: boolean): void {
    switch (statement.type) {
      case 'import_statement':
        this.importStatements.push(statement);
        for (const name of statement.childrenForFieldName('name')) {
          if (!name) continue;
          if (name.type === 'aliased_import') {
            const alias = name.childForFieldName('alias');
            const dotted = name.childForFieldName('name');
            if (alias && dotted) this.bind(scope, alias.text, statement.startIndex, { weak: false, target: dotted.text });
          } else {
            // `import a.b` binds `a`; `a.b.c` then resolves through attribute access.
            const first = name.text.split('.')[0];
            this.bind(scope, first, statement.startIndex, { weak: false, target: first });
          }
        }
        return;
      case 'import_from_statement': {
        this.importStatements.push(statement);
        const moduleNode = statement.childForFieldName('module_name');
        const moduleName = moduleNode?.text ?? '';
        for (const name of statement.childrenForFieldName('name')) {
          if (!name) continue;
          if (name.type === 'aliased_import') {
            const alias = name.childForFieldName('alias');
            const original = name.childForFieldName('name');
            if (alias && original) this.bind(scope, alias.text, statement.startIndex, { weak: false, target: `${moduleName}.${original.text}` });
          } else {
            this.bind(scope, name.text, statement.startIndex, { weak: false, target: `${moduleName}.${name.text}` });
          }
        }
        return;
      }
      case 'future_import_statement':
        this.importStatements.push(statement);
        return;
      case 'function_definition':
      case 'class_definition': {
        const name = statement.childForFieldName('name');
        if (name) this.bind(scope, name.text, statement.startIndex, { weak: nested, target: undefined });
        if (this.eager) this.collectScope(statement);
        else this.pending.add(statement.id);
        return;
      }
      case 'decorated_definition': {
        const definition = statement.childForFieldName('definition');
        if (definition) this.collect(scope, definition, nested);
        return;
      }
      case 'expression_statement':
        for (const child of statement.namedChildren) {
          if (child?.type === 'assignment' || child?.type === 'augmented_assignment') this.collectAssignment(scope, child, nested);
        }
        return;
      case 'for_statement':
        // The loop variable is bound like an assignment; at module level only imports inside blocks count.
        if (scope !== this.root) {
          for (const name of assignedNames(statement.childForFieldName('left'))) this.bind(scope, name, statement.startIndex, { weak: true, target: undefined });
        }
        this.collectBlocks(scope, statement);
        return;
      default:
        if (BLOCK_HOLDERS.has(statement.type)) this.collectBlocks(scope, statement);
    }
  }

  /** A function's parameters and body, or a class's body: the bindings of its own scope. */
  private collectScope(definition: Node): void {
    this.scopes.set(definition.id, new Map());
    if (definition.type === 'function_definition') {
      const parameters = definition.childForFieldName('parameters');
      if (parameters) for (const parameter of parameterNames(parameters)) this.bind(definition, parameter, definition.startIndex, { weak: false, target: undefined });
    }
    const body = definition.childForFieldName('body');
    if (body) this.collectBody(definition, body, false);
  }

  /** The blocks and clauses of a compound statement, whose bindings belong to the enclosing scope. */
  private collectBlocks(scope: Node, statement: Node): void {
    for (const child of statement.namedChildren) {
      if (!child) continue;
      if (child.type === 'block') this.collectBody(scope, child, true);
      else if (BLOCK_HOLDERS.has(child.type)) this.collectBlocks(scope, child);
    }
  }

  private collectAssignment(scope: Node, assignment: Node, nested: boolean): void {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    // `loader = torch.load`, `Model = AutoModel` or `yaml = importlib.import_module("yaml")` makes the new name
    // an alias of the imported object; it takes effect after the statement (`x = x.y` reads the old `x`).
    const alias = assignment.type === 'assignment' && left?.type === 'identifier' && right && isAliasShape(right) ? right : undefined;
    const importCall = alias?.type === 'call';
    if (right?.type === 'assignment') this.collectAssignment(scope, right, nested);
    for (const name of assignedNames(left)) {
      // At module level a plain assignment inside a block binds nothing, as before; in a function it makes a local.
      if (nested && !importCall && scope === this.root) continue;
      this.bind(scope, name, assignment.endIndex, { weak: nested && !importCall, alias, target: undefined });
    }
  }

  private targetOf(binding: Binding, depth: number): string | undefined {
    if (binding.resolved) return binding.target;
    // Mark first: a chain of aliases that comes back to itself resolves to nothing.
    binding.resolved = true;
    binding.target = depth > 20 ? undefined : this.qualifiedNameAt(binding.alias ?? null, depth + 1);
    return binding.target;
  }

  /**
   * The fully qualified name a name or attribute chain refers to (`t.load` → `torch.load` after
   * `import torch as t`), or undefined when its root is not an import or is shadowed at that point.
   */
  qualifiedName(node: Node | null): string | undefined {
    return this.qualifiedNameAt(node, 0);
  }

  private qualifiedNameAt(node: Node | null, depth: number): string | undefined {
    if (!node) return undefined;
    if (node.type === 'identifier') return this.resolveName(node.text, node, depth);
    if (node.type === 'attribute') {
      const object = this.qualifiedNameAt(node.childForFieldName('object'), depth);
      const attribute = node.childForFieldName('attribute');
      return object && attribute ? `${object}.${attribute.text}` : undefined;
    }
    if (node.type === 'call') return this.importedByCall(node, depth);
    return undefined;
  }

  /** The module a literal `importlib.import_module("yaml")` or `__import__("pickle")` returns. */
  private importedByCall(call: Node, depth: number): string | undefined {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'identifier' && callee?.type !== 'attribute') return undefined;
    if (!/(?:^|\.)(?:import_module|__import__)$/.test(callee.text)) return undefined;
    const name = callee.text === '__import__' ? '__import__' : this.qualifiedNameAt(callee, depth);
    if (!name || !IMPORT_CALLS.has(name)) return undefined;
    const module = pythonStringValue(positionalArguments(call)[0]);
    if (!module || !/^[A-Za-z_][\w.]*$/.test(module)) return undefined;
    // `__import__("a.b")` returns the top package `a`; `import_module("a.b")` returns `a.b`.
    return name === '__import__' ? module.split('.')[0] : module;
  }

  /** The qualified name of a call's callee; memoised, since every rule with a `call` visitor asks. */
  calleeName(call: Node): string | undefined {
    if (call.type !== 'call') return undefined;
    if (this.calleeNames.has(call.id)) return this.calleeNames.get(call.id);
    const name = this.qualifiedName(call.childForFieldName('function'));
    this.calleeNames.set(call.id, name);
    return name;
  }

  private readonly calleeNames = new Map<number, string | undefined>();

  private resolveName(name: string, at: Node, depth: number): string | undefined {
    const inner = this.resolveBelowModule(name, at, depth);
    if (inner.bound) return inner.target;
    const list = this.scopes.get(this.root.id)?.get(name);
    return list ? this.bindingAt(list, at, inner.crossedFunction, depth) : undefined;
  }

  /**
   * What `name` means at `at` through the function, lambda and class scopes around it, innermost first. Uses in
   * a scope's own code see the last binding before them; uses in a function nested below it run later, so they
   * see its last binding. A class body's names are not visible in its methods.
   */
  private resolveBelowModule(name: string, at: Node, depth: number): { bound: boolean; target?: string; crossedFunction: boolean } {
    let crossedFunction = false;
    const nested = this.nestedNames.has(name);
    for (let scope = enclosingScope(at); scope; scope = enclosingScope(scope)) {
      if (scope.type === 'class_definition' && crossedFunction) continue;
      const found = nested || !this.eager || scope.type === 'lambda' ? this.scopeOf(scope)?.get(name) : undefined;
      if (found) return { bound: true, target: this.bindingAt(found, at, crossedFunction, depth), crossedFunction };
      if (scope.type !== 'class_definition') crossedFunction = true;
    }
    return { bound: false, crossedFunction };
  }

  /**
   * The import `name` is bound to at `at` by a function or class scope around it (`import torch` inside the
   * function), or undefined when none binds it to an import. For evaluators that track module-level names and
   * locals themselves (the taint passes) but not imports made below module level.
   */
  scopedImport(name: string, at: Node): string | undefined {
    if (!this.nestedImportNames.has(name)) return undefined;
    return this.resolveBelowModule(name, at, 0).target;
  }

  /** A scope's bindings; a lambda's (its parameters) are made on first use, since the pass skips expressions. */
  private scopeOf(scope: Node): Scope | undefined {
    if (this.pending.delete(scope.id)) this.collectScope(scope);
    if (scope.type !== 'lambda' || this.scopes.has(scope.id)) return this.scopes.get(scope.id);
    const names: Scope = new Map();
    const parameters = scope.childForFieldName('parameters');
    for (const name of parameters ? parameterNames(parameters) : []) {
      names.set(name, [{ start: scope.startIndex, weak: false, target: undefined, resolved: true }]);
    }
    this.scopes.set(scope.id, names);
    return names;
  }

  /**
   * The target of the binding in force at `at`: the last one before it (or the last of all, for a use that
   * runs later). A weak binding, a fallback in a block (`except ImportError: yaml = None`), does not undo the
   * import it stands in for; with no other binding it still makes the name a local of unknown value.
   */
  private bindingAt(list: Binding[], at: Node, later: boolean, depth: number): string | undefined {
    let strong: Binding | undefined;
    for (const candidate of list) {
      if (!later && candidate.start > at.startIndex) break;
      if (!candidate.weak) strong = candidate;
    }
    return strong ? this.targetOf(strong, depth) : undefined;
  }

  /** Whether an import statement runs at module level (not inside a function or class). */
  isModuleLevel(statement: Node): boolean {
    return enclosingScope(statement) === undefined;
  }

  /** Whether the module imports `module` at module level (as `import module`). */
  importsModule(module: string): boolean {
    return this.importStatements.some((statement) => {
      if (statement.type === 'import_statement' && this.isModuleLevel(statement)) {
        return statement.childrenForFieldName('name').some((n) => {
          const dotted = n?.type === 'aliased_import' ? undefined : n?.text;
          return dotted === module;
        });
      }
      return false;
    });
  }

  /**
   * An edit that adds `import module` after the existing top-level imports (or after the module docstring
   * and `from __future__` imports), or undefined when the module is already imported plainly.
   */
  addImport(module: string): TextEdit | undefined {
    if (this.importsModule(module)) return undefined;
    const eol = this.source.eol;
    const topLevelImports = this.importStatements.filter((s) => s.parent?.type === 'module');
    const last = topLevelImports[topLevelImports.length - 1];
    if (last) {
      const position = { line: last.endPosition.row, character: this.source.lineText(last.endPosition.row).length };
      return { range: { start: position, end: position }, newText: `${eol}import ${module}` };
    }
    let line = 0;
    const first = this.root.namedChildren[0];
    if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string') line = first.endPosition.row + 1;
    else if (this.source.lineText(0).startsWith('#!')) line = 1;
    while (line < this.source.lineCount && /^#.*coding[:=]/.test(this.source.lineText(line))) line++;
    const position = { line, character: 0 };
    return { range: { start: position, end: position }, newText: `import ${module}${eol}` };
  }
}

/** Names bound by an assignment target (`a`, `a, b`, `[a, *b]`). */
export function assignedNames(target: Node | null): string[] {
  if (!target) return [];
  if (target.type === 'identifier') return [target.text];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression'].includes(target.type)) {
    return target.namedChildren.flatMap((child) => assignedNames(child));
  }
  return [];
}

/** The nearest enclosing function, lambda or class: the scope a name used at `node` is looked up in first. */
function enclosingScope(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (SCOPE_TYPES.has(current.type)) return current;
  }
  return undefined;
}

/** Whether an assignment's right side can alias an import: a name, an attribute chain or an import call. */
function isAliasShape(right: Node): boolean {
  if (right.type === 'identifier' || right.type === 'attribute') return true;
  return right.type === 'call' && /(?:^|\.)(?:import_module|__import__)$/.test(right.childForFieldName('function')?.text ?? '');
}

export function enclosingFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current;
  }
  return undefined;
}


export function parameterNames(parameters: Node): string[] {
  const names: string[] = [];
  for (const parameter of parameters.namedChildren) {
    if (!parameter) continue;
    if (parameter.type === 'identifier') names.push(parameter.text);
    else {
      const name = parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c?.type === 'identifier');
      if (name) names.push(name.text);
    }
  }
  return names;
}

/** The Python semantic model of the document being analysed, built once and shared by all rules. */
export function pythonSemantics(context: RuleContext): PythonSemantics {
  return shared(context, 'python-semantics', () => {
    const tree = context.tree as Tree;
    return new PythonSemantics(tree.rootNode, context.source);
  });
}

/** A keyword argument of a call by name (`weights_only=True` → the `keyword_argument` node). */
export function keywordArgument(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  for (const argument of args.namedChildren) {
    if (argument?.type === 'keyword_argument' && argument.childForFieldName('name')?.text === name) return argument;
  }
  return undefined;
}

/** Positional arguments of a call, in order. */
export function positionalArguments(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  return args.namedChildren.filter(
    (a): a is Node => !!a && !['keyword_argument', 'dictionary_splat', 'list_splat', 'comment'].includes(a.type),
  );
}

/** The value of a plain string literal (no interpolation), or undefined. */
export function pythonStringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => pythonStringValue(c));
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren
    .filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence')
    .map((c) => c!.text)
    .join('');
}
