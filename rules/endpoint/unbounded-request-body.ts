import { defineRule, objectProperty, pythonStringValue, stringValue, type Node } from '../../server/src/engine/api';

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const UNITS: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3, tb: 1024 ** 4 };
/** Express/body-parser middleware that take `{ limit }` (koa-body: `jsonLimit`, `formLimit`). */
const JS_BODY_PARSER = /^(?:express|bodyParser|body-parser|koaBody|bodyparser)\.(?:json|urlencoded|raw|text)$|^(?:koaBody|bodyParser|json|urlencoded)$/;
const BODY_PARSER_LIMITS = ['limit', 'jsonLimit', 'formLimit'];
/** Fastify's constructor option, Hono's middleware (whose option is `maxSize`), Next.js's config keys. */
const FASTIFY_LIMIT = 'bodyLimit';
const HONO_LIMIT = 'bodyLimit';
const NEXT_LIMITS = ['sizeLimit', 'bodySizeLimit'];
/** Flask's and Django's settings. */
const FLASK_LIMIT = 'MAX_CONTENT_LENGTH';
const DJANGO_LIMIT = 'DATA_UPLOAD_MAX_MEMORY_SIZE';

/**
 * Request size limits are the first defence against a request that costs too much: a prompt of a hundred
 * megabytes is parsed, tokenised and sent to the model before any other check runs.
 */
export default defineRule({
  meta: {
    id: 'endpoint/unbounded-request-body',
    category: 'endpoint',
    title: 'Request body size limit disabled or very large',
    severity: 'warning',
    languages: ['python', 'javascript'],
    // Every finding is one of these options or settings, spelt out where it is set.
    requires: [...new Set([...BODY_PARSER_LIMITS, FASTIFY_LIMIT, HONO_LIMIT, ...NEXT_LIMITS, FLASK_LIMIT, DJANGO_LIMIT])],
    docs: {
      summary:
        'Finds request body limits that are switched off or set very large (default threshold 20 MB, rule option `maxBytes`): Express and ' +
        'body-parser `limit`, Fastify `bodyLimit`, Hono `bodyLimit({ maxSize })`, Next.js `bodyParser.sizeLimit`/`bodySizeLimit`, Flask ' +
        '`MAX_CONTENT_LENGTH` and Django `DATA_UPLOAD_MAX_MEMORY_SIZE`.',
      why:
        'Frameworks cap request bodies (Express 100 kB, Fastify 1 MiB, Django 2.5 MB) so that one request cannot exhaust memory. Raising the cap ' +
        'to hundreds of megabytes, or removing it, lets a single client send a prompt that is parsed, tokenised, embedded and billed in full: ' +
        'memory exhaustion and unbounded model cost (OWASP LLM10). Large uploads belong on a dedicated route with streaming and its own limit.',
      bad: "app.use(express.json({ limit: '500mb' }));\n",
      good: "app.use(express.json({ limit: '1mb' }));\n",
      references: { owaspLlm: ['LLM10'], cwe: [400, 770] },
    },
  },
  create(context) {
    const maxBytes = typeof context.options.maxBytes === 'number' ? context.options.maxBytes : DEFAULT_MAX_BYTES;
    const check = (node: Node, value: Node | null | undefined, what: string) => {
      if (!value) return;
      const size = parseSize(value);
      if (size === undefined) return;
      if (size === Infinity) {
        context.report({ node, message: `${what} is disabled (\`${value.text}\`): a single request can be any size.` });
      } else if (size > maxBytes) {
        context.report({ node, message: `${what} is ${formatBytes(size)} (\`${value.text}\`), far above what a prompt needs; one request can exhaust memory and model budget.` });
      }
    };
    if (context.family === 'javascript') return javascriptVisitors(check);
    if (context.family === 'python') return pythonVisitors(check);
  },
});

type Check = (node: Node, value: Node | null | undefined, what: string) => void;

function javascriptVisitors(check: Check) {
  return {
    call_expression(call: Node) {
      const callee = call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
      const options = call.childForFieldName('arguments')?.namedChildren[0];
      if (options?.type !== 'object') return;
      if (JS_BODY_PARSER.test(callee)) {
        const limit = BODY_PARSER_LIMITS.map((name) => objectProperty(options, name)).find(Boolean);
        if (limit) check(limit, limit.childForFieldName('value'), `The ${callee} body limit`);
      } else if (/^(?:Fastify|fastify)$/.test(callee)) {
        const limit = objectProperty(options, FASTIFY_LIMIT);
        if (limit) check(limit, limit.childForFieldName('value'), 'Fastify\'s bodyLimit');
      } else if (callee === HONO_LIMIT) {
        const limit = objectProperty(options, 'maxSize');
        if (limit) check(limit, limit.childForFieldName('value'), 'The Hono bodyLimit');
      }
    },
    pair(pair: Node) {
      const key = pair.childForFieldName('key')?.text.replace(/['"]/g, '');
      if (!key || !NEXT_LIMITS.includes(key)) return;
      // Next.js: `export const config = { api: { bodyParser: { sizeLimit } } }` and `serverActions: { bodySizeLimit }`.
      const owner = pair.parent?.parent?.childForFieldName('key')?.text.replace(/['"]/g, '');
      if (owner !== 'bodyParser' && owner !== 'serverActions') return;
      check(pair, pair.childForFieldName('value'), `The Next.js ${key}`);
    },
  };
}

function pythonVisitors(check: Check) {
  return {
    assignment(node: Node) {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return;
      const name = left.type === 'subscript' ? pythonStringValue(left.childForFieldName('subscript')) : left.type === 'identifier' ? left.text : undefined;
      if (name === FLASK_LIMIT && (left.type === 'subscript' || left.type === 'identifier')) {
        check(node, right, 'Flask\'s MAX_CONTENT_LENGTH');
      } else if (name === DJANGO_LIMIT && left.type === 'identifier') {
        check(node, right, 'Django\'s DATA_UPLOAD_MAX_MEMORY_SIZE');
      }
    },
  };
}

/** Bytes in a size written as a number, an arithmetic product (`50 * 1024 * 1024`) or a string (`'50mb'`); Infinity for "no limit". */
function parseSize(value: Node): number | undefined {
  if (value.type === 'none' || value.text === 'Infinity' || value.text === 'Number.POSITIVE_INFINITY' || value.text === 'Number.MAX_SAFE_INTEGER') return Infinity;
  const text = value.namedChildren.some((c) => c?.type === 'string_content') ? pythonStringValue(value) : stringValue(value);
  if (text !== undefined) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?b?)\s*$/i.exec(text);
    if (!match) return undefined;
    return Number(match[1]) * (UNITS[match[2].toLowerCase() || 'b'] ?? 1);
  }
  const expression = value.text.replace(/_/g, '');
  if (!/^[\d\s*.()]+$/.test(expression)) return undefined;
  const product = expression
    .replace(/[()]/g, '')
    .split('*')
    .map((part) => Number(part.trim()));
  return product.every((n) => Number.isFinite(n)) ? product.reduce((a, b) => a * b, 1) : undefined;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
}
