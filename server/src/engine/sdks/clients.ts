import type { SyntaxNode as Node } from '../syntax/node';
import { stringValue, type JavaScriptSemantics } from '../semantic/javascript';
import { keywordArgument, positionalArguments, pythonStringValue, type PythonSemantics } from '../semantic/python';
import { nameOccurrences } from '../name-mentions';
import { sdkCatalog, type SdkCall, type SdkCatalog, type SdkLanguage } from './catalog';

/**
 * Client provenance: which names of a file hold a client of a model SDK (`co = cohere.Client()`,
 * `const groq = new Groq()`, `self.client = OpenAI()` in a class), whatever they are called. A call on such a
 * name is qualified as `<client kind>.<method path>` (`cohere.Client.chat`), which is how the taint spec,
 * route discovery and the endpoint rules recognise a model call.
 *
 * Bindings are per file, not per scope: a name bound to clients of two different kinds is dropped. One walk
 * over the file's assignments, only when the file imports one of the table's modules.
 */
export class SdkClients {
  private readonly bindings = new Map<string, string>();
  private readonly conflicting = new Set<string>();

  constructor(
    private readonly catalog: SdkCatalog,
    private readonly syntax: LanguageSyntax,
    root: Node,
    sdkNames: readonly string[],
  ) {
    if (sdkNames.length === 0) return;
    // Only assignments whose text names an SDK import (then, in a second and third pass, a client bound by the
    // previous one: `chat = model.start_chat()`) can bind a client: they are found from the text, not by a walk.
    const text = root.text;
    const visited = new Set<number>();
    let words: string[] = [...sdkNames];
    for (let pass = 0; pass < 3 && words.length > 0; pass++) {
      const found: Node[] = [];
      for (const offset of nameOccurrences(text, words)) {
        const assignment = syntax.enclosingAssignment(deepestAt(root, offset));
        if (assignment && !visited.has(assignment.id)) visited.add(assignment.id), found.push(assignment);
      }
      found.sort((a, b) => a.startIndex - b.startIndex);
      const before = new Set(this.bindings.keys());
      for (const node of found) this.bind(node);
      words = [...this.bindings.keys()].filter((key) => !before.has(key));
    }
  }

  private bind(node: Node): void {
    const target = this.syntax.assignmentTarget(node);
    const value = this.syntax.assignmentValue(node);
    if (!target || !value) return;
    const key = this.syntax.path(target);
    const kind = key ? this.kindOf(value) : undefined;
    if (!key || !kind || this.conflicting.has(key)) return;
    const known = this.bindings.get(key);
    if (known && known !== kind) {
      this.bindings.delete(key);
      this.conflicting.add(key);
    } else this.bindings.set(key, kind);
  }

  /** Names (and the attribute of `self.x`/`this.x`) that hold a client: words a function that uses one contains. */
  names(): string[] {
    return [...this.bindings.keys()].map((key) => key.slice(key.lastIndexOf('.') + 1));
  }

  get empty(): boolean {
    return this.bindings.size === 0;
  }

  /** The client kind an expression evaluates to: a bound name, a factory call, a method returning a client, `prompt | llm`. */
  kindOf(node: Node | null | undefined): string | undefined {
    if (!node) return undefined;
    const inner = this.syntax.unwrap(node);
    if (inner !== node) return this.kindOf(inner);
    const path = this.syntax.path(node);
    if (path !== undefined) return this.bindings.get(path);
    if (this.syntax.isCall(node)) {
      // Resolving a callee's name is the costly part: only callees rooted in an SDK import, a client or a call can make a client.
      const root = this.syntax.calleeRoot(node);
      if (root !== undefined && !this.syntax.isSdkName(root) && !this.bindings.has(root) && root !== 'self' && root !== 'this') return undefined;
      const name = root !== undefined && this.syntax.isSdkName(root) ? this.syntax.calleeName(node) : undefined;
      const made = name ? this.catalog.factory(name, () => this.syntax.firstString(node)) : undefined;
      if (made) return made.client.kind;
      const method = this.syntax.methodName(node);
      // `prompt.pipe(model)` (LangChain JS)
      if (method === 'pipe') return this.pipedKind(this.syntax.arguments(node));
      // Only a method that returns a client (`start_chat`, `compile`, `chats.create`) is worth tracing to its receiver.
      if (!method || !this.catalog.returningMethodNames.has(method)) return undefined;
      const callee = this.syntax.callee(node);
      const call = callee ? this.callAt(callee) : undefined;
      if (call?.call.returns && this.catalog.client(call.call.returns)) return call.call.returns;
      return undefined;
    }
    const operands = this.syntax.pipeOperands(node);
    return operands ? this.pipedKind(operands) : undefined;
  }

