import rule from '../../../rules/endpoint/permissive-cors';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
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
