import type { SyntaxNode as Node } from '../syntax/node';
import { pythonModelObjects } from '../web/model-calls';
import { credentialLiteralNames, isHardcodedCredential } from '../secrets/detect';
import { mentionsAnyName } from '../name-mentions';
import { pythonSdkClients, type SdkClients } from '../sdks/clients';
import { keywordArgument, positionalArguments, pythonStringValue, type PythonSemantics } from '../semantic/python';
import { FlowCollector } from './collector';
import { Env, type Value } from './env';
import { Evaluator } from './evaluator';
import { callResultTaint, carriesConsumed, PYTHON_VALUE_PRESERVING } from './labels';
import { type CalleeInfo, SpecIndex } from './matcher';
import {
  CONTAINER_MUTATORS,
  DJANGO_MODULES,
  INERT_PYTHON_TYPES,
  MESSAGE_ROLE_SINKS,
  PYTHON_REQUEST,
  PYTHON_TOOL_DECORATORS,
  RAW_PYTHON_TYPES,
  ROUTE_METHODS,
  SLACK_BOLT_MODULES,
  TOOL_CALL_MEMBERS,
} from './objects';
import { NAMED_SANITIZER, NAMED_TRUNCATOR, NAMED_VALIDATOR, SECRET_NAME, type SinkSpec } from './spec';
import { type HandlerRegistration, registers, registrationHint, registrationsFor } from './handlers';
import { applySummary, parameterTaint, Summaries, summariseBody, sourceReachingNames, type Summary } from './summaries';
import type { Taint } from './types';
import { builtAt, callArguments, clearFor, mergeTaints, sourceTaint, withStep } from './value';

/** Module-wide facts gathered in one walk before any function is analysed. */
interface ModuleFacts {
  helpers: Map<string, Node>;
  /** Methods of the module's classes, by name (a name may repeat). */
  methods: [string, Node][];
  /** Pydantic-style classes defined here, and which of their fields carry a length limit. */
  models: Map<string, ModelFacts>;
  moduleNames: Set<string>;
  /** Functions registered as handlers by a call (`gr.Interface(fn=f)`, `MessageHandler(filters.TEXT, f)`), by name. */
  registered: Map<string, HandlerRegistration>;
  /** The handler registrations of the frameworks this file imports (handlers.ts), and the text their calls need. */
  registrations: HandlerRegistration[];
  registrationHint: RegExp | undefined;
  /** Module variables bound to a model (`summarizer = pipeline(...)`): calling one is inference whatever its name. */
  modelObjects: Set<string>;
  importsDjango: boolean;
  importsSlackBolt: boolean;
  /** Local names bound by imports, to what they import (`np` → `numpy`, `load` → `torch.load`). */
  imports: Map<string, string>;
}

interface ModelFacts {
  /** Every field is limited (or the class limits lengths in a way the field scan does not see). */
  bounded: boolean;
  /** Annotated fields, and whether each is limited: `Field(max_length=...)`, `constr(max_length=...)`, a number, a `Literal`. */
  fields: Map<string, boolean>;
}

/** Field types that hold text or collections of any size unless a limit says otherwise. */
const UNBOUNDED_FIELD_TYPE = /\b(str|bytes|list|List|dict|Dict|Any|Sequence|Json|SecretStr|set|Set|tuple|Tuple)\b/;
const FIELD_LIMIT = /max_length|constr\([^)]*max|conlist\([^)]*max|max_items|\bLiteral\[/;

/** The fields of a Pydantic-style class body, each with whether its length is limited. */
function modelFields(body: Node | null, inherited: ModelFacts | undefined): Map<string, boolean> {
  const fields = new Map(inherited?.fields ?? []);
  for (const statement of body?.namedChildren ?? []) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const type = assignment.childForFieldName('type');
    if (left?.type !== 'identifier' || !type) continue;
    const limited = FIELD_LIMIT.test(assignment.text) || !UNBOUNDED_FIELD_TYPE.test(type.text);
    fields.set(left.text, limited);
  }
  return fields;
}

/** A module constant by convention (`TOPICS`, `PERSONAS`): lookups in it return its own values. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
const NESTED_DEF = /\n[ \t]*(async[ \t]+)?def[ \t]/;
const IMPORTS_DJANGO = new RegExp(`\\b(${DJANGO_MODULES.join('|')})\\b`);
const IMPORTS_SLACK_BOLT = new RegExp(`\\b${SLACK_BOLT_MODULES.python}\\b`);
const TOOL_DECORATORS = new RegExp(`(^|\\.)(${PYTHON_TOOL_DECORATORS.map((d) => d.replace(/\./g, '\\.')).join('|')})$`);
/** Slack Bolt listener decorators (`@app.event("message")`, `@app.message(...)`, `@app.command("/ask")`). */
const SLACK_LISTENERS = new Set(['event', 'message', 'command', 'action', 'shortcut', 'view', 'view_submission', 'options', 'block_action', 'function']);
/** Bolt listener arguments that hold the incoming Slack payload. */
const SLACK_PAYLOADS = new Set(['event', 'message', 'body', 'payload', 'command', 'action', 'shortcut', 'view', 'options']);

/**
 * The Python half of the taint engine: one pass over each function's statements in order (module top
 * level first, then every function with its own environment), recording flows into the collector.
 */
export class PythonTaint {
  private readonly facts: ModuleFacts;
  private readonly moduleEnv = new Env();
  private readonly summaries = new Summaries();
  /** Functions met while evaluating, analysed after the code that contains them; each once (again if it turns out to be a registered handler). */
  private readonly queue: Node[] = [];
  private readonly analysed = new Set<number>();

  constructor(
    private readonly root: Node,
    private readonly semantics: PythonSemantics,
    private readonly index: SpecIndex,
    private readonly collector: FlowCollector,
  ) {
    this.facts = gatherFacts(root, semantics);
    this.sdkClients = pythonSdkClients(root, semantics);
  }

  /** Names holding model SDK clients, whatever they are called: calls on them are qualified by the client's kind. */
  readonly sdkClients: SdkClients;

  run(): void {
    new PythonEvaluator(this, this.moduleEnv, this.collector, false).block(this.root);
    // The hint names tainted module variables: one built while the top level ran would miss those assigned later.
    this.hint = null;
    // A definition met twice (a loop's second pass) is queued twice but analysed once.
    for (let i = 0; i < this.queue.length; i++) if (!this.analysed.has(this.queue[i].id)) this.analyse(this.queue[i]);
  }

  private analyse(fn: Node): void {
    this.analysed.add(fn.id);
    if (!this.mayReadSources(fn)) {
      // Nothing in here reads a source; functions nested inside still might (app factories, closures).
      if (!NESTED_DEF.test(fn.text)) return;
      for (const nested of fn.descendantsOfType('function_definition')) {
        if (nested && !this.analysed.has(nested.id)) this.analysed.add(nested.id), this.queueNested(nested);
      }
      return;
    }
    const env = new Env();
    for (const [name, value] of this.parameterValues(fn)) env.set(name, value);
    new PythonEvaluator(this, env, this.collector, false).block(fn.childForFieldName('body'));
  }

  enqueue(fn: Node): void {
    if (!this.analysed.has(fn.id)) this.queue.push(fn);
  }

  private queueNested(fn: Node): void {
    this.analysed.delete(fn.id);
    this.queue.push(fn);
  }

