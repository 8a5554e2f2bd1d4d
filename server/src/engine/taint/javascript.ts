import { javascriptSdkClients, type SdkClients } from '../sdks/clients';
import type { SyntaxNode as Node } from '../syntax/node';
import { credentialLiteralNames, isHardcodedCredential } from '../secrets/detect';
import { mentionsAnyName } from '../name-mentions';
import { stringValue, type JavaScriptSemantics } from '../semantic/javascript';
import { FlowCollector } from './collector';
import { Env, type Value } from './env';
import { Evaluator } from './evaluator';
import { callResultTaint, carriesConsumed, JAVASCRIPT_VALUE_PRESERVING } from './labels';
import { type CalleeInfo, SpecIndex } from './matcher';
import {
  AI_SDK_HOOK,
  AI_SDK_HOOK_RESULT,
  CONTAINER_MUTATORS,
  FORM_DATA_TYPE,
  HTML_PROPERTIES,
  JS_ENVIRONMENT,
  JS_REQUEST,
  JS_REQUEST_PARAMETERS,
  JS_TOOL,
  JSX_HTML_ATTRIBUTE,
  MESSAGE_ROLE_SINKS,
  NEXT_HANDLERS,
  ROUTE_METHODS,
  SERVER_ACTION_DIRECTIVE,
  SLACK_BOLT_MODULES,
  TOOL_CALL_MEMBERS,
} from './objects';
import { sourceMessage } from './python';
import { NAMED_SANITIZER, NAMED_TRUNCATOR, NAMED_VALIDATOR, SECRET_NAME, type SinkSpec } from './spec';
import { type CallbackMethod, JS_CALLBACK_METHODS } from './callbacks';
import { type HandlerRegistration, registers, registrationHint, registrationsFor } from './handlers';
import { applySummary, parameterTaint, Summaries, summariseBody, sourceReachingNames, type Summary } from './summaries';
import type { Taint } from './types';
import { builtAt, callArguments, clearFor, mergeTaints, sourceTaint, withStep } from './value';

