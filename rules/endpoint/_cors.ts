import type { FamilyMember } from '../../server/src/engine/api';

/**
 * The CORS family: how frameworks open cross-origin access, kept as data for `permissive-cors` and its docs.
 */

export const ALLOW_ORIGIN = 'access-control-allow-origin';
export const ALLOW_CREDENTIALS = 'access-control-allow-credentials';

/** How each framework's CORS options allow credentials, as the rule reads them. */
export const STARLETTE_CREDENTIALS = 'allow_credentials';
export const FLASK_CORS_CREDENTIALS = 'supports_credentials';
export const DJANGO_CREDENTIALS = 'CORS_ALLOW_CREDENTIALS';
export const JS_CREDENTIALS = 'credentials';

/**
 * Prefilter words (`meta.requires`): a finding on a CORS configuration needs its credentials setting; one on a
 * hand-written header needs the Access-Control-Allow-Origin header's name, in whatever case it is written
 * (header names are compared lower-cased).
 */
export const CORS_WORDS = [
  STARLETTE_CREDENTIALS,
  FLASK_CORS_CREDENTIALS,
  DJANGO_CREDENTIALS,
  JS_CREDENTIALS,
  new RegExp(ALLOW_ORIGIN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'),
];

/** Methods that set a response header from a name and a value: Express, Fastify, Koa, Hono, `Headers`, Flask/Werkzeug headers. */
export const JS_HEADER_SETTERS = new Set(['setHeader', 'header', 'set', 'append']);
export const PYTHON_HEADER_SETTERS = new Set(['add', 'set', 'setdefault', 'add_header', '__setitem__']);

/** Keys of CORS options objects that tell them apart from other `{ origin, credentials }` objects. */
export const JS_CORS_OPTION_KEYS = ['methods', 'allowedHeaders', 'allowHeaders', 'exposedHeaders', 'exposeHeaders', 'maxAge'];

/** Regex origins that match everything. */
export const WILDCARD_REGEX = /^(?:\.\*|\^?\.\*\$?|\.\+|https?:\/\/\.\*)$/;

export const CORS_FAMILY: readonly FamilyMember[] = [
  { member: 'FastAPI/Starlette `CORSMiddleware` with `allow_origins=["*"]` or a catch-all `allow_origin_regex`, and `allow_credentials=True`', cwe: [942], why: 'Starlette answers a credentialed request from any origin by echoing it back, with cookies allowed.' },
  { member: 'Flask-CORS `CORS(app, supports_credentials=True)` / `@cross_origin(...)` with default or `"*"` origins', cwe: [942], why: 'Same reflection: any site can read the logged-in user\'s responses.' },
  { member: 'django-cors-headers `CORS_ALLOW_ALL_ORIGINS = True` with `CORS_ALLOW_CREDENTIALS = True`', cwe: [942], why: 'Every origin is allowed to send the session cookie and read the answer.' },
  { member: '`cors` (Express), `@fastify/cors`, Hono `cors()` with `origin: "*"`/`true`/a catch-all regex or callback and `credentials: true`', cwe: [942], why: '`origin: true` and accept-all callbacks reflect the caller\'s origin.' },
  { member: 'A hand-written `Access-Control-Allow-Origin` header set from request data (Express `res.setHeader`/`res.set`/`res.header`, Fastify `reply.header`, Next.js `headers.set`, a `headers` object or `next.config.js` key/value entries, Flask/FastAPI `response.headers[...]`, Django `response[...]`)', cwe: [942, 346], why: 'Echoing the Origin header (or any request value) allows every origin; with `Access-Control-Allow-Credentials: true` any site reads the user\'s data (warning), without it only public data (info).' },
  { member: 'Origins given through a module constant (`origins = ["*"]; allow_origins=origins`)', cwe: [942], why: 'The constant is followed to its value.' },
];