  /** The file's own names that lead to a source (see `mentionsSource`), found once: null until then. */
  private hint: string[] | null = null;
  /** Names bound to string literals that may be credentials, found once. */
  private credentialNames: Set<string> | undefined;
  /** Functions and methods that read a source themselves or through the functions they call (computed once). */
  private readers: string[] | undefined;

  /** How this file's code names import-qualified sources: `request` after `from flask import request`, `environ` after `import os`. */
  private importedSourceWords(): Set<string> {
    const words = new Set<string>();
    for (const [local, target] of this.facts.imports) {
      const named = this.index.sourcesUnderImport(target);
      if (named.itself) words.add(local);
      for (const word of named.members) words.add(word);
    }
    return words;
  }

  /**
   * A function can produce flows only if it is a handler (its parameters are sources) or its text names a
   * source, a helper that returns one, or a tainted module variable. Checking the text is cheap; skipping
   * the rest keeps the pass well below a parse.
   */
  private mayReadSources(fn: Node): boolean {
    if (this.handlerKind(fn)) return true;
    const text = fn.text;
    // `def main(): app.add_handler(MessageHandler(filters.TEXT, reply))` reads nothing but registers a handler.
    return this.mentionsSource(text) || (this.facts.registrationHint?.test(text) ?? false);
  }

  /** Whether text names a source, a helper that returns one, or a tainted module variable. */
  mentionsSource(text: string): boolean {
    if (this.index.sourceHint.test(text)) return true;
    if (this.hint === null) {
      const names: string[] = [...this.importedSourceWords()];
      if (!this.readers) {
        const imported = [...names];
        const readsSource = (body: string) => this.index.sourceHint.test(body) || mentionsAnyName(body, imported, 'word');
        this.readers = sourceReachingNames([...this.facts.helpers, ...this.facts.methods], readsSource, (fn) => fn.parent?.type !== 'decorated_definition');
      }
      names.push(...this.readers);
      // Hard-coded credentials (`API_KEY = "..."`) are sources too: code that binds or uses one is not skipped.
      names.push(...(this.credentialNames ??= credentialLiteralNames(this.root.text)));
      for (const name of this.moduleEnv.taintedNames()) names.push(name);
      names.push(...this.sdkClients.names());
      this.hint = names;
    }
    return mentionsAnyName(text, this.hint, 'word');
  }

  /** `gr.ChatInterface(respond)`, `CommandHandler("ask", ask)`: the handler's parameters are user input, even if it was analysed already. */
  registerHandler(name: string, registration: HandlerRegistration): void {
    if (this.facts.registered.has(name)) return;
    this.facts.registered.set(name, registration);
    const fn = this.facts.helpers.get(name);
    if (fn) this.kinds.delete(fn.id);
    if (fn && this.analysed.has(fn.id)) this.analyse(fn);
  }

  get spec(): SpecIndex {
    return this.index;
  }
  get sem(): PythonSemantics {
    return this.semantics;
  }
  get module(): ModuleFacts {
    return this.facts;
  }
  get globals(): Env {
    return this.moduleEnv;
  }

  /**
   * What a function or method defined in this file returns, in terms of its parameters (`$p0`... counted
   * from the first argument a caller passes, so a method's `self` has none) and its own sources, and which
   * parameters reach which sinks. The functions it calls are summarised too, at any depth.
   */
  summary(fn: Node, isMethod: boolean): Summary | undefined {
    return this.summaries.get(fn, () => {
      const env = new Env();
      parameterNodes(fn).forEach((p, i) => {
        if (!p.name) return;
        const index = isMethod ? i - 1 : i;
        env.set(p.name, index < 0 ? undefined : { taint: parameterTaint(index, p.node) });
      });
      const sinks = new FlowCollector(true, true);
      const evaluator = new PythonEvaluator(this, env, sinks, true);
      evaluator.block(fn.childForFieldName('body'));
      return summariseBody(evaluator.returns, sinks);
    });
  }

  private readonly classMethods = new Map<number, Map<string, Node>>();

  /** `self.helper(...)` inside a class: the method of that name defined in the same class body. */
  methodOf(call: Node, name: string): Node | undefined {
    let scope = call.parent;
    while (scope && scope.type !== 'class_definition') scope = scope.parent;
    if (!scope) return undefined;
    let methods = this.classMethods.get(scope.id);
    if (!methods) {
      methods = new Map();
      for (const child of scope.childForFieldName('body')?.namedChildren ?? []) {
        const definition = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
        const methodName = definition?.type === 'function_definition' ? definition.childForFieldName('name')?.text : undefined;
        if (definition && methodName) methods.set(methodName, definition);
      }
      this.classMethods.set(scope.id, methods);
    }
    return methods.get(name);
  }