const FORM_DATA_PARAMETER = new RegExp(`\\b${FORM_DATA_TYPE}\\b`);
const REQUEST_TYPE = new RegExp(`\\b${JS_REQUEST_PARAMETERS.type}\\b`);
const TOOL_CALLEE = new RegExp(`(^|\\.)${JS_TOOL.callee}$`);
const NESTED_FUNCTIONS = ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'function', 'generator_function'];
/** Text that a route registration, a tool's `execute`, a server action or a FormData parameter needs. */
const MAY_REGISTER_HANDLER = /\.(message|event|command|action|shortcut|view)\s*\(|\.(get|post|put|patch|delete|all|use|route|on|head|options|websocket)\s*\(\s*['"`]|execute|use server|FormData|\b(GET|POST|PUT|PATCH|DELETE)\b/;
/** Slack Bolt listener registrations (`app.message(...)`, `app.event('app_mention', ...)`, `app.command('/ask', ...)`). */
const SLACK_LISTENERS = new Set(['message', 'event', 'command', 'action', 'shortcut', 'view', 'options', 'function']);
/** Properties of a Bolt listener's argument that hold the incoming Slack payload (`say`, `ack`, `client` are Bolt's). */
const SLACK_PAYLOADS = new Set(['event', 'message', 'body', 'payload', 'command', 'action', 'shortcut', 'view', 'options']);

interface ModuleFacts {
  helpers: Map<string, Node>;
  /** Methods of the module's classes, by name (a name may repeat). */
  methods: [string, Node][];
  useServer: boolean;
  /** Schema variables (zod, yup, joi, valibot) and whether they limit lengths. */
  schemas: Map<string, { bounded: boolean }>;
  /** `const run = promisify(exec)`: calling `run` calls what it wraps (`child_process.exec`), so it is that sink. */
  promisified: Map<string, string>;
  importsSlackBolt: boolean;
  /** The handler registrations of the frameworks this file imports (handlers.ts), and the text their calls need. */
  registrations: HandlerRegistration[];
  registrationHint: RegExp | undefined;
}

/** The JS/TS half of the taint engine; same design as the Python one. */
export class JavaScriptTaint {
  private readonly facts: ModuleFacts;
  private readonly moduleEnv = new Env();
  private readonly summaries = new Summaries();
  /** Functions met while evaluating (declarations, arrows, methods), analysed after the code that contains them. */
  private readonly queue: Node[] = [];

  constructor(
    readonly root: Node,
    readonly sem: JavaScriptSemantics,
    readonly spec: SpecIndex,
    private readonly collector: FlowCollector,
  ) {
    this.facts = gatherFacts(root, sem);
    this.sdkClients = javascriptSdkClients(root, sem);
  }

  /** Names holding model SDK clients, whatever they are called: calls on them are qualified by the client's kind. */
  readonly sdkClients: SdkClients;

  get module(): ModuleFacts {
    return this.facts;
  }
  get globals(): Env {
    return this.moduleEnv;
  }

  run(): void {
    new JavaScriptEvaluator(this, this.moduleEnv, this.collector, false).statements(this.root);
    // The hint names tainted module variables: one built while the top level ran would miss those assigned later.
    this.hint = null;
    for (let i = 0; i < this.queue.length; i++) {
      const fn = this.queue[i];
      if (this.analysed.has(fn.id)) continue;
      this.analysed.add(fn.id);
      if (!this.mayReadSources(fn)) {
        // Nothing in here reads a source; functions nested inside still might (route callbacks in a setup function).
        this.enqueueNestedHandlers(fn);
        continue;
      }
      const env = new Env();
      for (const [name, value] of this.parameterValues(fn)) env.set(name, value);
      const evaluator = new JavaScriptEvaluator(this, env, this.collector, false);
      const body = fn.childForFieldName('body');
      if (body?.type === 'statement_block') evaluator.statements(body);
      else evaluator.expr(body);
    }
  }

  /**
   * Inside code that names no source, only handlers can produce flows (their parameters are the
   * sources): route callbacks, tool `execute` functions, server actions.
   */
  enqueueNestedHandlers(node: Node): void {
    if (!MAY_REGISTER_HANDLER.test(node.text) && !this.facts.registrationHint?.test(node.text)) return;
    for (const nested of node.descendantsOfType(NESTED_FUNCTIONS)) {
      if (!nested || this.queued.has(nested.id)) continue;
      const parentType = nested.parent?.type;
      if ((parentType === 'arguments' || parentType === 'pair' || parentType === 'export_statement' || parentType === 'variable_declarator') && this.handlerKind(nested)) this.enqueue(nested);
    }
  }

  /** What each callback analysed in place returned, for when the same call is met again (a loop's next pass). */
  readonly callbackReturns = new Map<number, Taint | undefined>();

  /** Takes a function out of the queue because its caller analyses it in place (an array callback); false if already analysed. */
  claim(fn: Node): boolean {
    if (this.analysed.has(fn.id)) return false;
    this.analysed.add(fn.id);
    return true;
  }

  enqueue(fn: Node): void {
    if (this.queued.has(fn.id)) return;
    this.queued.add(fn.id);
    this.queue.push(fn);
  }

  private readonly analysed = new Set<number>();
  private readonly queued = new Set<number>();
  /** The file's own names that lead to a source (see `mentionsSource`), found once: null until then. */
  private hint: string[] | null = null;
  /** Names bound to string literals that may be credentials, found once (the hint is rebuilt after the top level). */
  private credentialNames: Set<string> | undefined;
  /** Functions and methods that read a source themselves or through the functions they call (computed once). */
  private readers: string[] | undefined;

  /** Same prefilter as for Python: handlers, or text that names a source, a source-returning helper or a tainted global. */
  private mayReadSources(fn: Node): boolean {
    if (this.handlerKind(fn)) return true;
    return this.mentionsSource(fn.text);
  }

  mentionsSource(text: string): boolean {
    if (this.spec.sourceHint.test(text)) return true;
    if (this.hint === null) {
      const names: string[] = [];
      // Hard-coded credentials (`const API_KEY = "..."`) are sources too: code that binds or uses one is not skipped.
      names.push(...(this.credentialNames ??= credentialLiteralNames(this.root.text)));
      // Functions and methods that read a source themselves or through the functions they call.
      this.readers ??= sourceReachingNames([...this.facts.helpers, ...this.facts.methods], (body) => this.spec.sourceHint.test(body));
      names.push(...this.readers);
      names.push(...this.moduleEnv.taintedNames());
      names.push(...this.sdkClients.names());
      this.hint = names;
    }
    return mentionsAnyName(text, this.hint, 'name');
  }

  /**
   * What a function or method defined in this file returns and which sinks its parameters reach, in terms
   * of `$p0`...; the functions it calls are summarised too, at any depth.
   */
  summary(fn: Node): Summary | undefined {
    return this.summaries.get(fn, () => {
      const env = new Env();
      const bound = new Map<string, Value>();
      parameters(fn).forEach((p, i) => bindPattern(p, { taint: parameterTaint(i, p) }, bound));
      for (const [name, value] of bound) env.set(name, value);
      const sinks = new FlowCollector(true, true);
      const evaluator = new JavaScriptEvaluator(this, env, sinks, true);
      const body = fn.childForFieldName('body');
      if (body?.type === 'statement_block') evaluator.statements(body);
      else evaluator.returns.push(evaluator.taintOf(body));
      return summariseBody(evaluator.returns, sinks);
    });
  }

  private readonly classMethods = new Map<number, Map<string, Node>>();

  /** `this.helper(...)` inside a class: the method of that name defined in the same class body. */
  methodOf(call: Node, name: string): Node | undefined {
    let scope = call.parent;
    while (scope && scope.type !== 'class_declaration' && scope.type !== 'class' && scope.type !== 'abstract_class_declaration') scope = scope.parent;
    if (!scope) return undefined;
    let methods = this.classMethods.get(scope.id);
    if (!methods) {
      methods = new Map();
      for (const member of scope.childForFieldName('body')?.namedChildren ?? []) {
        const methodName = member?.type === 'method_definition' ? member.childForFieldName('name')?.text : undefined;
        if (member && methodName) methods.set(methodName, member);
      }
      this.classMethods.set(scope.id, methods);
    }
    return methods.get(name);
  }

  private parameterValues(fn: Node): Map<string, Value> {
    const values = new Map<string, Value>();
    const params = parameters(fn);
    const kind = this.handlerKind(fn);
    params.forEach((param, i) => {
      const typeText = param.parent?.childForFieldName('type')?.text ?? '';
      if (FORM_DATA_PARAMETER.test(typeText) || (kind === 'server-action' && param.type === 'identifier')) {
        values.set(param.text, { taint: sourceTaint('request', param, `form data \`${param.text}\` from a server action`) });
        return;
      }
      if (kind === 'registered') {
        const registration = this.registrations.get(fn.id);
        if (registration && i >= registration.from) {
          bindPattern(param, { taint: sourceTaint('request', param, `${registration.label} \`${param.text}\``) }, values);
        }
        return;
      }
      if (kind === 'slack') {
        if (i === 0 && param.type === 'object_pattern') this.slackPayloads(param, values);
        return;
      }
      if (kind === 'tool') {
        bindPattern(param, { taint: sourceTaint('tool-args', param, 'tool arguments chosen by the model') }, values);
        return;
      }
      const isRequest =
        (kind === 'route' && i === 0) ||
        (param.type === 'identifier' &&
          (param.text === JS_REQUEST_PARAMETERS.always || (param.text === JS_REQUEST_PARAMETERS.inHandlers && (kind !== undefined || REQUEST_TYPE.test(typeText)))));
      if (!isRequest) return;
      if (param.type === 'identifier') values.set(param.text, { object: JS_REQUEST });
      else if (param.type === 'object_pattern') {
        for (const property of param.namedChildren) {
          const key = property?.type === 'shorthand_property_identifier_pattern' ? property.text : property?.childForFieldName('key')?.text;
          const local = property?.type === 'pair_pattern' ? property.childForFieldName('value') : property;
          if (!key || !local || local.type !== 'identifier' && local.type !== 'shorthand_property_identifier_pattern') continue;
          if (JS_REQUEST.members.has(key)) values.set(local.text, { taint: sourceTaint('request', local, sourceMessage('request', `req.${key}`)) });
          else if (JS_REQUEST.nested.has(key)) values.set(local.text, { object: JS_REQUEST });
        }
      }
    });
    return values;
  }

  /** `async ({ message, say }) => ...`: the payload properties are what a Slack user sent. */
  private slackPayloads(pattern: Node, values: Map<string, Value>): void {
    for (const property of pattern.namedChildren) {
      const key = property?.type === 'shorthand_property_identifier_pattern' ? property.text : property?.type === 'pair_pattern' ? property.childForFieldName('key')?.text : undefined;
      const local = property?.type === 'pair_pattern' ? property.childForFieldName('value') : property;
      if (!key || !local || !SLACK_PAYLOADS.has(key)) continue;
      bindPattern(local, { taint: sourceTaint('request', local, `request parameter \`${key}\` of a Slack Bolt listener`) }, values);
    }
  }

  private readonly kinds = new Map<number, ReturnType<JavaScriptTaint['computeHandlerKind']>>();
  /** Which registration made a function a handler (its kind is `registered`). */
  private readonly registrations = new Map<number, HandlerRegistration>();

  private readonly registeredByName = new Map<string, HandlerRegistration>();

  /** `client.on('messageCreate', onMessage)`: a function of this file registered by name; analysed (again) as a handler. */
  registerByName(name: string, args: Node | null, method: string): void {
    const fn = this.facts.helpers.get(name);
    const registration = fn && args ? this.registrationOf(args, method) : undefined;
    if (!fn || !registration || this.registeredByName.has(name)) return;
    this.registeredByName.set(name, registration);
    this.kinds.delete(fn.id);
    if (this.analysed.has(fn.id)) {
      this.analysed.delete(fn.id);
      this.queued.delete(fn.id);
    }
    this.enqueue(fn);
  }

  /** The registration a call's arguments make (`bot.on('text', cb)`), checking the event name when the first argument is a string. */
  private registrationOf(args: Node, method: string | undefined): HandlerRegistration | undefined {
    const first = args.namedChildren[0];
    const event = first?.type === 'string' ? stringValue(first) : undefined;
    return this.facts.registrations.find((r) => r.by === 'call' && registers(r, undefined, method) && (!r.events || event === undefined || r.events.test(event)));
  }

  private handlerKind(fn: Node): 'route' | 'next' | 'server-action' | 'tool' | 'slack' | 'registered' | undefined {
    if (!this.kinds.has(fn.id)) this.kinds.set(fn.id, this.computeHandlerKind(fn));
    return this.kinds.get(fn.id);
  }

  private computeHandlerKind(fn: Node): 'route' | 'next' | 'server-action' | 'tool' | 'slack' | 'registered' | undefined {
    const parent = fn.parent;
    if (parent?.type === 'arguments') {
      const call = parent.parent;
      const callee = call?.childForFieldName('function');
      const first = parent.namedChildren[0];
      const lastArgument = parent.namedChildren[parent.namedChildren.length - 1];
      // `client.on('messageCreate', (m) => ...)`, `bot.command('ask', (ctx) => ...)`: before routes, which `.on('...')` also looks like.
      const registration = lastArgument?.id === fn.id && callee?.type === 'member_expression' ? this.registrationOf(parent, callee.childForFieldName('property')?.text) : undefined;
      if (registration) {
        this.registrations.set(fn.id, registration);
        return 'registered';
      }
      if (callee?.type === 'member_expression' && ROUTE_METHODS.has(callee.childForFieldName('property')?.text ?? '') && first && first.id !== fn.id && /string|template_string/.test(first.type)) {
        return 'route';
      }
      const last = parent.namedChildren[parent.namedChildren.length - 1];
      if (this.facts.importsSlackBolt && callee?.type === 'member_expression' && SLACK_LISTENERS.has(callee.childForFieldName('property')?.text ?? '') && last?.id === fn.id) return 'slack';
    }
    if (parent?.type === 'pair' && parent.childForFieldName('key')?.text === JS_TOOL.key) {
      const call = parent.parent?.parent?.parent;
      if (call?.type === 'call_expression' && TOOL_CALLEE.test(this.sem.calleeName(call) ?? call.childForFieldName('function')?.text ?? '')) return 'tool';
    }
    const name = fn.childForFieldName('name')?.text ?? (parent?.type === 'variable_declarator' ? parent.childForFieldName('name')?.text : undefined);
    const byName = name && this.facts.helpers.get(name)?.id === fn.id ? this.registeredByName.get(name) : undefined;
    if (byName) {
      this.registrations.set(fn.id, byName);
      return 'registered';
    }
    const exported = parent?.type === 'export_statement' || parent?.parent?.parent?.type === 'export_statement';
    if (exported && name && NEXT_HANDLERS.has(name)) return 'next';
    const directive = hasDirective(fn.childForFieldName('body'), SERVER_ACTION_DIRECTIVE);
    if (directive || (exported && this.facts.useServer)) return 'server-action';
    return undefined;
  }
}

function parameters(fn: Node): Node[] {
  const single = fn.childForFieldName('parameter');
  if (single) return [single];
  const list = fn.childForFieldName('parameters');
  return (list?.namedChildren ?? [])
    .filter((p): p is Node => !!p)
    .map((p) => (p.type === 'required_parameter' || p.type === 'optional_parameter' ? p.childForFieldName('pattern') ?? p : p.type === 'assignment_pattern' ? p.childForFieldName('left') ?? p : p))
    .filter((p) => p.type !== 'comment');
}

function bindPattern(pattern: Node, value: Value, into: Map<string, Value>): void {
  if (pattern.type === 'identifier' || pattern.type === 'shorthand_property_identifier_pattern') into.set(pattern.text, value);
  else for (const child of pattern.namedChildren) if (child) bindPattern(child.type === 'pair_pattern' ? child.childForFieldName('value') ?? child : child, value, into);
}

function hasDirective(body: Node | null, directive: string): boolean {
  const first = body?.namedChildren[0];
  return first?.type === 'expression_statement' && stringValue(first.namedChildren[0]) === directive;
}

function gatherFacts(root: Node, sem: JavaScriptSemantics): ModuleFacts {
  const facts: ModuleFacts = { helpers: new Map(), methods: [], useServer: hasDirective(root, SERVER_ACTION_DIRECTIVE), schemas: new Map(), promisified: new Map(), importsSlackBolt: root.text.includes(`'${SLACK_BOLT_MODULES.javascript}'`) || root.text.includes(`"${SLACK_BOLT_MODULES.javascript}"`), registrations: [], registrationHint: undefined };
  facts.registrations = registrationsFor('javascript', (module) => sem.importedModules.has(module));
  facts.registrationHint = registrationHint(facts.registrations, () => []);
  for (const child of root.namedChildren) {
    const statement = child?.type === 'export_statement' ? child.childForFieldName('declaration') : child;
    if (!statement) continue;
    if (statement.type === 'function_declaration') {
      const name = statement.childForFieldName('name')?.text;
      if (name) facts.helpers.set(name, statement);
    } else if (statement.type === 'class_declaration' || statement.type === 'abstract_class_declaration') {
      for (const member of statement.childForFieldName('body')?.namedChildren ?? []) {
        const name = member?.type === 'method_definition' ? member.childForFieldName('name')?.text : undefined;
        if (member && name) facts.methods.push([name, member]);
      }
    } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const declarator of statement.namedChildren) {
        const name = declarator?.childForFieldName('name');
        const value = declarator?.childForFieldName('value');
        if (!name || name.type !== 'identifier' || !value) continue;
        if (value.type === 'arrow_function' || value.type === 'function_expression') facts.helpers.set(name.text, value);
        else if (value.type === 'call_expression') {
          const wrapped = promisifiedName(value, sem);
          if (wrapped) facts.promisified.set(name.text, wrapped);
          const text = value.text;
          if (/^(z|zod|yup|Joi|joi|v|t)\.(object|string|array|strictObject)\b/.test(text)) {
            facts.schemas.set(name.text, { bounded: /\.max\(|maxLength|\.length\(|maxItems/.test(text) });
          }
        }
      }
    }
  }
  return facts;
}

/** `util.promisify(child_process.exec)` → `child_process.exec`; the wrapped function keeps its arguments. */
function promisifiedName(call: Node, sem: JavaScriptSemantics): string | undefined {
  if (sem.calleeName(call) !== 'util.promisify') return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a?.type !== 'comment') ?? [];
  return args.length === 1 ? sem.qualifiedName(args[0] ?? null) : undefined;
}

function pathOf(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier' || node.type === 'this' || node.type === 'shorthand_property_identifier') return node.text;
  if (node.type === 'member_expression') {
    const object = pathOf(node.childForFieldName('object'));
    const property = node.childForFieldName('property')?.text;
    return object && property ? `${object}.${property}` : undefined;
  }
  if (node.type === 'non_null_expression' || node.type === 'parenthesized_expression') return pathOf(node.namedChildren[0] ?? null);
  return undefined;
}

function textPath(node: Node | null): string {
  if (!node) return '?';
  if (node.type === 'identifier' || node.type === 'this') return node.text;
  if (node.type === 'member_expression') return `${textPath(node.childForFieldName('object'))}.${node.childForFieldName('property')?.text ?? '?'}`;
  if (node.type === 'non_null_expression' || node.type === 'parenthesized_expression' || node.type === 'await_expression') return textPath(node.namedChildren[0] ?? null);
  return '?';
}

function lastName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier' || node.type === 'this') return node.text;
  if (node.type === 'member_expression') return node.childForFieldName('property')?.text;
  if (node.type === 'call_expression') return lastName(node.childForFieldName('function'));
  if (node.type === 'await_expression' || node.type === 'parenthesized_expression' || node.type === 'non_null_expression') return lastName(node.namedChildren[0] ?? null);
  return undefined;
}

function unwrap(node: Node | null): Node | null {
  let current = node;
  while (current && ['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion'].includes(current.type)) {
    current = current.namedChildren[0] ?? null;
  }
  return current;
}

/** The variable an expression derives from: `cmd` in `cmd.split(' ')[0]`, `url` in `new URL(url).hostname`. */
function checkedVariable(node: Node | null, depth = 0): string | undefined {
  const current = unwrap(node);
  if (!current || depth > 6) return undefined;
  const path = pathOf(current);
  if (path) return path;
  switch (current.type) {
    case 'subscript_expression':
    case 'member_expression':
      return checkedVariable(current.childForFieldName('object'), depth + 1);
    case 'call_expression':
    case 'new_expression': {
      // The argument first (`new URL(url)`), then the receiver (`cmd.split(' ')`).
      const argument = checkedVariable(current.childForFieldName('arguments')?.namedChildren[0] ?? null, depth + 1);
      const callee = unwrap(current.childForFieldName(current.type === 'new_expression' ? 'constructor' : 'function'));
      return argument ?? (callee?.type === 'member_expression' ? checkedVariable(callee.childForFieldName('object'), depth + 1) : undefined);
    }
    default:
      return undefined;
  }
}

const CONFIRMATION = /confirm|approv|askUser|ask_user|human|prompt\s*\(/i;

const EXIT_TYPES = new Set(['return_statement', 'throw_statement', 'continue_statement', 'break_statement']);

function exits(statement: Node | null): boolean {
  if (!statement) return false;
  if (EXIT_TYPES.has(statement.type)) return true;
  if (statement.type === 'statement_block') return exits(statement.namedChildren[statement.namedChildren.length - 1] ?? null);
  return false;
}

interface Check {
  subject: Node;
  effect: 'validated' | 'bounded' | 'cleared';
  positive: boolean;
}

function conditionChecks(condition: Node | null, positive = true, out: Check[] = []): Check[] {
  const node = unwrap(condition);
  if (!node) return out;
  switch (node.type) {
    case 'unary_expression':
      if (node.childForFieldName('operator')?.text === '!') conditionChecks(node.childForFieldName('argument'), !positive, out);
      return out;
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      const left = unwrap(node.childForFieldName('left'));
      const right = unwrap(node.childForFieldName('right'));
      if (op === '&&' || op === '||') {
        conditionChecks(left, positive, out);
        return conditionChecks(right, positive, out);
      }
      if (!left || !right) return out;
      if (left.type === 'unary_expression' && left.childForFieldName('operator')?.text === 'typeof') {
        const subject = left.childForFieldName('argument');
        if (subject) out.push({ subject, effect: 'validated', positive: op === '===' || op === '==' ? positive : !positive });
        return out;
      }
      const lengthOf = (n: Node) => (n.type === 'member_expression' && n.childForFieldName('property')?.text === 'length' ? n.childForFieldName('object') : null);
      const leftLen = lengthOf(left);
      const rightLen = lengthOf(right);
      if (leftLen && (op === '>' || op === '>=')) out.push({ subject: leftLen, effect: 'bounded', positive: !positive });
      if (leftLen && (op === '<' || op === '<=')) out.push({ subject: leftLen, effect: 'bounded', positive });
      if (rightLen && (op === '<' || op === '<=')) out.push({ subject: rightLen, effect: 'bounded', positive: !positive });
      if (rightLen && (op === '>' || op === '>=')) out.push({ subject: rightLen, effect: 'bounded', positive });
      return out;
    }
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      const name = lastName(callee) ?? '';
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a);
      if ((name === 'includes' || name === 'has') && args[0]) out.push({ subject: args[0], effect: 'cleared', positive });
      else if (name === 'test' && args[0]) out.push({ subject: args[0], effect: 'cleared', positive });
      else if ((NAMED_VALIDATOR.test(name) || /^is(Valid|Safe|Allowed)/.test(name)) && args[0]) out.push({ subject: args[0], effect: 'validated', positive });
      return out;
    }
    default:
      return out;
  }
}

