import {
  defineRule,
  enclosingFunction,
  javascriptConstant,
  keywordArgument,
  objectProperty,
  positionalArguments,
  pythonConstant,
  pythonStringValue,
  stringValue,
  type Fix,
  type Node,
  type RuleContext,
} from '../../server/src/engine/api';
import { removeListElement, removeStatement } from './_edits';
import { isRequestAccess } from './_request';
import {
  ALLOW_CREDENTIALS,
  ALLOW_ORIGIN,
  CORS_FAMILY,
  CORS_WORDS,
  DJANGO_CREDENTIALS,
  FLASK_CORS_CREDENTIALS,
  JS_CREDENTIALS,
  STARLETTE_CREDENTIALS,
  JS_CORS_OPTION_KEYS,
  JS_HEADER_SETTERS,
  PYTHON_HEADER_SETTERS,
  WILDCARD_REGEX,
} from './_cors';

/**
 * CORS with credentials lets other sites call your API with the visitor's cookies. Allowing any origin at the
 * same time means any site the user visits can drive your AI endpoint as them and read the answers.
 */
export default defineRule({
  meta: {
    id: 'endpoint/permissive-cors',
    category: 'endpoint',
    title: 'CORS allows any origin together with credentials',
    severity: 'warning',
    languages: ['python', 'javascript'],
    requires: CORS_WORDS,
    // Django's two CORS settings and hand-written headers pair up across statements.
    scope: 'document',
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds CORS configurations that allow every origin (`"*"`, a `.*` regex, or reflecting the request origin) while also allowing ' +
        'credentials: FastAPI/Starlette CORSMiddleware, Flask-CORS, django-cors-headers, the `cors` package (Express), @fastify/cors, Hono ' +
        '`cors()` and hand-written Access-Control headers; and `Access-Control-Allow-Origin` set from request data in Express, Fastify, ' +
        'Next.js, Flask and FastAPI (info without credentials). Origins given through a module constant are followed.',
      why:
        'With credentials allowed, the browser attaches the user\'s cookies or HTTP auth to cross-site requests. If every origin is allowed (or the ' +
        'Origin header is echoed back), any web page the user opens can call your chat endpoint as that user, read their conversation history ' +
        'and the model\'s answers, and spend their quota. Browsers reject a literal `*` with credentials, so libraries reflect the origin instead, ' +
        'which is the dangerous case.',
      bad:
        'app.add_middleware(\n    CORSMiddleware,\n    allow_origins=["*"],\n    allow_credentials=True,\n)\n',
      good:
        'app.add_middleware(\n    CORSMiddleware,\n    allow_origins=["https://app.example.com"],\n    allow_credentials=True,\n)\n',
      fix: 'Removes the credentials setting, so cross-origin requests no longer carry cookies. Unsafe: list the trusted origins instead if the front end needs cookies.',
      family: CORS_FAMILY,
      references: { owaspLlm: ['LLM02'], cwe: [942, 346] },
    },
  },
  create(context) {
    if (context.family === 'python') return pythonVisitors(context);
    if (context.family === 'javascript') return javascriptVisitors(context);
  },
});

function removeCredentials(context: RuleContext, element: Node): Fix {
  return { title: 'Stop allowing credentials from every origin', safety: 'unsafe', edits: [removeListElement(context.source, element)] };
}

function isWildcardList(context: RuleContext, value: Node | null | undefined): boolean {
  const node = pythonConstant(context, value);
  if (!node) return false;
  const single = pythonStringValue(node);
  if (single !== undefined) return single === '*';
  if (node.type === 'list' || node.type === 'tuple' || node.type === 'set') return node.namedChildren.some((c) => pythonStringValue(c) === '*');
  return false;
}