  /** Web handler parameters are sources; how much depends on the framework and on the annotations. */
  private parameterValues(fn: Node): Map<string, Value> {
    const values = new Map<string, Value>();
    const kind = this.handlerKind(fn);
    const parameters = parameterNodes(fn);
    // Every parameter is a local: it shadows imports and module variables of the same name.
    for (const parameter of parameters) if (parameter.name) values.set(parameter.name, {});
    if (!kind) return values;
    for (const parameter of parameters) {
      const { name, annotation, defaultValue, node } = parameter;
      if (!name || name === 'self' || name === 'cls') continue;
      if (kind === 'tool') {
        values.set(name, { taint: sourceTaint('tool-args', node, `tool argument \`${name}\` chosen by the model`) });
        continue;
      }
      if (kind === 'slack') {
        // Bolt passes arguments by name: the payloads carry what a Slack user typed; `say`, `ack`, `client` are Bolt's.
        if (SLACK_PAYLOADS.has(name)) values.set(name, { taint: sourceTaint('request', node, `request parameter \`${name}\` of a Slack Bolt listener`) });
        continue;
      }
      if (kind === 'registered') {
        const registration = this.registrations.get(fn.id);
        const position = parameters.indexOf(parameter) - (parameters[0]?.name === 'self' || parameters[0]?.name === 'cls' ? 1 : 0);
        if (registration && position >= registration.from) values.set(name, { taint: sourceTaint('request', node, `${registration.label} \`${name}\``) });
        continue;
      }
      const typeText = annotation?.text ?? '';
      if (/\b(Request|WebSocket|HttpRequest|HTTPConnection)\b/.test(typeText) || (!annotation && /^(request|req|websocket|ws)$/.test(name))) {
        values.set(name, { object: PYTHON_REQUEST });
        continue;
      }
      if (kind === 'django') continue;
      const defaultText = defaultValue?.text ?? '';
      if (/\bDepends\(/.test(defaultText) || /\bDepends\(/.test(typeText) || INERT_PYTHON_TYPES.has(typeText)) continue;
      const constrained = /max_length|constr\(|conlist\(|max_items|Field\(|\bLiteral\[|Enum\b/.test(`${typeText} ${defaultText}`);
      const bounded = /max_length|constr\(.*max|max_items|\bLiteral\[/.test(`${typeText} ${defaultText}`);
      const model = this.facts.models.get(typeText);
      const message = `request parameter \`${name}\``;
      if (!annotation || RAW_PYTHON_TYPES.test(typeText) || /^Annotated\[\s*str\b/.test(typeText)) {
        values.set(name, { taint: sourceTaint('request', node, message, { validated: constrained, bounded }) });
      } else if (model || /^[A-Z]/.test(typeText)) {
        const validatedMessage = `${message} (validated by ${typeText})`;
        values.set(name, { taint: sourceTaint('request', node, validatedMessage, { validated: true, bounded: model?.bounded ?? false }) });
        // `body.question` is as limited as its own field, whatever the other fields say.
        for (const [field, limited] of model?.fields ?? []) {
          values.set(`${name}.${field}`, { taint: sourceTaint('request', node, validatedMessage, { validated: true, bounded: limited }) });
        }
      } else {
        values.set(name, { taint: sourceTaint('request', node, message, { validated: true, bounded }) });
      }
    }
    return values;
  }

  /** Which registration made a function a handler (its kind is `registered`). */
  private readonly registrations = new Map<number, HandlerRegistration>();
  private readonly kinds = new Map<number, 'route' | 'tool' | 'registered' | 'django' | 'slack' | undefined>();

  private handlerKind(fn: Node): 'route' | 'tool' | 'registered' | 'django' | 'slack' | undefined {
    if (!this.kinds.has(fn.id)) this.kinds.set(fn.id, this.computeHandlerKind(fn));
    return this.kinds.get(fn.id);
  }

  private computeHandlerKind(fn: Node): 'route' | 'tool' | 'registered' | 'django' | 'slack' | undefined {
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    for (const decorator of decorated?.namedChildren ?? []) {
      if (decorator?.type !== 'decorator') continue;
      const expression = decorator.namedChildren[0];
      const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
      if (!callee) continue;
      const qualified = this.semantics.qualifiedName(callee) ?? callee.text;
      const method = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
      const registration = this.facts.registrations.find(
        (r) => r.by === 'decorator' && registers(r, qualified, method) && (!r.functionName || r.functionName.test(fn.childForFieldName('name')?.text ?? '')),
      );
      if (registration) {
        this.registrations.set(fn.id, registration);
        return 'registered';
      }
      if (TOOL_DECORATORS.test(qualified)) return 'tool';
      if (callee.type === 'attribute' && ROUTE_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return 'route';
      if (this.facts.importsSlackBolt && callee.type === 'attribute' && SLACK_LISTENERS.has(callee.childForFieldName('attribute')?.text ?? '')) return 'slack';
    }
    const name = fn.childForFieldName('name')?.text ?? '';
    const registration = this.facts.registered.get(name);
    if (registration) {
      this.registrations.set(fn.id, registration);
      return 'registered';
    }
    if (this.facts.importsDjango && parameterNodes(fn).some((p) => p.name === 'request')) return 'django';
    return undefined;
  }
}

interface Parameter {
  name: string | undefined;
  node: Node;
  annotation: Node | null;
  defaultValue: Node | null;
}

function parameterNodes(fn: Node): Parameter[] {
  const parameters = fn.childForFieldName('parameters');
  const list: Parameter[] = [];
  for (const p of parameters?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'identifier') list.push({ name: p.text, node: p, annotation: null, defaultValue: null });
    else if (p.type === 'typed_parameter') {
      const id = p.namedChildren.find((c) => c?.type === 'identifier') ?? null;
      list.push({ name: id?.text, node: p, annotation: p.childForFieldName('type'), defaultValue: null });
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      list.push({ name: p.childForFieldName('name')?.text, node: p, annotation: p.childForFieldName('type'), defaultValue: p.childForFieldName('value') });
    }
  }
  return list;
}

function gatherFacts(root: Node, semantics: PythonSemantics): ModuleFacts {
  const facts: ModuleFacts = {
    helpers: new Map(),
    methods: [],
    models: new Map(),
    moduleNames: new Set(),
    registered: new Map(),
    registrations: [],
    registrationHint: undefined,
    modelObjects: pythonModelObjects(root, semantics),
    importsDjango: semantics.importStatements.some((s) => IMPORTS_DJANGO.test(s.text)),
    importsSlackBolt: semantics.importStatements.some((s) => IMPORTS_SLACK_BOLT.test(s.text)),
    imports: importMap(semantics),
  };
  // Import statements name few modules: test the module's name against their text before any pattern.
  const importText = semantics.importStatements.map((s) => s.text).join('\n');
  facts.registrations = registrationsFor('python', (module) => importText.includes(module) && new RegExp(`\\b${module.replace(/\./g, '\\.')}\\b`).test(importText));
  const aliases = (module: string) => [...facts.imports].filter(([, target]) => target === module).map(([local]) => local);
  facts.registrationHint = registrationHint(facts.registrations, aliases);
  for (const statement of root.namedChildren) {
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (!definition) continue;
    const name = definition.childForFieldName('name')?.text;
    if (definition.type === 'function_definition' && name) facts.helpers.set(name, definition);
    if ((definition.type === 'function_definition' || definition.type === 'class_definition') && name) facts.moduleNames.add(name);
    if (definition.type === 'class_definition') {
      for (const child of definition.childForFieldName('body')?.namedChildren ?? []) {
        const method = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
        const methodName = method?.type === 'function_definition' ? method.childForFieldName('name')?.text : undefined;
        if (method && methodName) facts.methods.push([methodName, method]);
      }
    }
    if (definition.type === 'class_definition' && name) {
      const bases = definition.childForFieldName('superclasses')?.text ?? '';
      const base = [...facts.models.keys()].find((m) => mentionsAnyName(bases, [m], 'word'));
      if (/BaseModel|Schema|TypedDict|\b(\w+Request|\w+Input|\w+Body)\b/.test(bases) || base) {
        const fields = modelFields(definition.childForFieldName('body'), base ? facts.models.get(base) : undefined);
        // Without annotated fields (marshmallow, validators) a limit anywhere in the class is the best guess.
        const bounded = fields.size > 0 ? [...fields.values()].every(Boolean) : FIELD_LIMIT.test(definition.text);
        facts.models.set(name, { bounded, fields });
      }
    }
    if (definition.type === 'expression_statement') {
      const assignment = definition.namedChildren[0];
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
      if (left?.type === 'identifier') facts.moduleNames.add(left.text);
    }
  }
  return facts;
}

/**
 * The module's imports as a map, resolved once. The evaluator resolves names itself because it knows the
 * locals at each point (flow-sensitively), which spares the semantic model's per-use scope search.
 */
function importMap(semantics: PythonSemantics): Map<string, string> {
  const map = new Map<string, string>();
  for (const statement of semantics.importStatements) {
    // Imports inside functions and classes bind only there (`scopedImport`).
    if (!semantics.isModuleLevel(statement)) continue;
    const from = statement.type === 'import_from_statement' ? statement.childForFieldName('module_name')?.text : undefined;
    for (const name of statement.childrenForFieldName('name')) {
      if (!name) continue;
      const original = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
      const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : from ? name.text : name.text.split('.')[0];
      if (!original || !local) continue;
      map.set(local, from ? `${from}.${original}` : name.type === 'aliased_import' ? original : local);
    }
  }
  return map;
}

/** The handler a registering call passes: `gr.Interface(fn=f)`, `btn.click(f, ...)`, `CommandHandler("ask", ask)`. */
function registeredHandler(call: Node, registration: HandlerRegistration): string | undefined {
  const keyword = registration.keyword ? keywordArgument(call, registration.keyword)?.childForFieldName('value') : undefined;
  const positional = positionalArguments(call);
  const fn = keyword ?? (registration.position === 'last' ? positional[positional.length - 1] : positional[registration.position ?? 0]);
  return fn?.type === 'identifier' ? fn.text : undefined;
}

/** The variable an expression derives from: `cmd` in `shlex.split(cmd)[0]`, `url` in `urlparse(url).hostname`. */
function checkedVariable(node: Node | null, depth = 0): string | undefined {
  if (!node || depth > 6) return undefined;
  const path = pathOf(node);
  if (path) return path;
  switch (node.type) {
    case 'subscript':
      return checkedVariable(node.childForFieldName('value'), depth + 1);
    case 'attribute':
      return checkedVariable(node.childForFieldName('object'), depth + 1);
    case 'call': {
      // The argument first (`shlex.split(cmd)`), then the receiver (`cmd.split()`).
      const argument = checkedVariable(positionalArguments(node)[0] ?? null, depth + 1);
      const callee = node.childForFieldName('function');
      return argument ?? (callee?.type === 'attribute' ? checkedVariable(callee.childForFieldName('object'), depth + 1) : undefined);
    }
    default:
      return undefined;
  }
}

const CONFIRMATION = /\binput\s*\(|confirm|approv|ask_user|human/i;

function assignedNamesOf(target: Node | null): string[] {
  if (!target) return [];
  if (target.type === 'identifier') return [target.text];
  if (target.type === 'attribute') {
    const path = pathOf(target);
    return path ? [path] : [];
  }
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'parenthesized_expression', 'list_splat_pattern'].includes(target.type)) {
    return target.namedChildren.flatMap((c) => assignedNamesOf(c));
  }
  return [];
}

/** Access path of a name or attribute chain (`self.client`, `body.prompt`), or undefined. */
function pathOf(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = pathOf(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute')?.text;
    return object && attribute ? `${object}.${attribute}` : undefined;
  }
  return undefined;
}

function textPath(node: Node | null): string {
  if (!node) return '?';
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return `${textPath(node.childForFieldName('object'))}.${node.childForFieldName('attribute')?.text ?? '?'}`;
  return '?';
}

function lastName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  if (node.type === 'call') return lastName(node.childForFieldName('function'));
  return undefined;
}

const EXITS = new Set(['return_statement', 'raise_statement', 'continue_statement', 'break_statement']);

function exits(block: Node | null): boolean {
  const last = block?.namedChildren[block.namedChildren.length - 1];
  if (!last) return false;
  if (EXITS.has(last.type)) return true;
  // abort(400), sys.exit(), st.stop() end the request as surely as `raise`.
  return last.type === 'expression_statement' && /^(abort|flask\.abort|sys\.exit|exit|st\.stop|HTTPException)\b/.test(last.text);
}

type CheckEffect = 'validated' | 'bounded' | 'cleared';
interface Check {
  subject: Node;
  effect: CheckEffect;
  /** True when the condition holds for a good value (`x in ALLOWED`), false when it holds for a bad one (`x not in ALLOWED`). */
  positive: boolean;
}

/** Validation facts a condition establishes (`len(x) > 100`, `not isinstance(x, str)`, `x not in ALLOWED`). */
function conditionChecks(condition: Node | null, positive = true, out: Check[] = []): Check[] {
  if (!condition) return out;
  switch (condition.type) {
    case 'parenthesized_expression':
      return conditionChecks(condition.namedChildren[0], positive, out);
    case 'not_operator':
      return conditionChecks(condition.childForFieldName('argument'), !positive, out);
    case 'boolean_operator':
      conditionChecks(condition.childForFieldName('left'), positive, out);
      return conditionChecks(condition.childForFieldName('right'), positive, out);
    case 'comparison_operator': {
      const operands = condition.namedChildren.filter((c): c is Node => !!c);
      const operators = condition.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
      const op = operators.join(' ');
      const [left, right] = operands;
      if (!left || !right) return out;
      if (op === 'in' || op === 'not in') out.push({ subject: left, effect: 'cleared', positive: op === 'in' ? positive : !positive });
      else {
        const lengthOf = (n: Node) => (n.type === 'call' && n.childForFieldName('function')?.text === 'len' ? positionalArguments(n)[0] : undefined);
        const leftLen = lengthOf(left);
        const rightLen = lengthOf(right);
        if (leftLen && (op === '>' || op === '>=')) out.push({ subject: leftLen, effect: 'bounded', positive: !positive });
        if (leftLen && (op === '<' || op === '<=')) out.push({ subject: leftLen, effect: 'bounded', positive });
        if (rightLen && (op === '<' || op === '<=')) out.push({ subject: rightLen, effect: 'bounded', positive: !positive });
        if (rightLen && (op === '>' || op === '>=')) out.push({ subject: rightLen, effect: 'bounded', positive });
      }
      return out;
    }
    case 'call': {
      const callee = condition.childForFieldName('function');
      const name = lastName(callee) ?? '';
      const args = positionalArguments(condition);
      if (name === 'isinstance' && args[0]) out.push({ subject: args[0], effect: 'validated', positive });
      else if (/^(fullmatch|match)$/.test(name)) {
        const subject = args[args.length - 1];
        if (subject) out.push({ subject, effect: 'cleared', positive });
      } else if (NAMED_VALIDATOR.test(name) || /^is_(valid|safe|allowed)/.test(name)) {
        if (args[0]) out.push({ subject: args[0], effect: 'validated', positive });
      }
      return out;
    }
    default:
      return out;
  }
}

/** Evaluates one function body (or the module's top level) statement by statement. */
class PythonEvaluator extends Evaluator<PythonTaint> {

  block(node: Node | null): void {
    if (!node) return;
    for (const statement of node.namedChildren) if (statement) this.statement(statement);
  }

  /**
   * A simple statement that names no source and no variable holding taint can neither create nor move
   * taint (sinks in it receive clean data): skip it without walking its expressions.
   */
  private inert(node: Node): boolean {
    const text = node.text;
    // Live names first: inside a handler most statements mention one, and `includes` is cheaper than the source regex.
    for (const name of this.env.liveNames()) if (text.includes(name)) return false;
    if (this.analysis.mentionsSource(text)) return false;
    // `demo = gr.Interface(fn=classify, ...)` names no source but makes classify's parameters user input (handlers.ts).
    if (this.analysis.module.registrationHint?.test(text)) return false;
    return true;
  }

  private statement(node: Node): void {
    switch (node.type) {
      case 'expression_statement':
        if (this.inert(node)) {
          // Still a binding: `x = clean()` clears x, and the semantic shadowing must see it.
          const assignment = node.namedChildren[0];
          if (assignment?.type === 'assignment') for (const name of assignedNamesOf(assignment.childForFieldName('left'))) this.env.set(name, undefined);
          // `WANDB_API_KEY = "..."` names no source but is one.
          if (assignment?.type === 'assignment') this.hardcodedCredential(assignment.childForFieldName('left'), assignment.childForFieldName('right'));
          return;
        }
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'assignment') this.assignment(child);
          else if (child.type === 'augmented_assignment') this.augmented(child);
          else {
            this.expr(child);
            this.validatesInPlace(child);
          }
        }
        return;
      case 'return_statement':
        this.returns.push(this.taintOf(node.namedChildren[0] ?? null));
        return;
      case 'raise_statement':
        this.raise(node);
        return;
      case 'if_statement':
        this.ifStatement(node);
        return;
      case 'for_statement':
        this.loop(node, () => {
          const iterable = this.taintOf(node.childForFieldName('right'));
          this.bind(node.childForFieldName('left'), iterable ? { taint: iterable } : undefined, node.childForFieldName('left'));
          this.block(node.childForFieldName('body'));
        });
        this.block(node.childForFieldName('alternative'));
        return;
      case 'while_statement':
        this.loop(node, () => {
          this.expr(node.childForFieldName('condition'));
          this.block(node.childForFieldName('body'));
        });
        this.block(node.childForFieldName('alternative'));
        return;
      case 'with_statement':
        for (const item of node.descendantsOfType('with_item')) {
          const value = item?.childForFieldName('value');
          if (value?.type === 'as_pattern') {
            const v = this.expr(value.namedChildren[0] ?? null);
            const target = value.childForFieldName('alias')?.namedChildren[0] ?? value.namedChildren[1] ?? null;
            this.bind(target, v, target);
          } else this.expr(value ?? null);
        }
        this.block(node.childForFieldName('body'));
        return;
      case 'assert_statement':
        for (const check of conditionChecks(node.namedChildren[0] ?? null)) if (check.positive) this.applyCheck(check);
        return;
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name')?.text;
        if (name && !this.inModule()) this.env.set(name, undefined);
        if (!this.inSummary) this.enqueueDefinitions(node);
        return;
      }
      case 'decorated_definition':
        this.statement(node.childForFieldName('definition') ?? node);
        return;
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
      case 'pass_statement':
      case 'comment':
        return;
      default:
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'block') this.block(child);
          else if (/clause$/.test(child.type)) this.statement(child);
          else if (child.type.endsWith('statement')) this.statement(child);
          else this.expr(child);
        }
    }
  }

  /** `raise ValueError(f"bad key {key}")`: the constructor's arguments become the exception's message. */
  private raise(node: Node): void {
    const raised = node.namedChildren[0];
    if (raised?.type !== 'call' || this.inert(node)) return;
    const callee = raised.childForFieldName('function');
    const sinks = this.analysis.spec.statementSinks('$raise', lastName(callee));
    if (sinks.length === 0) {
      this.expr(raised);
      return;
    }
    const argumentNodes = callArguments(raised.childForFieldName('arguments'));
    const argTaints = new Map<number, Taint | undefined>();
    for (const arg of argumentNodes) argTaints.set(arg.id, this.taintOf(arg));
    for (const spec of sinks) this.checkSink(spec, raised, `raise ${textPath(callee)}`, argTaints);
  }

  /** Functions are analysed on their own, after the code around them; methods are found through class bodies. */
  private enqueueDefinitions(node: Node): void {
    if (node.type === 'function_definition') {
      this.analysis.enqueue(node);
      return;
    }
    for (const child of node.childForFieldName('body')?.namedChildren ?? []) {
      const definition = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (definition?.type === 'function_definition' || definition?.type === 'class_definition') this.enqueueDefinitions(definition);
    }
  }

  private ifStatement(node: Node): void {
    const condition = node.childForFieldName('condition');
    this.expr(condition);
    const checks = conditionChecks(condition);
    const consequence = node.childForFieldName('consequence');
    const alternatives = node.childrenForFieldName('alternative').filter((a): a is Node => !!a);
    const before = this.env;
    const branches: Env[] = [];
    // The consequence runs where the condition held: positive checks apply inside it.
    this.env = before.clone();
    for (const check of checks) if (check.positive) this.applyCheck(check);
    this.block(consequence);
    if (!exits(consequence)) branches.push(this.env);
    for (const alternative of alternatives) {
      this.env = before.clone();
      if (alternative.type === 'elif_clause') {
        this.expr(alternative.childForFieldName('condition'));
        this.block(alternative.childForFieldName('consequence'));
        if (!exits(alternative.childForFieldName('consequence'))) branches.push(this.env);
      } else {
        this.block(alternative.childForFieldName('body'));
        if (!exits(alternative.childForFieldName('body'))) branches.push(this.env);
      }
    }
    this.env = before;
    const fallsThrough = alternatives.length === 0 || alternatives.every((a) => a.type === 'elif_clause');
    if (fallsThrough) {
      const rest = before.clone();
      const swapped = this.env;
      this.env = rest;
      // Past `if bad(x): return`, x passed the check.
      if (exits(consequence)) {
        for (const check of checks) if (!check.positive) this.applyCheck(check);
        // `if input("Run? ") != "y": return`: a human approved what the model chose.
        if (condition && CONFIRMATION.test(condition.text)) this.env.clearLabel('tool-args');
      }
      this.env = swapped;
      branches.push(rest);
    }
    before.absorb(branches, (a, b) => mergeTaints([a, b]));
  }

  private applyCheck(check: Check): void {
    // `shlex.split(cmd)[0] not in ALLOWED` allowlists the command in `cmd`.
    const path = pathOf(check.subject) ?? (check.effect === 'cleared' ? checkedVariable(check.subject) : undefined);
    if (!path) return;
    const taint = this.taintOf(check.subject);
    if (!taint) return;
    let refined: Taint | undefined;
    if (check.effect === 'cleared') refined = undefined;
    else if (check.effect === 'bounded') refined = withStep({ ...taint, bounded: true, validated: true }, check.subject, `length of \`${path}\` checked`);
    else refined = withStep({ ...taint, validated: true }, check.subject, `type of \`${path}\` checked`);
    this.env.set(path, { taint: refined });
  }

  /** `validate(instance=x, schema=...)`, `validate_prompt(x)` as statements check x in place. */
  private validatesInPlace(node: Node): void {
    if (node.type !== 'call') return;
    const name = lastName(node.childForFieldName('function')) ?? '';
    if (!NAMED_VALIDATOR.test(name)) return;
    const subject = keywordArgument(node, 'instance')?.childForFieldName('value') ?? positionalArguments(node)[0];
    if (subject) this.applyCheck({ subject, effect: 'validated', positive: true });
  }

  private assignment(node: Node): void {
    const right = node.childForFieldName('right');
    const left = node.childForFieldName('left');
    if (!right) return;
    if (left && (left.type === 'pattern_list' || left.type === 'tuple_pattern') && (right.type === 'expression_list' || right.type === 'tuple')) {
      const targets = left.namedChildren;
      const values = right.namedChildren;
      if (targets.length === values.length) {
        const evaluated = values.map((v) => this.expr(v));
        targets.forEach((t, i) => this.bind(t, evaluated[i], t));
        return;
      }
    }
    this.bind(left, this.expr(right), left);
    this.bindModelFields(left, right);
    this.hardcodedCredential(left, right);
  }

  /** A credential written into the code (`API_KEY = "sk-..."`) is a secret source, like one read from the environment. */
  private hardcodedCredential(left: Node | null, right: Node | null): void {
    if (right?.type !== 'string' || (left?.type !== 'identifier' && left?.type !== 'attribute')) return;
    const name = lastName(left);
    const value = pythonStringValue(right);
    const path = pathOf(left);
    if (!name || value === undefined || !path || !isHardcodedCredential(name, value)) return;
    this.env.set(path, { taint: sourceTaint('secret', right, `hard-coded credential \`${name}\``) });
  }

  /** `q = Question(**request.json)`, `Question.model_validate(data)`: `q.question` is as limited as that field. */
  private bindModelFields(left: Node | null, right: Node): void {
    if (left?.type !== 'identifier' || right.type !== 'call') return;
    const callee = right.childForFieldName('function');
    const className = callee?.type === 'identifier' ? callee.text : callee?.type === 'attribute' ? callee.childForFieldName('object')?.text : undefined;
    const model = className ? this.analysis.module.models.get(className) : undefined;
    const taint = model ? this.env.lookup(left.text)?.taint : undefined;
    if (!model || !taint) return;
    for (const [field, limited] of model.fields) this.env.set(`${left.text}.${field}`, { taint: { ...taint, validated: true, bounded: taint.bounded || limited } });
  }

  private augmented(node: Node): void {
    const left = node.childForFieldName('left');
    const path = pathOf(left);
    const right = this.taintOf(node.childForFieldName('right'));
    if (!path || !right) return;
    const existing = this.env.lookup(path)?.taint;
    const operator = node.childForFieldName('operator')?.text;
    const combined = mergeTaints([existing, operator === '+=' ? builtAt(right, node, `appended to \`${path}\``) : right]);
    this.env.set(path, { taint: combined });
  }

  private bind(target: Node | null, value: Value | undefined, at: Node | null): void {
    if (!target) return;
    switch (target.type) {
      case 'identifier':
      case 'attribute': {
        const path = pathOf(target);
        if (!path) return;
        const taint = value?.taint && at ? withStep(value.taint, at, `assigned to \`${path}\``) : value?.taint;
        this.env.set(path, { taint, object: value?.object });
        return;
      }
      case 'subscript': {
        // `d["k"] = x`: the container now holds tainted data.
        const path = pathOf(target.childForFieldName('value'));
        if (path && value?.taint) this.env.set(path, { taint: mergeTaints([this.env.lookup(path)?.taint, value.taint]) });
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'parenthesized_expression':
      case 'list_splat_pattern':
        for (const child of target.namedChildren) this.bind(child, value, child);
        return;
      default:
        return;
    }
  }

  protected evaluate(node: Node): Value | undefined {
    switch (node.type) {
      case 'identifier':
        return this.lookup(node.text);
      case 'attribute':
        return this.attribute(node);
      case 'subscript':
        return this.subscript(node);
      case 'call':
        return this.call(node);
      case 'string': {
        // Most strings are plain literals: no arrays for them.
        let parts: (Taint | undefined)[] | undefined;
        for (const c of node.namedChildren) if (c?.type === 'interpolation') (parts ??= []).push(this.taintOf(c.namedChildren[0] ?? null));
        if (!parts) return undefined;
        const taint = mergeTaints(parts);
        return taint ? { taint: builtAt(taint, node, 'interpolated into an f-string') } : undefined;
      }
      case 'concatenated_string':
        return wrap(mergeTaints(node.namedChildren.map((c) => this.taintOf(c))));
      case 'binary_operator': {
        const taint = mergeTaints([this.taintOf(node.childForFieldName('left')), this.taintOf(node.childForFieldName('right'))]);
        const op = node.childForFieldName('operator')?.text;
        if (!taint) return undefined;
        if (op === '+') return { taint: builtAt(taint, node, 'concatenated into a string') };
        if (op === '%') return { taint: builtAt(taint, node, 'formatted into a string with %') };
        return { taint };
      }
      case 'boolean_operator':
        return wrap(mergeTaints([this.taintOf(node.childForFieldName('left')), this.taintOf(node.childForFieldName('right'))]));
      case 'conditional_expression': {
        const [body, condition, alternative] = node.namedChildren;
        this.expr(condition ?? null);
        return wrap(mergeTaints([this.taintOf(body ?? null), this.taintOf(alternative ?? null)]));
      }
      case 'not_operator':
      case 'comparison_operator':
        for (const child of node.namedChildren) this.expr(child);
        return undefined;
      case 'parenthesized_expression':
      case 'await':
      case 'keyword_argument':
      case 'list_splat':
      case 'dictionary_splat':
      case 'expression_statement':
        if (node.type === 'keyword_argument') return this.expr(node.childForFieldName('value'));
        return this.expr(node.namedChildren[node.namedChildren.length - 1] ?? null);
      case 'list':
      case 'set':
      case 'tuple':
      case 'expression_list':
        return this.sequence(node);
      case 'dictionary':
        return this.dictionary(node);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(node);
      case 'named_expression': {
        const value = this.expr(node.childForFieldName('value'));
        this.bind(node.childForFieldName('name'), value, node);
        return value;
      }
      default:
        return undefined;
    }
  }

  private attribute(node: Node): Value | undefined {
    const objectNode = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute')?.text ?? '';
    if (this.analysis.spec.mentions(attribute)) {
      const source = this.analysis.spec.source(this.calleeInfo(node));
      if (source && !source.secretName) return { taint: sourceTaint(source.label, node, sourceMessage(source.label, node.text)) };
    }
    const path = pathOf(node);
    if (path && this.env.has(path)) return this.env.lookup(path);
    const object = this.expr(objectNode);
    if (object?.object) {
      if (object.object.members.has(attribute)) {
        return { taint: sourceTaint(object.object.label, node, sourceMessage(object.object.label, node.text)) };
      }
      return undefined;
    }
    const taint = object?.taint;
    if (!taint) return undefined;
    if (TOOL_CALL_MEMBERS.has(attribute) && taint.labels.has('llm-output')) {
      return { taint: { ...taint, labels: new Set([...taint.labels, 'tool-args']) } };
    }
    return { taint };
  }

  private subscript(node: Node): Value | undefined {
    const valueNode = node.childForFieldName('value');
    const key = node.childForFieldName('subscript');
    if (valueNode?.type === 'attribute' && this.qualifiedName(valueNode) === 'os.environ') {
      return this.secretSource(node, pythonStringValue(key));
    }
    const value = this.expr(valueNode);
    this.expr(key);
    if (value?.object) return { taint: sourceTaint(value.object.label, node, sourceMessage(value.object.label, node.text)) };
    if (value?.taint && key?.type === 'slice' && limitsLength(key)) {
      return { taint: withStep({ ...value.taint, bounded: true }, node, `cut to a length by \`${node.text.length > 40 ? 'a slice' : node.text}\``) };
    }
    return value?.taint ? { taint: value.taint } : undefined;
  }

  private secretSource(node: Node, name: string | undefined): Value | undefined {
    if (!name || !SECRET_NAME.test(name)) return undefined;
    return { taint: sourceTaint('secret', node, `secret \`${name}\` read from the environment`) };
  }

  /** Import-resolved name of a name or attribute chain, unless a local or a module-level definition shadows the import. */
  private qualifiedName(node: Node | null, path = textPath(node)): string | undefined {
    const dot = path.indexOf('.');
    const root = dot < 0 ? path : path.slice(0, dot);
    if (root === '?' || path.includes('?')) return undefined;
    // An import inside the function (or one around it): `def f(): import torch; torch.load(...)`.
    const scoped = node && !this.inModule() ? this.analysis.sem.scopedImport(root, node) : undefined;
    if (scoped) return scoped + path.slice(root.length);
    if (this.env.has(root)) return undefined;
    const target = this.analysis.module.imports.get(root);
    if (!target) return undefined;
    if (!this.inModule() && this.analysis.globals.has(root)) return undefined;
    return target + path.slice(root.length);
  }

  /** Method calls no spec names (`parts.append`, `x.strip`) need no resolution, except `self.x(...)` for `$call`. */
  private calleeInfoFor(callee: Node | null): CalleeInfo {
    if (callee?.type === 'attribute') {
      const attribute = callee.childForFieldName('attribute')?.text ?? '';
      const object = callee.childForFieldName('object');
      if (!this.analysis.spec.mentions(attribute) && !(object?.type === 'identifier' && object.text === 'self')) {
        return { qualified: undefined, path: `?.${attribute}`, bare: undefined, receiver: undefined, isVariableCall: false, unmatched: true };
      }
    }
    return this.calleeInfo(callee);
  }

  private calleeInfo(callee: Node | null): CalleeInfo {
    const path = textPath(callee);
    const qualified = this.qualifiedName(callee, path);
    const isName = callee?.type === 'identifier';
    const name = callee?.text ?? '';
    const shadowed = isName && (this.env.has(name) || this.analysis.module.moduleNames.has(name) || this.analysis.globals.has(name));
    const bare = isName && !qualified && !shadowed ? name : undefined;
    let receiver: string | undefined;
    let isVariableCall = false;
    if (callee?.type === 'attribute') {
      const object = callee.childForFieldName('object');
      receiver = lastName(object);
      if (!qualified && object?.type === 'identifier' && object.text === 'self') {
        isVariableCall = true;
        receiver = callee.childForFieldName('attribute')?.text;
      }
    } else if (isName) {
      // A tokenizer or processor keeps its name: its truncation options bound what reaches the model.
      receiver = this.analysis.module.modelObjects.has(name) && !/tokeni[sz]er|processor/i.test(name) ? 'model' : name;
      // A model object: a local, a module variable, an unknown global or one imported from the project itself.
      isVariableCall = (!qualified || qualified.startsWith('.')) && !this.analysis.module.helpers.has(name);
    } else if (callee?.type === 'call') {
      // `pipeline("sentiment-analysis")(text)`
      receiver = this.qualifiedName(callee.childForFieldName('function')) === 'transformers.pipeline' ? 'pipeline' : lastName(callee);
      isVariableCall = true;
    }
    return { qualified, client: qualified ? undefined : this.analysis.sdkClients.qualify(callee), path, bare, receiver, isVariableCall };
  }

  private call(node: Node): Value | undefined {
    const callee = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    const argumentNodes = callArguments(argsNode);
    const argTaints = new Map<number, Taint | undefined>();
    for (const arg of argumentNodes) argTaints.set(arg.id, this.taintOf(arg));
    // `self.helper(x)`: a method of this class is known exactly, whatever its name suggests to the specs.
    const method_ = this.ownMethod(callee, node);
    if (method_) return wrap(this.callSummarised(method_, true, `self.${callee!.childForFieldName('attribute')!.text}`, node, argumentNodes, argTaints));
    const info = this.calleeInfoFor(callee);
    const index = this.analysis.spec;
    const calleeValue = callee?.type === 'call' ? this.expr(callee) : callee?.type === 'attribute' ? this.expr(callee) : undefined;
    const name = info.qualified ?? (info.path.startsWith('?.') ? info.path.slice(2) : info.path);
    const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text ?? '' : '';
    if (this.analysis.module.registrations.length > 0 && !this.inSummary) {
      const qualified = info.qualified ?? this.qualifiedName(callee);
      for (const registration of this.analysis.module.registrations) {
        if (registration.by !== 'call' || !registers(registration, qualified, method)) continue;
        const handler = registeredHandler(node, registration);
        if (handler) this.analysis.registerHandler(handler, registration);
      }
    }

    for (const spec of index.sinksFor(info)) this.checkSink(spec, node, name, argTaints);

    const allArgs = mergeTaints([...argTaints.values()]);
    // Sanitizers and validators.
    const sanitizer = index.sanitizer(info);
    const calledName = info.bare ?? lastName(callee) ?? '';
    const model = info.bare || callee?.type === 'identifier' ? this.analysis.module.models.get(callee?.text ?? '') : undefined;
    if (sanitizer) {
      if (!allArgs) return undefined;
      if (sanitizer.clears?.includes('*')) return undefined;
      let taint: Taint | undefined = allArgs;
      if (sanitizer.clears) taint = clearFor(taint, sanitizer.clears, node, `sanitized by \`${name}\``);
      if (taint && (sanitizer.validates || sanitizer.bounds)) {
        taint = withStep({ ...taint, validated: taint.validated || !!sanitizer.validates, bounded: taint.bounded || !!sanitizer.bounds }, node, `validated by \`${name}\``);
      }
      return wrap(taint);
    }
    // tokenizer(text, truncation=True, max_length=512): what reaches the model has a bounded size.
    if (allArgs && /tokenizer|processor/i.test(info.receiver ?? '') && (keywordArgument(node, 'truncation') || keywordArgument(node, 'max_length'))) {
      return { taint: withStep({ ...allArgs, validated: true, bounded: true }, node, 'truncated by the tokenizer') };
    }
    if (model && allArgs) {
      return { taint: withStep({ ...allArgs, validated: true, bounded: allArgs.bounded || model.bounded }, node, `validated by the model \`${callee?.text}\``) };
    }
    if (allArgs && NAMED_SANITIZER.test(calledName)) return undefined;
    if (allArgs && NAMED_VALIDATOR.test(calledName) && !this.analysis.module.helpers.has(calledName)) {
      return { taint: withStep({ ...allArgs, validated: true }, node, `validated by \`${calledName}\``) };
    }
    // truncate(text, 4000), textwrap.shorten(text, 200): a helper defined here is judged by its body instead.
    if (allArgs && NAMED_TRUNCATOR.test(calledName) && !this.analysis.module.helpers.has(calledName)) {
      return { taint: withStep({ ...allArgs, bounded: true }, node, `cut to a length by \`${calledName}\``) };
    }

    const source = index.source(info);
    if (source) {
      if (source.secretName) {
        const first = argumentNodes[0];
        return this.secretSource(node, pythonStringValue(first?.type === 'keyword_argument' ? first.childForFieldName('value') : first));
      }
      // st.text_area(..., max_chars=1000): the widget limits the length.
      const limit = keywordArgument(node, 'max_chars')?.childForFieldName('value');
      const bounded = !!limit && limit.text !== 'None';
      return { taint: sourceTaint(source.label, node, sourceMessage(source.label, name), { bounded }) };
    }

    const helper = callee?.type === 'identifier' && !info.qualified && !this.env.has(callee.text) ? this.analysis.module.helpers.get(callee.text) : undefined;
    if (helper) return wrap(this.callSummarised(helper, false, callee!.text, node, argumentNodes, argTaints));

    // Mutating a container with tainted data taints the container.
    if (CONTAINER_MUTATORS.has(method) && allArgs && callee?.type === 'attribute') {
      const path = pathOf(callee.childForFieldName('object'));
      if (path) this.env.set(path, { taint: mergeTaints([this.env.lookup(path)?.taint, withStep(allArgs, node, `added to \`${path}\``)]) });
      return undefined;
    }
    const receiver = calleeValue?.taint;
    if (method === 'format' && allArgs) return { taint: builtAt(mergeTaints([receiver, allArgs])!, node, 'formatted into a string with .format()') };
    if (method === 'join' && allArgs) return { taint: builtAt(mergeTaints([receiver, allArgs])!, node, 'joined into a string') };
    if (calleeValue?.object) return undefined;
    // `TOPICS.get(choice, "billing")` looks a key up in a constant mapping: the result is the mapping's value (or the default).
    // Only constants: `session.get(url)` fetches what the URL says.
    if (method === 'get' && !receiver && CONSTANT_NAME.test(callee?.childForFieldName('object')?.text ?? '')) return wrap(argTaints.get(argumentNodes[1]?.id ?? -1));
    // A key given to a constructor or an API call is used, not returned: the client or response is not the secret.
    if (!carriesConsumed(receiver) && !carriesConsumed(allArgs)) return wrap(mergeTaints([receiver, allArgs]));
    const shape = () => ({ qualified: info.qualified, bare: info.bare, path: info.path, method, lastName: lastName(callee) ?? '', resolve: () => this.qualifiedName(callee) });
    return wrap(callResultTaint(PYTHON_VALUE_PRESERVING, shape, receiver, argTaints.values(), allArgs));
  }

  /** The method `self.name(...)` / `cls.name(...)` calls, when the enclosing class defines it. */
  private ownMethod(callee: Node | null, call: Node): Node | undefined {
    if (callee?.type !== 'attribute' || this.analysis.module.methods.length === 0) return undefined;
    const object = callee.firstChild;
    if (object?.type !== 'identifier' || (object.text !== 'self' && object.text !== 'cls')) return undefined;
    const name = callee.childForFieldName('attribute')?.text;
    return name ? this.analysis.methodOf(call, name) : undefined;
  }

  /** A call of a function or method defined in this file, through its summary. */
  private callSummarised(fn: Node, isMethod: boolean, name: string, call: Node, argumentNodes: readonly Node[], argTaints: Map<number, Taint | undefined>): Taint | undefined {
    const summary = this.analysis.summary(fn, isMethod);
    if (!summary) return undefined;
    // Keyword arguments go to the parameter of that name; positional ones in order.
    const parameters = parameterNodes(fn).slice(isMethod ? 1 : 0);
    const byParameter: (Taint | undefined)[] = [];
    let position = 0;
    for (const argument of argumentNodes) {
      const taint = argTaints.get(argument.id);
      if (argument.type === 'keyword_argument') {
        const at = parameters.findIndex((p) => p.name === argument.childForFieldName('name')?.text);
        if (at >= 0) byParameter[at] = taint;
      } else if (argument.type !== 'list_splat' && argument.type !== 'dictionary_splat') byParameter[position++] = taint;
    }
    return applySummary(summary, name, call, byParameter, this.collector);
  }

  private checkSink(spec: SinkSpec, call: Node, name: string, argTaints: Map<number, Taint | undefined>): void {
    if (!this.sinkConditionHolds(spec, call)) return;
    for (const argument of this.sinkArguments(spec, call)) {
      const value = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
      const taint = argTaints.get(argument.id) ?? (value ? argTaints.get(value.id) : undefined);
      if (taint && value) this.collector.recordSpec(spec, call, value, name, taint);
    }
  }

  private sinkArguments(spec: SinkSpec, call: Node): Node[] {
    const which = spec.argument ?? 0;
    if (which === 'any') {
      return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
    }
    if (typeof which === 'number') {
      const positional = positionalArguments(call)[which];
      if (positional) return [positional];
      const keyword = (call.childForFieldName('arguments')?.namedChildren ?? []).find(
        (a) => a?.type === 'keyword_argument' && /^(url|args|cmd|command|source|code|path|file|expression|sql|query|statement|data|text|template|content|prompt|input|inputs|x|X)$/.test(a.childForFieldName('name')?.text ?? ''),
      );
      return keyword ? [keyword] : [];
    }
    const keyword = keywordArgument(call, which);
    return keyword ? [keyword] : [];
  }

  private sinkConditionHolds(spec: SinkSpec, call: Node): boolean {
    switch (spec.when) {
      case 'shell':
        return keywordArgument(call, 'shell')?.childForFieldName('value')?.text === 'True';
      case 'unsafe-html':
        return keywordArgument(call, 'unsafe_allow_html')?.childForFieldName('value')?.text === 'True';
      case 'write-mode': {
        const mode = keywordArgument(call, 'mode')?.childForFieldName('value') ?? positionalArguments(call)[1];
        const text = pythonStringValue(mode);
        return text !== undefined && /[wax+]/.test(text);
      }
      case 'unsafe-yaml': {
        const loader = keywordArgument(call, 'Loader')?.childForFieldName('value') ?? positionalArguments(call)[1];
        return !loader || !/Safe|Base/.test(loader.text);
      }
      default:
        return true;
    }
  }

  private sequence(node: Node): Value | undefined {
    const elements = node.namedChildren.filter((c): c is Node => !!c);
    const taints = elements.map((e) => this.taintOf(e));
    // ("system", f"...{user}...") in ChatPromptTemplate.from_messages.
    if (node.type === 'tuple' && elements.length === 2) {
      const role = pythonStringValue(elements[0]);
      const content = taints[1];
      if (role && content) this.roleSink(role, node, elements[1], content);
    }
    return wrap(mergeTaints(taints));
  }

  private dictionary(node: Node): Value | undefined {
    let role: string | undefined;
    let content: { node: Node; taint: Taint | undefined } | undefined;
    const taints: (Taint | undefined)[] = [];
    for (const pair of node.namedChildren) {
      if (!pair) continue;
      if (pair.type !== 'pair') {
        taints.push(this.taintOf(pair));
        continue;
      }
      const keyNode = pair.childForFieldName('key');
      const valueNode = pair.childForFieldName('value');
      const taint = this.taintOf(valueNode);
      taints.push(taint);
      if (keyNode?.type !== 'string') continue;
      // Only message dictionaries matter here; compare the literal's text before decoding it.
      const keyText = keyNode.text.slice(1, -1);
      if (keyText === 'role') role = pythonStringValue(valueNode);
      if ((keyText === 'content' || keyText === 'parts') && valueNode) content = { node: valueNode, taint };
    }
    if (role && content?.taint) this.roleSink(role, node, content.node, content.taint);
    return wrap(mergeTaints(taints));
  }

  private roleSink(role: string, message: Node, content: Node, taint: Taint): void {
    const kind = MESSAGE_ROLE_SINKS.get(role);
    if (kind) this.collector.record(kind, message, content, kind === 'prompt-system' ? `${role} message` : 'user message', taint);
  }

  private comprehension(node: Node): Value | undefined {
    const saved = this.env;
    this.env = saved.clone();
    for (const clause of node.namedChildren) {
      if (clause?.type !== 'for_in_clause') continue;
      const iterable = this.taintOf(clause.childForFieldName('right'));
      this.bind(clause.childForFieldName('left'), iterable ? { taint: iterable } : undefined, null);
    }
    const body = node.childForFieldName('body');
    const result =
      body?.type === 'pair' ? mergeTaints([this.taintOf(body.childForFieldName('key')), this.taintOf(body.childForFieldName('value'))]) : this.taintOf(body);
    this.env = saved;
    return wrap(result);
  }
}

/**
 * Whether a slice keeps at most a fixed number of items: an end (`x[:4000]`, `x[a:MAX]`) or a negative
 * start (`history[-20:]`). `x[1:]` and `x[::2]` keep an unbounded amount.
 */
function limitsLength(slice: Node): boolean {
  let colons = 0;
  let start: Node | undefined;
  let end: Node | undefined;
  for (const child of slice.children) {
    if (!child) continue;
    if (child.type === ':') colons++;
    else if (child.isNamed && colons === 0) start = child;
    else if (child.isNamed && colons === 1) end = child;
  }
  if (end) return true;
  return start?.type === 'unary_operator' && start.text.startsWith('-');
}

function wrap(taint: Taint | undefined): Value | undefined {
  return taint ? { taint } : undefined;
}

export function sourceMessage(label: string, what: string): string {
  const short = what.length > 60 ? `${what.slice(0, 57)}...` : what;
  switch (label) {
    case 'request':
      return `request data enters here (\`${short}\`)`;
    case 'user-input':
      return `user input enters here (\`${short}\`)`;
    case 'llm-output':
      return `model output comes from \`${short}\``;
    case 'secret':
      return `secret read here (\`${short}\`)`;
    default:
      return `${label} data enters here (\`${short}\`)`;
  }
}