  private pipedKind(operands: readonly Node[]): string | undefined {
    for (const operand of operands) {
      const kind = this.kindOf(operand);
      if (kind && this.catalog.client(kind)?.client.pipes) return kind;
    }
    return undefined;
  }

  /**
   * The client-qualified name of a callee (`co.chat` → `cohere.Client.chat`, `self.client.messages.create` →
   * `anthropic.Anthropic.messages.create`, `generator` → `transformers.TextPipeline`), or undefined.
   */
  qualify(callee: Node | null): string | undefined {
    if (!callee || (this.bindings.size === 0 && !this.syntax.hasCallRoot(callee))) return undefined;
    // The evaluators ask for a call and again for its callee read: answer each node once.
    if (this.qualified.has(callee.id)) return this.qualified.get(callee.id);
    const name = this.qualifyUncached(callee);
    this.qualified.set(callee.id, name);
    return name;
  }

  private readonly qualified = new Map<number, string | undefined>();

  private qualifyUncached(callee: Node): string | undefined {
    const names: string[] = [];
    let node: Node | null = this.syntax.unwrap(callee);
    while (node) {
      const kind = this.kindOf(node);
      if (kind) return names.length ? `${kind}.${names.join('.')}` : kind;
      const member = this.syntax.member(node);
      if (!member) return undefined;
      names.unshift(member.name);
      node = member.object ? this.syntax.unwrap(member.object) : null;
    }
    return undefined;
  }

  /** The table's entry for a call on a client of known provenance. */
  callAt(callee: Node): SdkCall | undefined {
    const qualified = this.qualify(callee);
    return qualified ? this.catalog.resolve(qualified) : undefined;
  }
}

/** What provenance needs to know of a language's syntax. */
interface LanguageSyntax {
  /** The assignment whose value contains this node (a few levels up, within one statement), if any. */
  enclosingAssignment(node: Node): Node | undefined;
  assignmentTarget(node: Node): Node | null;
  assignmentValue(node: Node): Node | null;
  /** `name`, `self.name`/`this.name`; undefined for other expressions. */
  path(node: Node): string | undefined;
  unwrap(node: Node): Node;
  isCall(node: Node): boolean;
  callee(call: Node): Node | null;
  calleeName(call: Node): string | undefined;
  methodName(call: Node): string | undefined;
  arguments(call: Node): Node[];
  firstString(call: Node): string | undefined;
  member(node: Node): { object: Node | null; name: string } | undefined;
  pipeOperands(node: Node): Node[] | undefined;
  /** The root name of a call's callee (`boto3` in `boto3.client(...)`), undefined when it is not a name (a call, a subscript). */
  calleeRoot(call: Node): string | undefined;
  /** Whether a root name is bound by an import of one of the table's modules. */
  isSdkName(name: string): boolean;
  /** The callee chain starts at a call (`genai.Client().models...`), which can make a client without a binding. */
  hasCallRoot(node: Node): boolean;
}

/**
 * Python's syntax for the provenance. A module-level class rather than an object of closures made per file:
 * V8 optimizes a function per closure it was made as, and closures made afresh for every file were optimized
 * again for file after file (`hasCallRoot` nine times in one worker's scan of the real-world corpus).
 */
