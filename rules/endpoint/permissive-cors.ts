import {
  defineRule,
  keywordArgument,
  objectProperty,
  pythonStringValue,
  stringValue,
  type Fix,
  type Node,
  type RuleContext,
} from '../../server/src/engine/api';
import { removeListElement, removeStatement } from './_edits';

const WILDCARD_REGEX = /^(?:\.\*|\^?\.\*\$?|\.\+|https?:\/\/\.\*)$/;

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
    // Django's two CORS settings and hand-written headers pair up across statements.
    scope: 'document',
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds CORS configurations that allow every origin (`"*"`, a `.*` regex, or reflecting the request origin) while also allowing ' +
        'credentials: FastAPI/Starlette CORSMiddleware, Flask-CORS, django-cors-headers, the `cors` package (Express), @fastify/cors, Hono ' +
        '`cors()` and hand-written Access-Control headers.',
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

function isWildcardList(node: Node | null | undefined): boolean {
  if (!node) return false;
  const single = pythonStringValue(node);
  if (single !== undefined) return single === '*';
  if (node.type === 'list' || node.type === 'tuple' || node.type === 'set') return node.namedChildren.some((c) => pythonStringValue(c) === '*');
  return false;
}

function pythonVisitors(context: RuleContext) {
  const settingsFlags = new Map<string, Node>();
  return {
    call(call: Node) {
      const args = call.childForFieldName('arguments');
      if (!args) return;
      const callee = call.childForFieldName('function')?.text ?? '';
      // FastAPI / Starlette: add_middleware(CORSMiddleware, ...) or Middleware(CORSMiddleware, ...).
      if (/CORSMiddleware/.test(args.namedChildren[0]?.text ?? '') || /CORSMiddleware$/.test(callee)) {
        const credentials = keywordArgument(call, 'allow_credentials');
        if (credentials?.childForFieldName('value')?.type !== 'true') return;
        const origins = keywordArgument(call, 'allow_origins');
        const regex = keywordArgument(call, 'allow_origin_regex');
        const wild = isWildcardList(origins?.childForFieldName('value')) ? origins : WILDCARD_REGEX.test(pythonStringValue(regex?.childForFieldName('value')) ?? '') ? regex : undefined;
        if (!wild) return;
        context.report({
          node: wild,
          message: `CORSMiddleware allows every origin (\`${wild.text}\`) with \`allow_credentials=True\`: any website can call this API with the user's cookies and read the response.`,
          fixes: [removeCredentials(context, credentials)],
        });
        return;
      }
      // Flask-CORS: CORS(app, supports_credentials=True) or @cross_origin(supports_credentials=True), origins default to "*".
      if (/(?:^|\.)(?:CORS|cross_origin)$/.test(callee)) {
        const credentials = keywordArgument(call, 'supports_credentials');
        if (credentials?.childForFieldName('value')?.type !== 'true') return;
        const origins = keywordArgument(call, 'origins');
        if (origins && !isWildcardList(origins.childForFieldName('value'))) return;
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
      if (left?.type !== 'identifier' || node.childForFieldName('right')?.type !== 'true') return;
      if (/^(?:CORS_ALLOW_ALL_ORIGINS|CORS_ORIGIN_ALLOW_ALL|CORS_ALLOW_CREDENTIALS)$/.test(left.text)) settingsFlags.set(left.text, node);
    },
    $exit() {
      const all = settingsFlags.get('CORS_ALLOW_ALL_ORIGINS') ?? settingsFlags.get('CORS_ORIGIN_ALLOW_ALL');
      const credentials = settingsFlags.get('CORS_ALLOW_CREDENTIALS');
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

/** `'*'`, `true` (reflect the request origin), a catch-all regex, or a callback that accepts every origin. */
function isAnyOrigin(value: Node | null | undefined): boolean {
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
  const reflectedOrigin: Node[] = [];
  let allowsCredentialsHeader = false;
  return {
    object(object: Node) {
      const origin = objectProperty(object, 'origin');
      const credentials = objectProperty(object, 'credentials');
      if (!origin || credentials?.childForFieldName('value')?.type !== 'true') return;
      if (!isAnyOrigin(origin.childForFieldName('value'))) return;
      // Only CORS options: an object passed to cors(...) / register(cors, ...) or holding other CORS keys.
      const call = object.parent?.parent;
      const callText = call?.type === 'call_expression' ? (call.childForFieldName('function')?.text ?? '') + (call.childForFieldName('arguments')?.namedChildren[0]?.text ?? '') : '';
      const looksLikeCors = /cors/i.test(callText) || ['methods', 'allowedHeaders', 'allowHeaders', 'exposedHeaders', 'exposeHeaders', 'maxAge'].some((k) => objectProperty(object, k));
      if (!looksLikeCors) return;
      context.report({
        node: origin,
        message: `CORS allows every origin (\`${origin.text}\`) with \`credentials: true\`: any website can call this API with the user's cookies and read the response.`,
        fixes: [removeCredentials(context, credentials)],
      });
    },
    call_expression(call: Node) {
      const callee = call.childForFieldName('function');
      const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
      if (method !== 'setHeader' && method !== 'header' && method !== 'set' && method !== 'append') return;
      const [name, value] = call.childForFieldName('arguments')?.namedChildren ?? [];
      const header = stringValue(name)?.toLowerCase();
      if (header === 'access-control-allow-credentials' && (stringValue(value) === 'true' || value?.type === 'true')) allowsCredentialsHeader = true;
      if (header === 'access-control-allow-origin' && value && (stringValue(value) === '*' || /\b(?:req|request)\.(?:headers?\.origin|headers\[['"]origin['"]\]|get\(['"]origin['"]\)|header\(['"]origin['"]\))/i.test(value.text))) {
        reflectedOrigin.push(value);
      }
    },
    $exit() {
      if (!allowsCredentialsHeader) return;
      for (const value of reflectedOrigin) {
        context.report({
          node: value,
          message: `Access-Control-Allow-Origin is set to \`${value.text}\` while Access-Control-Allow-Credentials is true: any website can call this API with the user's cookies.`,
        });
      }
    },
  };
}
