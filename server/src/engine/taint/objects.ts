import type { ObjectKind } from './env';

/** Request objects whose members are request data: Flask/Quart, Django/DRF, Starlette/FastAPI, websockets. */
export const PYTHON_REQUEST: ObjectKind = {
  name: 'request',
  label: 'request',
  members: new Set([
    'json', 'get_json', 'args', 'form', 'values', 'data', 'files', 'get_data', 'cookies', 'headers', 'stream', 'view_args',
    'GET', 'POST', 'body', 'FILES', 'COOKIES', 'query_params', 'path_params',
    'receive_text', 'receive_json', 'receive_bytes', 'receive', 'recv', 'iter_text', 'iter_json',
  ]),
  nested: new Set(),
};

/** Express, Fastify, Koa (`ctx`, `ctx.request`), Hono (`c.req`), Next.js route handlers (`Request`, `NextRequest`). */
export const JS_REQUEST: ObjectKind = {
  name: 'request',
  label: 'request',
  members: new Set([
    'body', 'query', 'params', 'headers', 'cookies', 'files', 'file', 'json', 'text', 'formData', 'searchParams', 'nextUrl',
    'param', 'parseBody', 'url', 'raw', 'header', 'get', 'rawBody', 'arrayBuffer', 'blob',
  ]),
  nested: new Set(['request', 'req']),
  validatedMembers: new Set(['valid']),
};

/**
 * What the AI SDK's React hooks return: only the replies are model output; `input`, `handleSubmit`,
 * `isLoading` and the rest are the user's own text or UI state.
 */
export const AI_SDK_HOOK_RESULT: ObjectKind = {
  name: 'ai-sdk-hook',
  label: 'llm-output',
  members: new Set(['messages', 'completion', 'data', 'object', 'experimental_data']),
  nested: new Set(),
};
export const AI_SDK_HOOK = /(^|\.)(useChat|useCompletion)$/;

/** Parameter types (Python annotations) that carry no injectable data or are framework services. */
export const INERT_PYTHON_TYPES = new Set([
  'int', 'float', 'bool', 'UUID', 'uuid.UUID', 'date', 'datetime', 'Decimal', 'Session', 'AsyncSession', 'BackgroundTasks',
  'Response', 'HTTPConnection', 'SecurityScopes', 'HTTPAuthorizationCredentials', 'OAuth2PasswordRequestForm',
]);

/** Annotations that leave a FastAPI parameter as raw, unbounded request data. */
export const RAW_PYTHON_TYPES = /^(Optional\[)?(str|bytes|dict|list|Any|Dict|List|Json|UploadFile|typing\.Any|dict\[.*\]|list\[.*\]|Dict\[.*\]|List\[.*\])\]?( \| None)?$/;

export const ROUTE_METHODS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'api_route', 'websocket', 'websocket_route', 'head', 'options', 'all', 'use', 'on']);

/** Method names whose result on a tainted string is still the tainted string. Anything else on a tainted receiver propagates too. */
export const CONTAINER_MUTATORS = new Set(['append', 'extend', 'insert', 'update', 'add', 'push', 'unshift', 'set', 'appendleft', 'setdefault']);

/**
 * What the passes recognise by name themselves, outside the specification: kept here as data so that the
 * words a flow needs (words.ts) are read from the same values the passes test.
 */

/** Message roles whose content is a prompt sink, in message dictionaries/objects and `(role, content)` pairs. */
export const MESSAGE_ROLE_SINKS: ReadonlyMap<string, 'prompt-system' | 'prompt-user'> = new Map([
  ['system', 'prompt-system'],
  ['developer', 'prompt-system'],
  ['user', 'prompt-user'],
  ['human', 'prompt-user'],
]);
/** Members of model output that hold a tool call's arguments (`call.function.arguments`, Anthropic `block.input`): tool-args. */
export const TOOL_CALL_MEMBERS: ReadonlySet<string> = new Set(['arguments', 'input']);
/** Python decorators (import-resolved names, or their last parts) that make a function a model's tool. */
export const PYTHON_TOOL_DECORATORS = ['tool', 'function_tool', 'mcp.tool', 'server.tool'] as const;
/** Python modules whose import makes a function with a `request` parameter a Django (or DRF) view. */
export const DJANGO_MODULES = ['django', 'rest_framework'] as const;
/** The Slack Bolt module, whose listeners' payload arguments are request data. */
export const SLACK_BOLT_MODULES = { python: 'slack_bolt', javascript: '@slack/bolt' } as const;
/** Exported functions of these names are Next.js route handlers. */
export const NEXT_HANDLERS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** The directive that makes functions server actions, whose parameters are form data. */
export const SERVER_ACTION_DIRECTIVE = 'use server';
/** JS/TS parameter type that is form data wherever it appears. */
export const FORM_DATA_TYPE = 'FormData';
/** JS/TS parameters that hold a request object: `req` anywhere, `request` in a handler or typed `Request`. */
export const JS_REQUEST_PARAMETERS = { always: 'req', inHandlers: 'request', type: 'Request' } as const;
/** Vercel AI SDK tools: `tool({ execute })`, whose `execute` receives the model's arguments. */
export const JS_TOOL = { callee: 'tool', key: 'execute' } as const;
/** Assigning to these DOM properties renders HTML; so does JSX's `dangerouslySetInnerHTML`. */
export const HTML_PROPERTIES: ReadonlySet<string> = new Set(['innerHTML', 'outerHTML']);
export const JSX_HTML_ATTRIBUTE = 'dangerouslySetInnerHTML';
/** The JS/TS environment object, read for secrets by credential name. */
export const JS_ENVIRONMENT = 'process.env';
