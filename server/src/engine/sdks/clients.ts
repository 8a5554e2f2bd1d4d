import type { SyntaxNode as Node } from '../syntax/node';
import { stringValue, type JavaScriptSemantics } from '../semantic/javascript';
import { keywordArgument, positionalArguments, pythonStringValue, type PythonSemantics } from '../semantic/python';
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
    importsSdk: boolean,
  ) {
    if (!importsSdk) return;
    for (const node of root.descendantsOfType(syntax.assignmentTypes)) {
      if (!node) continue;
      const target = syntax.assignmentTarget(node);
      const value = syntax.assignmentValue(node);
      if (!target || !value) continue;
      const key = this.syntax.path(target);
      const kind = key ? this.kindOf(value) : undefined;
      if (!key || !kind || this.conflicting.has(key)) continue;
      const known = this.bindings.get(key);
      if (known && known !== kind) {
        this.bindings.delete(key);
        this.conflicting.add(key);
      } else this.bindings.set(key, kind);
    }
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
      const name = this.syntax.calleeName(node);
      const made = name ? this.catalog.factory(name, () => this.syntax.firstString(node)) : undefined;
      if (made) return made.client.kind;
      const callee = this.syntax.callee(node);
      const call = callee ? this.callAt(callee) : undefined;
      if (call?.call.returns && this.catalog.client(call.call.returns)) return call.call.returns;
      // `prompt.pipe(model)` (LangChain JS)
      if (this.syntax.methodName(node) === 'pipe') return this.pipedKind(this.syntax.arguments(node));
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
  assignmentTypes: string[];
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
  /** The callee chain starts at a call (`genai.Client().models...`), which can make a client without a binding. */
  hasCallRoot(node: Node): boolean;
}

function pythonSyntax(semantics: PythonSemantics): LanguageSyntax {
  const syntax: LanguageSyntax = {
    assignmentTypes: ['assignment'],
    assignmentTarget: (node) => node.childForFieldName('left'),
    assignmentValue: (node) => node.childForFieldName('right'),
    path(node) {
      if (node.type === 'identifier') return node.text;
      if (node.type === 'attribute' && node.childForFieldName('object')?.text === 'self') return `self.${node.childForFieldName('attribute')?.text}`;
      return undefined;
    },
    unwrap: (node) => (node.type === 'await' || node.type === 'parenthesized_expression' ? (node.namedChildren[0] ?? node) : node),
    isCall: (node) => node.type === 'call',
    callee: (call) => call.childForFieldName('function'),
    calleeName: (call) => semantics.calleeName(call),
    methodName: (call) => {
      const callee = call.childForFieldName('function');
      return callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    },
    arguments: (call) => positionalArguments(call),
    firstString: (call) => pythonStringValue(positionalArguments(call)[0] ?? keywordArgument(call, 'task')?.childForFieldName('value') ?? keywordArgument(call, 'service_name')?.childForFieldName('value')),
    member(node) {
      if (node.type !== 'attribute') return undefined;
      return { object: node.childForFieldName('object'), name: node.childForFieldName('attribute')?.text ?? '?' };
    },
    pipeOperands(node) {
      if (node.type !== 'binary_operator' || node.childForFieldName('operator')?.text !== '|') return undefined;
      return [node.childForFieldName('left'), node.childForFieldName('right')].filter((n): n is Node => !!n);
    },
    hasCallRoot(node) {
      let current: Node | null = node;
      while (current?.type === 'attribute') current = current.childForFieldName('object');
      return current?.type === 'call';
    },
  };
  return syntax;
}

const JS_WRAPPERS = new Set(['await_expression', 'parenthesized_expression', 'non_null_expression', 'as_expression', 'satisfies_expression']);