class JavaScriptEvaluator extends Evaluator<JavaScriptTaint> {

  statements(node: Node | null): void {
    if (!node) return;
    for (const statement of node.namedChildren) if (statement) this.statement(statement);
  }

  /** Same shortcut as for Python: a simple statement naming no source and no live variable moves no taint. */
  private inert(node: Node): boolean {
    const text = node.text;
    // Live names first: inside a handler most statements mention one, and `includes` is cheaper than the source regex.
    for (const name of this.env.liveNames()) if (text.includes(name)) return false;
    if (this.analysis.mentionsSource(text)) return false;
    // `client.on('messageCreate', onMessage)` names no source but makes onMessage's parameter user input.
    if (!this.inSummary && this.analysis.module.registrationHint?.test(text)) return false;
    if (!this.inSummary && (text.includes('=>') || text.includes('function') || text.includes('class'))) this.analysis.enqueueNestedHandlers(node);
    return true;
  }

  private statement(node: Node): void {
    switch (node.type) {
      case 'lexical_declaration':
      case 'variable_declaration':
        if (this.inert(node)) {
          for (const declarator of node.namedChildren) {
            const name = declarator?.childForFieldName('name');
            // `const API_KEY = "sk-..."` names no source but is one.
            if (name?.type === 'identifier') this.env.set(name.text, this.hardcodedCredential(name, declarator?.childForFieldName('value') ?? null));
          }
          return;
        }
        for (const declarator of node.namedChildren) {
          if (declarator?.type !== 'variable_declarator') continue;
          const value = declarator.childForFieldName('value');
          const name = declarator.childForFieldName('name');
          this.bind(name, this.hardcodedCredential(name, value) ?? (value ? this.expr(value) : undefined), name);
        }
        return;
      case 'expression_statement':
        if (this.inert(node)) {
          const assignment = node.namedChildren[0];
          const left = assignment?.type === 'assignment_expression' ? pathOf(assignment.childForFieldName('left')) : undefined;
          if (left) this.env.set(left, undefined);
          return;
        }
        for (const child of node.namedChildren) if (child) this.expr(child);
        return;
      case 'return_statement':
        this.returns.push(this.taintOf(node.namedChildren[0] ?? null));
        return;
      case 'throw_statement':
        this.throw(node);
        return;
      case 'if_statement':
        this.ifStatement(node);
        return;
      case 'for_in_statement':
        this.loop(node, () => {
          const iterable = this.taintOf(node.childForFieldName('right'));
          this.bind(node.childForFieldName('left'), iterable ? { taint: iterable } : undefined, node.childForFieldName('left'));
          this.statement(node.childForFieldName('body') ?? node);
        });
        return;
      case 'for_statement': {
        // The initializer runs once; the condition, body and increment every iteration.
        const initializer = node.childForFieldName('initializer');
        if (initializer) this.part(initializer);
        this.loop(node, () => {
          for (const child of node.namedChildren) if (child && child.id !== initializer?.id) this.part(child);
        });
        return;
      }
      case 'while_statement':
      case 'do_statement':
        this.loop(node, () => {
          for (const child of node.namedChildren) if (child) this.part(child);
        });
        return;
      case 'statement_block':
        this.statements(node);
        return;
      case 'export_statement': {
        const declaration = node.childForFieldName('declaration');
        if (declaration) this.statement(declaration);
        return;
      }
      case 'function_declaration':
      case 'generator_function_declaration':
        if (!this.inSummary) this.analysis.enqueue(node);
        return;
      case 'class_declaration':
        if (!this.inSummary) this.enqueueMethods(node);
        return;
      case 'import_statement':
      case 'comment':
      case 'empty_statement':
        return;
      default:
        for (const child of node.namedChildren) if (child) this.part(child);
    }
  }

