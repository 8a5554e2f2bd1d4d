import rule from '../../../rules/endpoint/permissive-cors';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'next.config.js headers(): * without credentials', language: 'javascript', code: "module.exports = { async headers() { return [{ source: '/api/:path*', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] }]; } };\n" },
    { name: 'Django: other headers from META', language: 'python', code: 'def view(request):\n    r = HttpResponse()\n    r["X-Forwarded-For"] = request.META.get("REMOTE_ADDR")\n    r["Access-Control-Allow-Origin"] = settings.FRONTEND_ORIGIN\n    return r\n' },
    { name: 'Express: origin from an allow-list lookup is not request data', language: 'javascript', code: "app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', ALLOWED_ORIGIN);\n  next();\n});\n" },
    { name: 'Express: * without credentials', language: 'javascript', code: "res.setHeader('Access-Control-Allow-Origin', '*');\n" },
    { name: 'Flask: fixed origin with credentials', language: 'python', code: 'resp.headers["Access-Control-Allow-Origin"] = "https://app.example.com"\nresp.headers["Access-Control-Allow-Credentials"] = "true"\n' },
    { name: 'FastAPI: constant list of origins with credentials', language: 'python', code: 'ORIGINS = ["https://a.example"]\napp.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)\n' },
    { name: 'FastAPI: wildcard constant reassigned is not followed', language: 'python', code: 'origins = ["*"]\norigins = load_origins()\napp.add_middleware(CORSMiddleware, allow_origins=origins, allow_credentials=True)\n' },
    { name: 'Next.js: other headers from the request', language: 'typescript', code: "export async function GET(req: Request) {\n  return new Response('ok', { headers: { 'X-Request-Id': req.headers.get('x-request-id') ?? '' } });\n}\n" },
    {
      name: 'FastAPI: listed origins with credentials',
      language: 'python',
      code: 'from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)\n',
    },
    { name: 'FastAPI near miss: any origin without credentials', language: 'python', code: 'app.add_middleware(CORSMiddleware, allow_origins=["*"])\n' },
    { name: 'Flask-CORS: listed origins', language: 'python', code: 'from flask_cors import CORS\nCORS(app, origins=["https://a.example"], supports_credentials=True)\n' },
    { name: 'Django: all origins without credentials', language: 'python', filePath: 'settings.py', code: 'CORS_ALLOW_ALL_ORIGINS = True\n' },
    { name: 'Express cors near miss: public API without credentials', language: 'javascript', code: "app.use(cors({ origin: '*' }));\n" },
    { name: 'Express cors: allow-list with credentials', language: 'typescript', code: "app.use(cors({ origin: ['https://a.example'], credentials: true }));\n" },
    { name: 'near miss: non-CORS object', language: 'javascript', code: "const ws = connect({ origin: '*', credentials: true });\n" },
  ],
  invalid: [
    {
      name: 'next.config.js headers(): * with credentials as key/value entries',
      language: 'javascript',
      code:
        "module.exports = {\n  async headers() {\n    return [{ source: '/api/:path*', headers: [\n" +
        "      { key: 'Access-Control-Allow-Credentials', value: 'true' },\n      { key: 'Access-Control-Allow-Origin', value: '*' },\n    ] }];\n  },\n};\n",
      findings: [{ line: 5, text: "'*'" }],
    },
    {
      name: 'Django response subscript from META, with credentials; Koa ctx.set from ctx.get',
      language: 'python',
      code:
        'def view(request):\n    response = JsonResponse(data)\n    response["Access-Control-Allow-Origin"] = request.META.get("HTTP_ORIGIN")\n' +
        '    response["Access-Control-Allow-Credentials"] = "true"\n    return response\n',
      findings: [{ line: 3, severity: 'warning' }],
    },
    {
      name: 'Koa ctx.set from ctx.get("Origin")',
      language: 'javascript',
      code: "app.use(async (ctx, next) => {\n  ctx.set('Access-Control-Allow-Origin', ctx.get('Origin'));\n  await next();\n});\n",
      findings: [{ line: 2, severity: 'info' }],
    },
    {
      name: 'FastAPI: wildcard origins through a module constant',
      language: 'python',
      code: 'from fastapi.middleware.cors import CORSMiddleware\norigins = ["*"]\napp.add_middleware(\n    CORSMiddleware,\n    allow_origins=origins,\n    allow_credentials=True,\n)\n',
      findings: [{ line: 5, text: 'allow_origins=origins' }],
      output: 'from fastapi.middleware.cors import CORSMiddleware\norigins = ["*"]\napp.add_middleware(\n    CORSMiddleware,\n    allow_origins=origins,\n)\n',
    },
    {
      name: 'Flask-CORS: origins constant',
      language: 'python',
      code: 'from flask_cors import CORS\nALLOWED = "*"\nCORS(app, origins=ALLOWED, supports_credentials=True)\n',
      findings: [{ line: 3, text: 'origins=ALLOWED' }],
    },
    {
      name: 'Express cors: origin through a constant',
      language: 'javascript',
      code: "const ANY = '*';\napp.use(cors({ origin: ANY, credentials: true }));\n",
      findings: [{ line: 2, text: 'origin: ANY' }],
    },
    {
      name: 'Express: reflected origin through a local variable, without credentials (info)',
      language: 'javascript',
      code: "app.use((req, res, next) => {\n  const origin = req.headers.origin;\n  res.setHeader('Access-Control-Allow-Origin', origin);\n  next();\n});\n",
      findings: [{ line: 3, text: 'origin', severity: 'info' }],
    },
    {
      name: 'Express: origin from a query parameter with credentials',
      language: 'javascript',
      code: "app.get('/x', (req, res) => {\n  res.set('Access-Control-Allow-Origin', req.query.origin);\n  res.set('Access-Control-Allow-Credentials', 'true');\n});\n",
      findings: [{ line: 2, text: 'req.query.origin', severity: 'warning' }],
    },
    {
      name: 'Fastify reply.header reflected origin',
      language: 'javascript',
      code: "fastify.get('/chat', async (request, reply) => {\n  reply.header('Access-Control-Allow-Origin', request.headers.origin);\n  reply.header('Access-Control-Allow-Credentials', true);\n});\n",
      findings: [{ line: 2, severity: 'warning' }],
    },
    {
      name: 'Next.js route handler: headers object and headers.set',
      language: 'typescript',
      code:
        "export async function POST(req: Request) {\n  const res = Response.json({ ok: true }, { headers: { 'Access-Control-Allow-Origin': req.headers.get('origin') ?? '' } });\n" +
        "  res.headers.set('Access-Control-Allow-Origin', req.headers.get('origin')!);\n  return res;\n}\n",
      findings: [{ line: 2, severity: 'info' }, { line: 3, severity: 'info' }],
    },
    {
      name: 'Flask: reflected origin with credentials',
      language: 'python',
      code:
        'from flask import request\n@app.after_request\ndef cors(resp):\n    resp.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")\n' +
        '    resp.headers["Access-Control-Allow-Credentials"] = "true"\n    return resp\n',
      findings: [{ line: 4, text: 'request.headers.get("Origin")', severity: 'warning' }],
    },
    {
      name: 'FastAPI: reflected origin through a variable, headers.add and a headers dict (info)',
      language: 'python',
      code:
        'from fastapi import Request, Response\nasync def h(request: Request):\n    origin = request.headers.get("origin")\n' +
        '    r = Response(content="x", headers={"Access-Control-Allow-Origin": origin})\n    r.headers.append("Vary", "Origin")\n    r.headers.setdefault("access-control-allow-origin", request.headers["origin"])\n    return r\n',
      findings: [{ line: 4, severity: 'info', text: 'origin' }, { line: 6, severity: 'info' }],
    },
    {
      name: 'FastAPI CORSMiddleware * with credentials',
      language: 'python',
      code: 'from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(\n    CORSMiddleware,\n    allow_origins=["*"],\n    allow_credentials=True,\n)\n',
      findings: [{ line: 4, text: 'allow_origins=["*"]' }],
      output: 'from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(\n    CORSMiddleware,\n    allow_origins=["*"],\n)\n',
    },
    {
      name: 'Starlette Middleware with a catch-all regex',
      language: 'python',
      code: 'middleware = [Middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)]\n',
      findings: [{ line: 1, text: 'allow_origin_regex=".*"' }],
    },
    {
      name: 'Flask-CORS default origins with supports_credentials',
      language: 'python',
      code: 'from flask_cors import CORS\nCORS(app, supports_credentials=True)\n',
      findings: [{ line: 2, messageIncludes: 'default' }],
      output: 'from flask_cors import CORS\nCORS(app)\n',
    },
    {
      name: 'django-cors-headers settings',
      language: 'python',
      filePath: 'proj/settings.py',
      code: 'CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\nX = 1\n',
      findings: [{ line: 1 }],
      output: 'CORS_ALLOW_ALL_ORIGINS = True\nX = 1\n',
    },
    {
      name: 'Express cors origin: true (reflect) with credentials',
      language: 'javascript',
      code: "const cors = require('cors');\napp.use(cors({ origin: true, credentials: true }));\n",
      findings: [{ line: 2, text: 'origin: true' }],
      output: "const cors = require('cors');\napp.use(cors({ origin: true }));\n",
    },
    {
      name: '@fastify/cors with a permissive callback',
      language: 'typescript',
      code: "await fastify.register(cors, { origin: (origin, cb) => cb(null, true), credentials: true });\n",
      findings: [{ line: 1 }],
    },
    {
      name: 'Hono cors *',
      language: 'typescript',
      code: "app.use('/api/*', cors({ origin: '*', credentials: true, allowMethods: ['POST'] }));\n",
      findings: [{ line: 1, text: "origin: '*'" }],
    },
    {
      name: 'hand-written reflected origin with credentials',
      language: 'javascript',
      code: "app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n});\n",
      findings: [{ line: 2, text: 'req.headers.origin' }],
    },
  ],
});