function pythonVisitors(context: RuleContext) {
  const settingsFlags = new Map<string, Node>();
  const headers = new HandWrittenHeaders(context, 'python');
  return {
    pair(pair: Node) {
      headers.add(pythonStringValue(pair.childForFieldName('key')), pair.childForFieldName('value'));
    },
    call(call: Node) {
      const args = call.childForFieldName('arguments');
      if (!args) return;
      const callee = call.childForFieldName('function');
      if (callee?.type === 'attribute' && PYTHON_HEADER_SETTERS.has(callee.childForFieldName('attribute')?.text ?? '')) {
        const [name, value] = positionalArguments(call);
        headers.add(pythonStringValue(name), value);
      }
      const calleeText = callee?.text ?? '';
      // FastAPI / Starlette: add_middleware(CORSMiddleware, ...) or Middleware(CORSMiddleware, ...).
      if (/CORSMiddleware/.test(args.namedChildren[0]?.text ?? '') || /CORSMiddleware$/.test(calleeText)) {
        const credentials = keywordArgument(call, STARLETTE_CREDENTIALS);
        if (!credentials || pythonConstant(context, credentials.childForFieldName('value'))?.type !== 'true') return;
        const origins = keywordArgument(call, 'allow_origins');
        const regex = keywordArgument(call, 'allow_origin_regex');
        const wild = isWildcardList(context, origins?.childForFieldName('value')) ? origins : WILDCARD_REGEX.test(pythonStringValue(pythonConstant(context, regex?.childForFieldName('value'))) ?? '') ? regex : undefined;
        if (!wild) return;
        context.report({
          node: wild,
          message: `CORSMiddleware allows every origin (\`${wild.text}\`) with \`allow_credentials=True\`: any website can call this API with the user's cookies and read the response.`,
          fixes: [removeCredentials(context, credentials)],
        });
        return;
      }
      // Flask-CORS: CORS(app, supports_credentials=True) or @cross_origin(supports_credentials=True), origins default to "*".
      if (/(?:^|\.)(?:CORS|cross_origin)$/.test(calleeText)) {
        const credentials = keywordArgument(call, FLASK_CORS_CREDENTIALS);
        if (!credentials || pythonConstant(context, credentials.childForFieldName('value'))?.type !== 'true') return;
        const origins = keywordArgument(call, 'origins');
        if (origins && !isWildcardList(context, origins.childForFieldName('value'))) return;
        context.report({
          node: origins ?? credentials,
          message: `Flask-CORS allows ${origins ? 'every origin' : 'every origin (the default)'} with \`supports_credentials=True\`: any website can call this API with the user's cookies and read the response.`,
          fixes: [removeCredentials(context, credentials)],
        });
      }
    },
    // django-cors-headers settings: CORS_ALLOW_ALL_ORIGINS = True with CORS_ALLOW_CREDENTIALS = True.
    assignment(node: Node) {
      const left = node.childForFieldName('left');
      // response.headers["Access-Control-Allow-Origin"] = request.headers.get("origin"); Django: response["Access-Control-Allow-Origin"] = ...
      if (left?.type === 'subscript') {
        headers.add(pythonStringValue(left.childForFieldName('subscript')), node.childForFieldName('right'));
        return;
      }
      if (left?.type !== 'identifier' || node.childForFieldName('right')?.type !== 'true') return;
      if (/^(?:CORS_ALLOW_ALL_ORIGINS|CORS_ORIGIN_ALLOW_ALL)$/.test(left.text) || left.text === DJANGO_CREDENTIALS) settingsFlags.set(left.text, node);
    },
    $exit() {
      headers.report();
      const all = settingsFlags.get('CORS_ALLOW_ALL_ORIGINS') ?? settingsFlags.get('CORS_ORIGIN_ALLOW_ALL');
      const credentials = settingsFlags.get(DJANGO_CREDENTIALS);
      if (!all || !credentials) return;
      const statement = credentials.parent?.type === 'expression_statement' ? credentials.parent : undefined;
      context.report({
        node: all,
        message: `\`${all.childForFieldName('left')!.text} = True\` with \`CORS_ALLOW_CREDENTIALS = True\`: any website can call this API with the user's cookies and read the response.`,
        fixes: statement ? [{ title: 'Stop allowing credentials from every origin', safety: 'unsafe', edits: [removeStatement(context.source, statement, 'python')] }] : [],
      });
    },
  };
}

/** `'*'`, `true` (reflect the request origin), a catch-all regex, or a callback that accepts every origin, also through a constant. */
function isAnyOrigin(context: RuleContext, written: Node | null | undefined): boolean {
  const value = javascriptConstant(context, written);
  if (!value) return false;
  if (value.type === 'true') return true;
  if (stringValue(value) === '*') return true;
  if (value.type === 'regex') return WILDCARD_REGEX.test(value.childForFieldName('pattern')?.text ?? '');
  if (value.type === 'array') return value.namedChildren.some((c) => stringValue(c) === '*');
  if (value.type === 'arrow_function' || value.type === 'function_expression') {
    const body = value.childForFieldName('body')?.text.replace(/\s+/g, '') ?? '';
    // `(origin, cb) => cb(null, true)` or `(origin) => origin`: every origin is accepted.
    const parameters = value.childForFieldName('parameters')?.namedChildren.map((p) => p?.text) ?? [];
    return /^\{?(?:return)?\w+\(null,true\);?\}?$/.test(body) || (parameters.length === 1 && (body === parameters[0] || body === `{return${parameters[0]};}`));
  }
  return false;
}