class PythonSyntax implements LanguageSyntax {
  constructor(private readonly sdkNames: ReadonlyMap<string, string>) {}
  enclosingAssignment(node: Node): Node | undefined {
    return enclosing(node, PY_ASSIGNMENTS, PY_BOUNDARIES);
  }
  calleeRoot(call: Node): string | undefined {
    const root = this.chainRoot(call.childForFieldName('function'));
    return root?.type === 'identifier' ? root.text : undefined;
  }
  isSdkName(name: string): boolean {
    return this.sdkNames.has(name);
  }
  assignmentTarget(node: Node): Node | null {
    return node.childForFieldName('left');
  }
  assignmentValue(node: Node): Node | null {
    return node.childForFieldName('right');
  }
  path(node: Node): string | undefined {
    if (node.type === 'identifier') return node.text;
    if (node.type !== 'attribute') return undefined;
    // The type first: the text of a long object expression is a slice of the file.
    const object = node.childForFieldName('object');
    return object?.type === 'identifier' && object.text === 'self' ? `self.${node.childForFieldName('attribute')?.text}` : undefined;
  }
  unwrap(node: Node): Node {
    return node.type === 'await' || node.type === 'parenthesized_expression' ? (node.namedChildren[0] ?? node) : node;
  }
  isCall(node: Node): boolean {
    return node.type === 'call';
  }
  callee(call: Node): Node | null {
    return call.childForFieldName('function');
  }
  /**
   * The import's target and the attribute path after it; bindings are per file, like the rest of provenance
   * (the semantic model's scope-aware resolution scans every enclosing function, too slow for every assignment).
   */
  calleeName(call: Node): string | undefined {
    const parts: string[] = [];
    let current = call.childForFieldName('function');
    while (current?.type === 'attribute') {
      parts.unshift(current.childForFieldName('attribute')?.text ?? '?');
      current = current.childForFieldName('object');
    }
    const target = current?.type === 'identifier' ? this.sdkNames.get(current.text) : undefined;
    return target ? [target, ...parts].join('.') : undefined;
  }
  methodName(call: Node): string | undefined {
    const callee = call.childForFieldName('function');
    return callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  }
  arguments(call: Node): Node[] {
    return positionalArguments(call);
  }
  firstString(call: Node): string | undefined {
    return pythonStringValue(positionalArguments(call)[0] ?? keywordArgument(call, 'task')?.childForFieldName('value') ?? keywordArgument(call, 'service_name')?.childForFieldName('value'));
  }
  member(node: Node): { object: Node | null; name: string } | undefined {
    if (node.type !== 'attribute') return undefined;
    return { object: node.childForFieldName('object'), name: node.childForFieldName('attribute')?.text ?? '?' };
  }
  pipeOperands(node: Node): Node[] | undefined {
    if (node.type !== 'binary_operator' || node.childForFieldName('operator')?.text !== '|') return undefined;
    return [node.childForFieldName('left'), node.childForFieldName('right')].filter((n): n is Node => !!n);
  }
  hasCallRoot(node: Node): boolean {
    return this.chainRoot(node)?.type === 'call';
  }
  /** What an attribute chain (`a.b.c`) hangs from: `a`. */
  private chainRoot(node: Node | null): Node | null {
    let current = node;
    while (current?.type === 'attribute') current = current.childForFieldName('object');
    return current;
  }
}

const PY_ASSIGNMENTS = new Set(['assignment']);
const PY_BOUNDARIES = new Set(['expression_statement', 'block', 'module', 'function_definition', 'class_definition', 'lambda']);
const JS_ASSIGNMENTS = new Set(['variable_declarator', 'assignment_expression', 'public_field_definition', 'field_definition']);
const JS_BOUNDARIES = new Set(['expression_statement', 'statement_block', 'program', 'class_body', 'arrow_function', 'function_expression', 'function_declaration', 'lexical_declaration', 'variable_declaration']);

function enclosing(node: Node, assignments: ReadonlySet<string>, boundaries: ReadonlySet<string>): Node | undefined {
  for (let current: Node | null = node; current; current = current.parent) {
    if (assignments.has(current.type)) return current;
    if (boundaries.has(current.type)) return undefined;
  }
  return undefined;
}

/** The deepest named node that contains a text offset. */
function deepestAt(root: Node, offset: number): Node {
  let node = root;
  for (;;) {
    // Children are in order: a binary search keeps a module with thousands of statements cheap.
    const children = node.namedChildren;
    let low = 0;
    let high = children.length - 1;
    let child: Node | null = null;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = children[middle];
      if (!candidate) break;
      if (offset < candidate.startIndex) high = middle - 1;
      else if (offset >= candidate.endIndex) low = middle + 1;
      else {
        child = candidate;
        break;
      }
    }
    if (!child) return node;
    node = child;
  }
}

const JS_WRAPPERS = new Set(['await_expression', 'parenthesized_expression', 'non_null_expression', 'as_expression', 'satisfies_expression']);

