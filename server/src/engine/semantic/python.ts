import type { SyntaxNode as Node, SyntaxTree as Tree } from '../syntax/node';
import { shared, type RuleContext } from '../rule';
import type { SourceText } from '../source-text';
import type { TextEdit } from '../types';

/**
 * What names mean in a Python module: which imported module or object each name is bound to, so that rules
 * ask "is this call `torch.load`?" rather than matching text (`import torch as t; t.load`, `from torch import
 * load` and a local `load = ...` all resolve correctly).
 */
export class PythonSemantics {
  /** Module-level bindings in source order; `target` undefined means "bound to something not imported". */
  private readonly bindings = new Map<string, { start: number; target: string | undefined }[]>();
  /** Top-level import statements, for placing new imports. */
  readonly importStatements: Node[] = [];

  constructor(
    readonly root: Node,
    private readonly source: SourceText,
  ) {
    for (const statement of root.namedChildren) this.collect(statement);
  }

  private bind(name: string, start: number, target: string | undefined): void {
    let list = this.bindings.get(name);
    if (!list) this.bindings.set(name, (list = []));
    list.push({ start, target });
  }

  private collect(statement: Node | null): void {
    if (!statement) return;
    switch (statement.type) {
      case 'import_statement':
        this.importStatements.push(statement);
        for (const name of statement.childrenForFieldName('name')) {
          if (!name) continue;
          if (name.type === 'aliased_import') {
            const alias = name.childForFieldName('alias');
            const dotted = name.childForFieldName('name');
            if (alias && dotted) this.bind(alias.text, statement.startIndex, dotted.text);
          } else {
            // `import a.b` binds `a`; `a.b.c` then resolves through attribute access.
            const first = name.text.split('.')[0];
            this.bind(first, statement.startIndex, first);
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
            if (alias && original) this.bind(alias.text, statement.startIndex, `${moduleName}.${original.text}`);
          } else {
            this.bind(name.text, statement.startIndex, `${moduleName}.${name.text}`);
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
        if (name) this.bind(name.text, statement.startIndex, undefined);
        return;
      }
      case 'decorated_definition':
        this.collect(statement.childForFieldName('definition'));
        return;
      case 'expression_statement':
        for (const child of statement.namedChildren) {
          if (child?.type === 'assignment' || child?.type === 'augmented_assignment') {
            const left = child.childForFieldName('left');
            // `loader = torch.load` or `Model = AutoModel` makes the new name an alias of the imported object.
            const alias = child.type === 'assignment' && left?.type === 'identifier' ? this.aliasTarget(child.childForFieldName('right')) : undefined;
            for (const name of assignedNames(left)) this.bind(name, child.startIndex, alias);
          }
        }
        return;
      case 'if_statement':
      case 'try_statement':
      case 'with_statement':
        // Imports guarded by `try:`/`if TYPE_CHECKING:` still bind names for the rest of the module.
        for (const descendant of statement.descendantsOfType(['import_statement', 'import_from_statement'])) {
          this.collect(descendant);
        }
        return;
      default:
        return;
    }
  }

  private aliasTarget(right: Node | null): string | undefined {
    if (!right || (right.type !== 'identifier' && right.type !== 'attribute')) return undefined;
    return this.qualifiedName(right);
  }

  /**
   * The fully qualified name a name or attribute chain refers to (`t.load` → `torch.load` after
   * `import torch as t`), or undefined when its root is not an import or is shadowed at that point.
   */
  qualifiedName(node: Node | null): string | undefined {
    if (!node) return undefined;
    if (node.type === 'identifier') return this.resolveName(node.text, node);
    if (node.type === 'attribute') {
      const object = this.qualifiedName(node.childForFieldName('object'));
      const attribute = node.childForFieldName('attribute');
      return object && attribute ? `${object}.${attribute.text}` : undefined;
    }
    return undefined;
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
  /** Names bound locally in each function (parameters, assignments, loops, imports), by function node id. */
  private readonly localNames = new Map<number, Set<string>>();

  /** Whether `name` is a parameter of, or assigned inside, a function enclosing `at` (a local shadows an import). */
  private isLocallyBound(name: string, at: Node): boolean {
    for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
      let names = this.localNames.get(fn.id);
      if (!names) this.localNames.set(fn.id, (names = localNamesOf(fn)));
      if (names.has(name)) return true;
    }
    return false;
  }

  private resolveName(name: string, at: Node): string | undefined {
    if (this.isLocallyBound(name, at)) return undefined;
    const list = this.bindings.get(name);
    if (!list) return undefined;
    // At module level the binding in force is the last one before the use. Function bodies run after
    // the module has loaded, so they see the module's last binding of the name.
    const inFunction = enclosingFunction(at) !== undefined;
    let binding: { start: number; target: string | undefined } | undefined;
    for (const candidate of list) {
      if (inFunction || candidate.start <= at.startIndex) binding = candidate;
    }
    return binding?.target;
  }

  /** Whether the module imports `module` (as `import module` or any `from module import`). */
  importsModule(module: string): boolean {
    return this.importStatements.some((statement) => {
      if (statement.type === 'import_statement') {
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

/** The names a function binds itself: its parameters, and names assigned, looped over or imported in its own body. */
function localNamesOf(fn: Node): Set<string> {
  const names = new Set<string>();
  const parameters = fn.childForFieldName('parameters');
  if (parameters) for (const name of parameterNames(parameters)) names.add(name);
  const body = fn.childForFieldName('body');
  if (!body) return names;
  const binders = body.descendantsOfType(['assignment', 'for_statement', 'import_statement', 'import_from_statement']);
  for (const binder of binders) {
    if (!binder || enclosingFunction(binder)?.id !== fn.id) continue;
    if (binder.type === 'assignment' || binder.type === 'for_statement') {
      for (const name of assignedNames(binder.childForFieldName('left'))) names.add(name);
      continue;
    }
    for (const n of binder.childrenForFieldName('name')) {
      const name = n?.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n?.text.split('.')[0];
      if (name) names.add(name);
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