function javascriptVisitors(context: RuleContext) {
  const headers = new HandWrittenHeaders(context, 'javascript');
  return {
    object(object: Node) {
      // Next.js `headers()` in next.config.js: `{ key: 'Access-Control-Allow-Origin', value: '*' }`.
      const headerKey = objectProperty(object, 'key')?.childForFieldName('value');
      if (headerKey) headers.add(stringValue(headerKey), objectProperty(object, 'value')?.childForFieldName('value'));
      const origin = objectProperty(object, 'origin');
      const credentials = objectProperty(object, JS_CREDENTIALS);
      if (!origin || credentials?.childForFieldName('value')?.type !== 'true') return;
      if (!isAnyOrigin(context, origin.childForFieldName('value'))) return;
      // Only CORS options: an object passed to cors(...) / register(cors, ...) or holding other CORS keys.
      const call = object.parent?.parent;
      const callText = call?.type === 'call_expression' ? (call.childForFieldName('function')?.text ?? '') + (call.childForFieldName('arguments')?.namedChildren[0]?.text ?? '') : '';
      const looksLikeCors = /cors/i.test(callText) || JS_CORS_OPTION_KEYS.some((k) => objectProperty(object, k));
      if (!looksLikeCors) return;
      context.report({
        node: origin,
        message: `CORS allows every origin (\`${origin.text}\`) with \`credentials: true\`: any website can call this API with the user's cookies and read the response.`,
        fixes: [removeCredentials(context, credentials)],
      });
    },
    // `{ 'Access-Control-Allow-Origin': origin }` in writeHead, `new Response(..., { headers })`, `reply.headers({...})`.
    pair(pair: Node) {
      const key = pair.childForFieldName('key');
      headers.add(key?.type === 'string' ? stringValue(key) : key?.text, pair.childForFieldName('value'));
    },
    call_expression(call: Node) {
      const callee = call.childForFieldName('function');
      const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
      if (!method || !JS_HEADER_SETTERS.has(method)) return;
      const [name, value] = call.childForFieldName('arguments')?.namedChildren ?? [];
      headers.add(stringValue(name), value);
    },
    $exit() {
      headers.report();
    },
  };
}

/**
 * Access-Control headers written by hand, collected over the document: an origin taken from request data is
 * reported (warning when credentials are allowed too, else info); `*` only together with credentials.
 */
/** Reads of the Origin header that the general request patterns miss: Koa's `ctx.get('Origin')`, Django's `META["HTTP_ORIGIN"]`, WSGI environ. */
const ORIGIN_READ = /\bctx\s*\.\s*(?:get|header)\s*\(\s*['"]origin['"]|\bctx\s*\.\s*headers?\s*\.\s*origin\b|\bHTTP_ORIGIN\b/i;

class HandWrittenHeaders {
  private readonly origins: Node[] = [];
  private credentials = false;

  constructor(
    private readonly context: RuleContext,
    private readonly language: 'python' | 'javascript',
  ) {}

  add(name: string | undefined, value: Node | null | undefined): void {
    if (!name || !value) return;
    const header = name.toLowerCase();
    if (header === ALLOW_CREDENTIALS) {
      const constant = this.language === 'python' ? pythonConstant(this.context, value) : javascriptConstant(this.context, value);
      const text = this.language === 'python' ? pythonStringValue(constant) : stringValue(constant);
      if (text?.toLowerCase() === 'true' || constant?.type === 'true') this.credentials = true;
    } else if (header === ALLOW_ORIGIN) {
      this.origins.push(value);
    }
  }

  report(): void {
    for (const value of this.origins) {
      const literal = this.language === 'python' ? pythonStringValue(pythonConstant(this.context, value)) : stringValue(javascriptConstant(this.context, value));
      if (literal === '*') {
        if (!this.credentials) continue;
        this.context.report({
          node: value,
          message: `Access-Control-Allow-Origin is set to \`${value.text}\` while Access-Control-Allow-Credentials is true: any website can call this API with the user's cookies.`,
        });
      } else if (this.fromRequest(value)) {
        this.context.report({
          node: value,
          severity: this.credentials ? undefined : 'info',
          message: this.credentials
            ? `Access-Control-Allow-Origin is set to \`${value.text}\`, taken from the request, while Access-Control-Allow-Credentials is true: any website can call this API with the user's cookies.`
            : `Access-Control-Allow-Origin is set to \`${value.text}\`, taken from the request: every origin is allowed to read these responses; compare it with an allow-list first.`,
        });
      }
    }
  }

  /** A request read in the expression itself, or in the value a local name was given in the same function. */
  private fromRequest(value: Node): boolean {
    if (isRequestAccess(value.text) || ORIGIN_READ.test(value.text)) return true;
    if (value.type !== 'identifier') return false;
    const scope = this.language === 'python' ? enclosingFunction(value) : enclosingJsFunction(value);
    let root = value;
    while (root.parent) root = root.parent;
    const definitions = (scope ?? root).descendantsOfType(this.language === 'python' ? ['assignment'] : ['variable_declarator', 'assignment_expression']);
    return definitions.some((d) => {
      const target = d?.childForFieldName(d.type === 'variable_declarator' ? 'name' : 'left');
      const source = d?.childForFieldName(d.type === 'variable_declarator' ? 'value' : 'right');
      return target?.text === value.text && !!source && (isRequestAccess(source.text) || ORIGIN_READ.test(source.text));
    });
  }
}

function enclosingJsFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (/^(?:function_declaration|function_expression|arrow_function|method_definition|generator_function_declaration)$/.test(current.type)) return current;
  }
  return undefined;
}
