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