function javascriptSyntax(semantics: JavaScriptSemantics): LanguageSyntax {
  return {
    assignmentTypes: ['variable_declarator', 'assignment_expression', 'public_field_definition', 'field_definition'],
    assignmentTarget(node) {
      if (node.type === 'variable_declarator') return node.childForFieldName('name');
      if (node.type === 'assignment_expression') return node.childForFieldName('left');
      // A class field (`private client = new OpenAI()`) is `this.client` in the methods.
      return node.childForFieldName('name') ?? node.childForFieldName('property');
    },
    assignmentValue: (node) => node.childForFieldName('value') ?? node.childForFieldName('right'),
    path(node) {
      if (node.type === 'identifier') return node.text;
      if (node.type === 'property_identifier' || node.type === 'private_property_identifier') return node.parent?.type === 'member_expression' ? undefined : `this.${node.text}`;
      if (node.type === 'member_expression' && node.childForFieldName('object')?.type === 'this') return `this.${node.childForFieldName('property')?.text}`;
      return undefined;
    },
    unwrap: (node) => (JS_WRAPPERS.has(node.type) ? (node.namedChildren[0] ?? node) : node),
    isCall: (node) => node.type === 'call_expression' || node.type === 'new_expression',
    callee: (call) => call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function'),
    calleeName: (call) => semantics.calleeName(call),
    methodName(call) {
      const callee = call.childForFieldName('function');
      return callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
    },
    arguments: (call) => (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment'),
    firstString: (call) => stringValue(call.childForFieldName('arguments')?.namedChildren[0] ?? null),
    member(node) {
      if (node.type !== 'member_expression') return undefined;
      return { object: node.childForFieldName('object'), name: node.childForFieldName('property')?.text ?? '?' };
    },
    pipeOperands: () => undefined,
    hasCallRoot(node) {
      let current: Node | null = node;
      while (current && (current.type === 'member_expression' || JS_WRAPPERS.has(current.type))) current = current.type === 'member_expression' ? current.childForFieldName('object') : (current.namedChildren[0] ?? null);
      return current?.type === 'call_expression' || current?.type === 'new_expression';
    },
  };
}

/** Whether a Python file imports any module of the table (`import openai`, `from google import genai`). */
function pythonImportsSdk(semantics: PythonSemantics, catalog: SdkCatalog): boolean {
  const roots = new Set([...catalog.modules].map((m) => m.split('.')[0]));
  return semantics.importStatements.some((statement) => {
    const module = statement.type === 'import_from_statement' ? statement.childForFieldName('module_name')?.text : undefined;
    const names = module ? [module] : statement.childrenForFieldName('name').map((n) => (n?.type === 'aliased_import' ? n.childForFieldName('name')?.text : n?.text) ?? '');
    return names.some((name) => roots.has(name.split('.')[0]));
  });
}

function javascriptImportsSdk(semantics: JavaScriptSemantics, catalog: SdkCatalog): boolean {
  for (const module of semantics.importedModules) if (catalog.modules.has(module) || [...catalog.modules].some((m) => module.startsWith(`${m}/`))) return true;
  return false;
}

const cache = new WeakMap<object, SdkClients>();

/** The client provenance of a Python module, computed once per semantic model. */
export function pythonSdkClients(root: Node, semantics: PythonSemantics): SdkClients {
  return memo(semantics, 'python', () => {
    const catalog = sdkCatalog('python');
    return new SdkClients(catalog, pythonSyntax(semantics), root, pythonImportsSdk(semantics, catalog));
  });
}

/** The client provenance of a JavaScript/TypeScript module, computed once per semantic model. */
export function javascriptSdkClients(root: Node, semantics: JavaScriptSemantics): SdkClients {
  return memo(semantics, 'javascript', () => {
    const catalog = sdkCatalog('javascript');
    return new SdkClients(catalog, javascriptSyntax(semantics), root, javascriptImportsSdk(semantics, catalog));
  });
}

function memo(semantics: object, _language: SdkLanguage, make: () => SdkClients): SdkClients {
  let clients = cache.get(semantics);
  if (!clients) cache.set(semantics, (clients = make()));
  return clients;
}