/** JavaScript's and TypeScript's syntax for the provenance (a class for the reason PythonSyntax is one). */
class JavaScriptSyntax implements LanguageSyntax {
  constructor(
    private readonly semantics: JavaScriptSemantics,
    private readonly catalog: SdkCatalog,
  ) {}
  enclosingAssignment(node: Node): Node | undefined {
    return enclosing(node, JS_ASSIGNMENTS, JS_BOUNDARIES);
  }
  calleeRoot(call: Node): string | undefined {
    const root = this.chainRoot(this.callee(call));
    return root?.type === 'identifier' ? root.text : undefined;
  }
  isSdkName(name: string): boolean {
    const module = this.semantics.importTarget(name)?.split('.')[0];
    return module !== undefined && isTableModule(module, this.catalog);
  }
  assignmentTarget(node: Node): Node | null {
    if (node.type === 'variable_declarator') return node.childForFieldName('name');
    if (node.type === 'assignment_expression') return node.childForFieldName('left');
    // A class field (`private client = new OpenAI()`) is `this.client` in the methods.
    return node.childForFieldName('name') ?? node.childForFieldName('property');
  }
  assignmentValue(node: Node): Node | null {
    return node.childForFieldName('value') ?? node.childForFieldName('right');
  }
  path(node: Node): string | undefined {
    if (node.type === 'identifier') return node.text;
    if (node.type === 'property_identifier' || node.type === 'private_property_identifier') return node.parent?.type === 'member_expression' ? undefined : `this.${node.text}`;
    if (node.type === 'member_expression' && node.childForFieldName('object')?.type === 'this') return `this.${node.childForFieldName('property')?.text}`;
    return undefined;
  }
  unwrap(node: Node): Node {
    return JS_WRAPPERS.has(node.type) ? (node.namedChildren[0] ?? node) : node;
  }
  isCall(node: Node): boolean {
    return node.type === 'call_expression' || node.type === 'new_expression';
  }
  callee(call: Node): Node | null {
    return call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
  }
  calleeName(call: Node): string | undefined {
    return this.semantics.calleeName(call);
  }
  methodName(call: Node): string | undefined {
    const callee = call.childForFieldName('function');
    return callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  }
  arguments(call: Node): Node[] {
    return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
  }
  firstString(call: Node): string | undefined {
    return stringValue(call.childForFieldName('arguments')?.namedChildren[0] ?? null);
  }
  member(node: Node): { object: Node | null; name: string } | undefined {
    if (node.type !== 'member_expression') return undefined;
    return { object: node.childForFieldName('object'), name: node.childForFieldName('property')?.text ?? '?' };
  }
  pipeOperands(): Node[] | undefined {
    return undefined;
  }
  hasCallRoot(node: Node): boolean {
    const root = this.chainRoot(node);
    return root?.type === 'call_expression' || root?.type === 'new_expression';
  }
  /** What a member chain (`a.b.c`, through `await`, parentheses and type assertions) hangs from: `a`. */
  private chainRoot(node: Node | null): Node | null {
    let current = node;
    while (current && (current.type === 'member_expression' || JS_WRAPPERS.has(current.type))) current = current.type === 'member_expression' ? current.childForFieldName('object') : (current.namedChildren[0] ?? null);
    return current;
  }
}

/** Local names a Python file binds by importing a table module or something from one, to what they import (`genai` → `google.genai`). */
function pythonSdkNames(semantics: PythonSemantics, catalog: SdkCatalog): Map<string, string> {
  const roots = new Set([...catalog.modules].map((m) => m.split('.')[0]));
  const names = new Map<string, string>();
  for (const statement of semantics.importStatements) {
    const from = statement.type === 'import_from_statement' ? statement.childForFieldName('module_name')?.text : undefined;
    if (from !== undefined && !roots.has(from.split('.')[0])) continue;
    for (const name of statement.childrenForFieldName('name')) {
      if (!name) continue;
      const imported = (name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text) ?? '';
      const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : from !== undefined ? imported : imported.split('.')[0];
      if (!local || (from === undefined && !roots.has(imported.split('.')[0]))) continue;
      names.set(local, from !== undefined ? `${from}.${imported}` : name.type === 'aliased_import' ? imported : local);
    }
  }
  return names;
}

function isTableModule(module: string, catalog: SdkCatalog): boolean {
  return catalog.modules.has(module) || [...catalog.modules].some((m) => module.startsWith(`${m}/`));
}

/** Local names a JavaScript file binds to a table module (`OpenAI`, `Groq`, `generateText`). */
function javascriptSdkNames(semantics: JavaScriptSemantics, catalog: SdkCatalog): string[] {
  if (![...semantics.importedModules].some((module) => isTableModule(module, catalog))) return [];
  return semantics.importedNames().filter(([, target]) => isTableModule(target.split('.')[0], catalog)).map(([name]) => name);
}

const cache = new WeakMap<object, SdkClients>();

/** The client provenance of a Python module, computed once per semantic model. */
export function pythonSdkClients(root: Node, semantics: PythonSemantics): SdkClients {
  return memo(semantics, 'python', () => {
    const catalog = sdkCatalog('python');
    const names = pythonSdkNames(semantics, catalog);
    // The first pass looks for assignments that name an import of the table; only those leading to a factory
    // can make a client (`from langgraph.graph import StateGraph, START, END`: not `START`, used everywhere).
    const words = [...names].filter(([, target]) => catalog.leadsToFactory(target)).map(([local]) => local);
    return new SdkClients(catalog, new PythonSyntax(names), root, words);
  });
}

/** The client provenance of a JavaScript/TypeScript module, computed once per semantic model. */
export function javascriptSdkClients(root: Node, semantics: JavaScriptSemantics): SdkClients {
  return memo(semantics, 'javascript', () => {
    const catalog = sdkCatalog('javascript');
    return new SdkClients(catalog, new JavaScriptSyntax(semantics, catalog), root, javascriptSdkNames(semantics, catalog));
  });
}

function memo(semantics: object, _language: SdkLanguage, make: () => SdkClients): SdkClients {
  let clients = cache.get(semantics);
  if (!clients) cache.set(semantics, (clients = make()));
  return clients;
}