  /** A part of a compound statement: a nested statement, or an expression (a condition, an increment). */
  private part(child: Node): void {
    if (child.type.endsWith('statement') || child.type.endsWith('clause') || child.type.endsWith('declaration') || child.type === 'statement_block' || child.type === 'switch_body' || child.type === 'switch_case' || child.type === 'switch_default') {
      this.statement(child);
    } else this.expr(child);
  }

  /** `throw new Error(\`bad key ${key}\`)`: the constructor's arguments become the exception's message. */
  private throw(node: Node): void {
    const thrown = unwrap(node.namedChildren[0] ?? null);
    if ((thrown?.type !== 'new_expression' && thrown?.type !== 'call_expression') || this.inert(node)) return;
    const callee = thrown.childForFieldName(thrown.type === 'new_expression' ? 'constructor' : 'function');
    const sinks = this.analysis.spec.statementSinks('$throw', lastName(callee));
    if (sinks.length === 0) {
      this.expr(thrown);
      return;
    }
    const args = (thrown.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
    const argTaints = new Map<number, Taint | undefined>();
    for (const arg of args) argTaints.set(arg.id, this.taintOf(arg));
    for (const spec of sinks) this.checkSink(spec, thrown, `throw ${callee?.text ?? '?'}`, args, argTaints);
  }

  private enqueueMethods(node: Node): void {
    for (const member of node.childForFieldName('body')?.namedChildren ?? []) {
      if (member?.type === 'method_definition') this.analysis.enqueue(member);
      else if (member?.type === 'field_definition' || member?.type === 'public_field_definition') this.expr(member.childForFieldName('value'));
    }
  }

  private ifStatement(node: Node): void {
    const condition = node.childForFieldName('condition');
    this.expr(condition);
    const checks = conditionChecks(condition);
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    const before = this.env;
    const branches: Env[] = [];
    this.env = before.clone();
    for (const check of checks) if (check.positive) this.applyCheck(check);
    if (consequence) this.statement(consequence);
    if (!exits(consequence)) branches.push(this.env);
    if (alternative) {
      this.env = before.clone();
      this.statement(alternative);
      const body = alternative.namedChildren[0] ?? null;
      if (!exits(body)) branches.push(this.env);
    } else {
      this.env = before.clone();
      if (exits(consequence)) {
        for (const check of checks) if (!check.positive) this.applyCheck(check);
        if (condition && CONFIRMATION.test(condition.text)) this.env.clearLabel('tool-args');
      }
      branches.push(this.env);
    }
    this.env = before;
    before.absorb(branches, (a, b) => mergeTaints([a, b]));
  }

  private applyCheck(check: Check): void {
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

  private bind(target: Node | null, value: Value | undefined, at: Node | null): void {
    if (!target) return;
    switch (target.type) {
      case 'identifier':
      case 'member_expression':
      case 'shorthand_property_identifier_pattern': {
        const path = pathOf(target) ?? (target.type === 'shorthand_property_identifier_pattern' ? target.text : undefined);
        if (!path) return;
        const taint = value?.taint && at ? withStep(value.taint, at, `assigned to \`${path}\``) : value?.taint;
        this.env.set(path, { taint, object: value?.object });
        return;
      }
      case 'subscript_expression': {
        const path = pathOf(target.childForFieldName('object'));
        if (path && value?.taint) this.env.set(path, { taint: mergeTaints([this.env.lookup(path)?.taint, value.taint]) });
        return;
      }
      case 'object_pattern':
        for (const property of target.namedChildren) {
          if (!property) continue;
          if (property.type === 'shorthand_property_identifier_pattern') this.bind(property, this.member(value, property.text, property), property);
          else if (property.type === 'pair_pattern') {
            const key = property.childForFieldName('key')?.text ?? '';
            this.bind(property.childForFieldName('value'), this.member(value, key, property), property);
          } else if (property.type === 'object_assignment_pattern') {
            const left = property.childForFieldName('left');
            this.bind(left, this.member(value, left?.text ?? '', property), property);
          } else this.bind(property, value, property);
        }
        return;
      case 'array_pattern':
      case 'rest_pattern':
      case 'assignment_pattern':
        for (const child of target.namedChildren) if (child) this.bind(child.type === 'assignment_pattern' ? child.childForFieldName('left') : child, value, child);
        return;
      default:
        return;
    }
  }

  /** Reading `member` from a value: request objects yield request data, tainted values stay tainted. */
  private member(value: Value | undefined, member: string, at: Node): Value | undefined {
    if (value?.object) {
      if (value.object.validatedMembers?.has(member)) return { taint: sourceTaint(value.object.label, at, sourceMessage(value.object.label, at.text), { validated: true }) };
      if (value.object.members.has(member)) {
        const what = value.object.origin ? `${value.object.origin}().${member}` : at.text;
        return { taint: sourceTaint(value.object.label, at, sourceMessage(value.object.label, what)) };
      }
      if (value.object.nested.has(member)) return { object: value.object };
      return undefined;
    }
    if (!value?.taint) return undefined;
    if (TOOL_CALL_MEMBERS.has(member) && value.taint.labels.has('llm-output')) {
      return { taint: { ...value.taint, labels: new Set([...value.taint.labels, 'tool-args']) } };
    }
    return value;
  }

  protected evaluate(node: Node): Value | undefined {
    switch (node.type) {
      case 'identifier':
      case 'shorthand_property_identifier':
        return this.lookup(node.text);
      case 'member_expression':
        return this.memberExpression(node);
      case 'subscript_expression': {
        const object = this.expr(node.childForFieldName('object'));
        this.expr(node.childForFieldName('index'));
        const key = stringValue(node.childForFieldName('index'));
        if (key && this.analysis.sem.qualifiedName(node.childForFieldName('object')) === undefined && node.childForFieldName('object')?.text === JS_ENVIRONMENT) {
          return this.secret(node, key);
        }
        return key ? this.member(object, key, node) : object?.object ? this.member(object, 'body', node) : object;
      }
      case 'call_expression':
        return this.call(node, node.childForFieldName('function'));
      case 'new_expression':
        return this.call(node, node.childForFieldName('constructor'));
      case 'template_string': {
        let parts: (Taint | undefined)[] | undefined;
        for (const c of node.namedChildren) if (c?.type === 'template_substitution') (parts ??= []).push(this.taintOf(c.namedChildren[0] ?? null));
        if (!parts) return undefined;
        const taint = mergeTaints(parts);
        return taint ? { taint: builtAt(taint, node, 'interpolated into a template literal') } : undefined;
      }
      case 'binary_expression': {
        const op = node.childForFieldName('operator')?.text;
        const taint = mergeTaints([this.taintOf(node.childForFieldName('left')), this.taintOf(node.childForFieldName('right'))]);
        if (!taint) return undefined;
        if (op === '+') return { taint: builtAt(taint, node, 'concatenated into a string') };
        if (op === '||' || op === '??' || op === '&&') return { taint };
        return undefined;
      }
      case 'assignment_expression':
        return this.assignment(node);
      case 'augmented_assignment_expression': {
        const left = node.childForFieldName('left');
        const path = pathOf(left);
        const right = this.taintOf(node.childForFieldName('right'));
        if (path && right) this.env.set(path, { taint: mergeTaints([this.lookup(path)?.taint, builtAt(right, node, `appended to \`${path}\``)]) });
        return path ? this.lookup(path) : undefined;
      }
      case 'ternary_expression':
        this.expr(node.childForFieldName('condition'));
        return wrap(mergeTaints([this.taintOf(node.childForFieldName('consequence')), this.taintOf(node.childForFieldName('alternative'))]));
      case 'parenthesized_expression':
      case 'await_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'type_assertion':
      case 'spread_element':
        return this.expr(node.namedChildren[0] ?? null);
      case 'sequence_expression':
        for (const child of node.namedChildren) this.expr(child);
        return this.expr(node.namedChildren[node.namedChildren.length - 1] ?? null);
      case 'array':
        return this.array(node);
      case 'object':
        return this.object(node);
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'generator_function':
        if (!this.inSummary) this.analysis.enqueue(node);
        return undefined;
      case 'class':
        if (!this.inSummary) this.enqueueMethods(node);
        return undefined;
      case 'jsx_element':
      case 'jsx_self_closing_element':
      case 'jsx_opening_element':
        this.jsx(node);
        return undefined;
      case 'unary_expression':
      case 'update_expression':
        for (const child of node.namedChildren) this.expr(child);
        return undefined;
      default:
        return undefined;
    }
  }

  /** A credential written into the code (`const API_KEY = "sk-..."`) is a secret source, like one read from the environment. */
  private hardcodedCredential(name: Node | null, value: Node | null): Value | undefined {
    if (name?.type !== 'identifier' || (value?.type !== 'string' && value?.type !== 'template_string')) return undefined;
    const text = stringValue(value);
    if (text === undefined || !isHardcodedCredential(name.text, text)) return undefined;
    return { taint: sourceTaint('secret', value, `hard-coded credential \`${name.text}\``) };
  }

  private secret(node: Node, name: string): Value | undefined {
    if (!SECRET_NAME.test(name)) return undefined;
    return { taint: sourceTaint('secret', node, `secret \`${name}\` read from the environment`) };
  }

  private memberExpression(node: Node, receiver?: { value: Value | undefined }): Value | undefined {
    const objectNode = node.childForFieldName('object');
    const property = node.childForFieldName('property')?.text ?? '';
    // Length first: slicing every object's text to compare it would cost more than the rest of this read.
    if (objectNode && objectNode.endIndex - objectNode.startIndex === JS_ENVIRONMENT.length && objectNode.text === JS_ENVIRONMENT) return this.secret(node, property);
    if (this.env.hasMemberPaths()) {
      const path = pathOf(node);
      if (path && this.env.has(path)) return this.env.lookup(path);
    }
    if (this.analysis.spec.mentions(property)) {
      const source = this.analysis.spec.source(this.calleeInfo(node));
      if (source && !source.secretName) return { taint: sourceTaint(source.label, node, sourceMessage(source.label, node.text)) };
    }
    const objectValue = this.expr(objectNode);
    if (receiver) receiver.value = objectValue;
    return this.member(objectValue, property, node);
  }

  private assignment(node: Node): Value | undefined {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const value = this.expr(right);
    // el.innerHTML = model output
    if (left?.type === 'member_expression' && value?.taint) {
      const property = left.childForFieldName('property')?.text;
      if (property && HTML_PROPERTIES.has(property) && right) this.collector.record('html', node, right, property, value.taint);
    }
    this.bind(left, value, left);
    return value;
  }

  /** Method calls no spec names (`arr.slice`, `res.json`) need no resolution: only `$call` patterns, on `this.x(...)`, could match. */
  private calleeInfoFor(callee: Node | null): CalleeInfo {
    const target = unwrap(callee);
    if (target?.type === 'member_expression') {
      const property = target.childForFieldName('property')?.text ?? '';
      const object = target.childForFieldName('object');
      if (!this.analysis.spec.mentions(property) && object?.type !== 'this') {
        return { qualified: undefined, path: `?.${property}`, bare: undefined, receiver: undefined, isVariableCall: false, unmatched: true };
      }
    }
    return this.calleeInfo(callee);
  }

  private calleeInfo(callee: Node | null): CalleeInfo {
    const target = unwrap(callee);
    // A local of the same name (`const run = ...` inside the function) hides the module's promisified alias.
    const promisified = target?.type === 'identifier' && !(this.env !== this.analysis.globals && this.env.has(target.text)) ? this.analysis.module.promisified.get(target.text) : undefined;
    const qualified = promisified ?? this.analysis.sem.qualifiedName(target);
    const path = textPath(target);
    const isName = target?.type === 'identifier';
    const name = target?.text ?? '';
    const shadowed = isName && (this.env.has(name) || this.analysis.globals.has(name) || this.analysis.module.helpers.has(name));
    const bare = isName && !qualified && !shadowed ? name : undefined;
    let receiver: string | undefined;
    let isVariableCall = false;
    if (target?.type === 'member_expression') {
      receiver = lastName(target.childForFieldName('object'));
      if (!qualified && target.childForFieldName('object')?.type === 'this') {
        isVariableCall = true;
        receiver = target.childForFieldName('property')?.text;
      }
    } else if (isName) {
      receiver = name;
      // A model object: a local, a module variable, an unknown global or one imported from the project itself.
      isVariableCall = (!qualified || qualified.startsWith('.')) && !this.analysis.module.helpers.has(name);
    }
    return { qualified, client: qualified ? undefined : this.analysis.sdkClients.qualify(target), path, bare, receiver, isVariableCall };
  }

  private call(node: Node, callee: Node | null): Value | undefined {
    const args = callArguments(node.childForFieldName('arguments'));
    const argTaints = new Map<number, Taint | undefined>();
    for (const arg of args) argTaints.set(arg.id, this.taintOf(arg));
    const target = unwrap(callee);
    // `this.helper(x)`: a method of this class is known exactly, whatever its name suggests to the specs.
    const own = node.type === 'call_expression' ? this.ownMethod(target, node) : undefined;
    if (own) return wrap(this.callSummarised(own, `this.${target!.childForFieldName('property')!.text}`, node, args.map((a) => argTaints.get(a.id))));
    const info = this.calleeInfoFor(callee);
    const spec = this.analysis.spec;
    // The receiver is evaluated once: `calleeValue` is the method read, `receiver.value` its object.
    const receiverOf: { value: Value | undefined } = { value: undefined };
    const calleeValue =
      target?.type === 'member_expression' ? this.memberExpression(target, receiverOf) : target?.type === 'call_expression' ? this.expr(target) : undefined;
    const name = info.qualified ?? (info.path.startsWith('?.') ? info.path.slice(2) : info.path);
    const method = target?.type === 'member_expression' ? target.childForFieldName('property')?.text ?? '' : '';

    for (const sink of spec.sinksFor(info)) this.checkSink(sink, node, name, args, argTaints);

    const allArgs = mergeTaints([...argTaints.values()]);
    const sanitizer = spec.sanitizer(info);
    const calledName = info.bare ?? lastName(target) ?? '';
    if (sanitizer) {
      if (!allArgs || sanitizer.clears?.includes('*')) return undefined;
      let taint: Taint | undefined = allArgs;
      if (sanitizer.clears) taint = clearFor(taint, sanitizer.clears, node, `sanitized by \`${name}\``);
      if (taint && (sanitizer.validates || sanitizer.bounds)) {
        const receiverName = target?.type === 'member_expression' ? lastName(target.childForFieldName('object')) : undefined;
        const schema = receiverName ? this.analysis.module.schemas.get(receiverName) : undefined;
        taint = withStep({ ...taint, validated: true, bounded: taint.bounded || !!sanitizer.bounds || !!schema?.bounded }, node, `validated by \`${name}\``);
      }
      return wrap(taint);
    }
    if (allArgs && NAMED_SANITIZER.test(calledName)) return undefined;
    if (allArgs && NAMED_VALIDATOR.test(calledName) && !this.analysis.module.helpers.has(calledName)) {
      return { taint: withStep({ ...allArgs, validated: true }, node, `validated by \`${calledName}\``) };
    }
    // truncate(text, 4000): a helper defined here is judged by its body instead.
    if (allArgs && NAMED_TRUNCATOR.test(calledName) && !this.analysis.module.helpers.has(calledName)) {
      return { taint: withStep({ ...allArgs, bounded: true }, node, `cut to a length by \`${calledName}\``) };
    }
    const source = spec.source(info);
    if (source?.label === 'llm-output' && AI_SDK_HOOK.test(name)) return { object: { ...AI_SDK_HOOK_RESULT, origin: name } };
    if (source && !source.secretName) return { taint: sourceTaint(source.label, node, sourceMessage(source.label, name)) };

    const helper = info.bare === undefined && target?.type === 'identifier' && !this.env.has(target.text) ? this.analysis.module.helpers.get(target.text) : undefined;
    if (helper) return wrap(this.callSummarised(helper, target!.text, node, args.map((a) => argTaints.get(a.id))));
    if (CONTAINER_MUTATORS.has(method) && allArgs && target?.type === 'member_expression') {
      const path = pathOf(target.childForFieldName('object'));
      if (path) this.env.set(path, { taint: mergeTaints([this.lookup(path)?.taint, withStep(allArgs, node, `added to \`${path}\``)]) });
      return undefined;
    }
    if (method && !this.inSummary && this.analysis.module.registrations.length > 0) {
      const handler = args[args.length - 1];
      // A local of that name hides the module's function; module-level bindings are the functions themselves.
      if (handler?.type === 'identifier' && !(this.env !== this.analysis.globals && this.env.has(handler.text))) this.analysis.registerByName(handler.text, node.childForFieldName('arguments'), method);
    }
    const callbackMethod = method && !this.inSummary ? JS_CALLBACK_METHODS.get(method) : undefined;
    if (callbackMethod && (receiverOf.value?.taint || !callbackMethod.onlyTainted)) {
      const returned = this.callbacks(callbackMethod, method, node, args, receiverOf.value?.taint);
      if (returned) return wrap(returned.taint);
    }
    // Request objects: `request.json()`, `c.req.query('q')`, `formData.get('x')` are the data itself.
    if (calleeValue?.taint && receiverOf.value?.object) return calleeValue;
    const receiver = calleeValue?.taint;
    if (receiver && cutsToLength(method, args)) return { taint: withStep({ ...receiver, bounded: true }, node, `cut to a length by \`.${method}()\``) };
    if (method === 'join' && receiver) return { taint: builtAt(receiver, node, 'joined into a string') };
    if ((method === 'concat' || method === 'replace') && allArgs) return { taint: builtAt(mergeTaints([receiver, allArgs])!, node, 'concatenated into a string') };
    if (calleeValue?.object) return undefined;
    // `TOPICS.get(choice)` looks a key up in a constant Map: the result is the map's value. Only constants:
    // `client.get(url)` fetches what the URL says.
    if (method === 'get' && !receiver && target?.type === 'member_expression' && /^[A-Z][A-Z0-9_]*$/.test(target.childForFieldName('object')?.text ?? '')) return undefined;
    // A key given to a constructor or an API call is used, not returned: the client or response is not the secret.
    if (!carriesConsumed(receiver) && !carriesConsumed(allArgs)) return wrap(mergeTaints([receiver, allArgs]));
    const shape = () => ({ qualified: info.qualified, bare: info.bare, path: info.path, method, lastName: lastName(target) ?? '', resolve: () => this.analysis.sem.qualifiedName(target) ?? textPath(target) });
    return wrap(callResultTaint(JAVASCRIPT_VALUE_PRESERVING, shape, receiver, argTaints.values(), allArgs));
  }

  /**
   * `messages.map((m) => <p>{m.content}</p>)`, `completion.then((r) => eval(r.text))`, `stream.on('text', (t) => ...)`:
   * each callback is analysed here, in place, seeing what the method hands it and the variables around it,
   * instead of later with no context. A named function of this file goes through its summary. Returns the
   * call's value when the method decides it (`then` yields what its callback returns), else undefined.
   */
  private callbacks(shape: CallbackMethod, method: string, call: Node, args: readonly Node[], receiver: Taint | undefined): { taint: Taint | undefined } | undefined {
    const candidates = shape.callbacks === 'last' ? args.slice(-1) : args.slice(0, shape.count);
    const returned: (Taint | undefined)[] = [];
    candidates.forEach((fn, i) => {
      const given = i === 0 && shape.receives !== 'nothing' ? receiver : undefined;
      const message = shape.receives === 'event' ? `emitted to the \`.${method}()\` handler` : `each ${shape.receives}, passed to the \`.${method}()\` callback`;
      returned.push(this.callback(fn, given, message, call));
    });
    switch (shape.result) {
      case 'callback':
        return candidates.length > 0 ? { taint: mergeTaints(returned) } : undefined;
      case 'receiver':
        return { taint: receiver };
      case 'receiver or callback':
        return { taint: mergeTaints([receiver, ...returned]) };
      default:
        return undefined;
    }
  }

  /** One callback analysed in place (or a named function of the file, through its summary); its return value. */
  private callback(fn: Node, given: Taint | undefined, message: string, call: Node): Taint | undefined {
    if (fn.type === 'identifier') {
      const helper = this.env.has(fn.text) ? undefined : this.analysis.module.helpers.get(fn.text);
      return helper ? this.callSummarised(helper, fn.text, call, [given && withStep(given, fn, message)]) : undefined;
    }
    if (fn.type !== 'arrow_function' && fn.type !== 'function_expression') return undefined;
    if (!this.analysis.claim(fn)) return this.analysis.callbackReturns.get(fn.id);
    const env = this.env.clone();
    const first = parameters(fn)[0];
    const bound = new Map<string, Value>();
    for (const parameter of parameters(fn)) bindPattern(parameter, {}, bound);
    if (first && given) bindPattern(first, { taint: withStep(given, first, message) }, bound);
    for (const [name, value] of bound) env.set(name, value);
    const evaluator = new JavaScriptEvaluator(this.analysis, env, this.collector, false);
    const body = fn.childForFieldName('body');
    if (body?.type === 'statement_block') evaluator.statements(body);
    else evaluator.returns.push(evaluator.taintOf(body));
    const returned = mergeTaints(evaluator.returns);
    this.analysis.callbackReturns.set(fn.id, returned);
    return returned;
  }

  /** A call of a function or method defined in this file, through its summary. */
  private callSummarised(fn: Node, name: string, call: Node, args: readonly (Taint | undefined)[]): Taint | undefined {
    return applySummary(this.analysis.summary(fn), name, call, args, this.collector);
  }

  /** The method `this.name(...)` calls, when the enclosing class defines it. */
  private ownMethod(target: Node | null, call: Node): Node | undefined {
    // Most calls are not on `this`, and most files have no classes: decide before reading fields.
    if (target?.type !== 'member_expression' || this.analysis.module.methods.length === 0 || target.firstChild?.type !== 'this') return undefined;
    const name = target.childForFieldName('property')?.text;
    return name ? this.analysis.methodOf(call, name) : undefined;
  }

  private checkSink(spec: SinkSpec, call: Node, name: string, args: readonly Node[], argTaints: Map<number, Taint | undefined>): void {
    if (spec.when === 'shell') {
      const options = args.find((a) => a.type === 'object');
      if (!options || !/\bshell\s*:\s*(true|['"`])/.test(options.text)) return;
    }
    const which = spec.argument ?? 0;
    if (which === 'any') {
      for (const arg of args) {
        const taint = argTaints.get(arg.id);
        if (taint) this.collector.recordSpec(spec, call, arg, name, taint);
      }
      return;
    }
    if (typeof which === 'number') {
      const arg = args[which];
      const taint = arg ? argTaints.get(arg.id) : undefined;
      if (arg && taint) this.collector.recordSpec(spec, call, arg, name, taint);
      return;
    }
    // A property of the options object: generateText({ system: ... }).
    for (const arg of args) {
      if (arg.type !== 'object') continue;
      for (const property of arg.namedChildren) {
        if (property?.type === 'pair' && (property.childForFieldName('key')?.text ?? '').replace(/['"]/g, '') === which) {
          const value = property.childForFieldName('value');
          const taint = this.taintOf(value);
          if (value && taint) this.collector.recordSpec(spec, call, value, name, taint);
        } else if (property?.type === 'shorthand_property_identifier' && property.text === which) {
          const taint = this.taintOf(property);
          if (taint) this.collector.recordSpec(spec, call, property, name, taint);
        }
      }
    }
  }

  private array(node: Node): Value | undefined {
    const elements = node.namedChildren.filter((c): c is Node => !!c);
    const taints = elements.map((e) => this.taintOf(e));
    if (elements.length === 2) {
      const role = stringValue(elements[0]);
      if (role && taints[1]) this.roleSink(role, node, elements[1], taints[1]);
    }
    return wrap(mergeTaints(taints));
  }

  private object(node: Node): Value | undefined {
    let role: string | undefined;
    let content: { node: Node; taint: Taint | undefined } | undefined;
    const taints: (Taint | undefined)[] = [];
    for (const property of node.namedChildren) {
      if (!property) continue;
      if (property.type === 'pair') {
        const keyNode = property.childForFieldName('key');
        const key = keyNode?.type === 'string' ? stringValue(keyNode) : keyNode?.text;
        const valueNode = property.childForFieldName('value');
        const taint = this.taintOf(valueNode);
        taints.push(taint);
        if (key === 'role') role = stringValue(valueNode);
        if (key === 'content' && valueNode) content = { node: valueNode, taint };
      } else if (property.type === 'shorthand_property_identifier') {
        const taint = this.taintOf(property);
        taints.push(taint);
        if (property.text === 'content') content = { node: property, taint };
      } else if (property.type === 'spread_element') taints.push(this.taintOf(property));
      else if (property.type === 'method_definition' && !this.inSummary) this.analysis.enqueue(property);
    }
    if (role && content?.taint) this.roleSink(role, node, content.node, content.taint);
    return wrap(mergeTaints(taints));
  }

  private roleSink(role: string, message: Node, content: Node, taint: Taint): void {
    const kind = MESSAGE_ROLE_SINKS.get(role);
    if (kind) this.collector.record(kind, message, content, kind === 'prompt-system' ? `${role} message` : 'user message', taint);
  }

  private jsx(node: Node): void {
    const opening = node.type === 'jsx_element' ? node.childForFieldName('open_tag') ?? node.namedChildren[0] : node;
    for (const attribute of opening?.namedChildren ?? []) {
      if (attribute?.type !== 'jsx_attribute') continue;
      const name = attribute.namedChildren[0]?.text;
      const value = attribute.namedChildren[1];
      if (name !== JSX_HTML_ATTRIBUTE || value?.type !== 'jsx_expression') continue;
      const object = value.namedChildren[0];
      const html = object?.type === 'object' ? object.namedChildren.find((p) => p?.type === 'pair' && p.childForFieldName('key')?.text === '__html')?.childForFieldName('value') : object;
      const taint = this.taintOf(html ?? null);
      if (html && taint) this.collector.record('html', attribute, html, JSX_HTML_ATTRIBUTE, taint);
    }
    if (node.type === 'jsx_element') {
      for (const child of node.namedChildren) {
        if (child?.type === 'jsx_element' || child?.type === 'jsx_self_closing_element') this.jsx(child);
        else if (child?.type === 'jsx_expression') this.expr(child.namedChildren[0] ?? null);
      }
    }
  }
}

function wrap(taint: Taint | undefined): Value | undefined {
  return taint ? { taint } : undefined;
}

/** `text.slice(0, 4000)`, `.substring(0, n)`, `.substr(0, n)`, `history.slice(-20)`: at most a fixed number of items remain. */
function cutsToLength(method: string, args: readonly Node[]): boolean {
  if (method !== 'slice' && method !== 'substring' && method !== 'substr') return false;
  if (args.length >= 2) return true;
  return method === 'slice' && args.length === 1 && args[0].type === 'unary_expression' && args[0].text.startsWith('-');
}
