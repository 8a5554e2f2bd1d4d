import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import rule from '../../../rules/endpoint/unprotected-ai-route';
import { run, runRuleTests } from '../../support/rule-tester';
import { initEngine } from '../../../server/src/engine';

const FASTAPI_HEAD = 'from fastapi import FastAPI, Depends, Security\nfrom openai import OpenAI\nfrom slowapi import Limiter\napp = FastAPI()\nclient = OpenAI()\n';
const FLASK_HEAD = 'from flask import Flask, request, abort\nfrom flask_limiter import Limiter\nimport anthropic\napp = Flask(__name__)\nclaude = anthropic.Anthropic()\n';
const EXPRESS_HEAD = "import express from 'express';\nimport rateLimit from 'express-rate-limit';\nimport OpenAI from 'openai';\nconst app = express();\nconst openai = new OpenAI();\n";
const CHAT = 'client.chat.completions.create(model="gpt-4o", messages=m, max_tokens=100)';

// Next.js projects: one whose middleware.ts authenticates with Clerk, one whose middleware only sets headers.
const nextProjects = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-next-'));
for (const [name, middleware] of [
  ['clerk', "import { clerkMiddleware } from '@clerk/nextjs/server';\nexport default clerkMiddleware();\n"],
  ['headers', "export function middleware(req) {\n  return NextResponse.next({ headers: { 'x-frame-options': 'DENY' } });\n}\n"],
]) {
  fs.mkdirSync(path.join(nextProjects, name, 'src', 'app', 'api', 'chat'), { recursive: true });
  fs.writeFileSync(path.join(nextProjects, name, 'package.json'), '{}');
  fs.writeFileSync(path.join(nextProjects, name, 'src', 'middleware.ts'), middleware);
}
fs.mkdirSync(path.join(nextProjects, 'gateway', 'api'), { recursive: true });
fs.writeFileSync(path.join(nextProjects, 'gateway', 'pyproject.toml'), '[project]\nname = "api"\n');
fs.writeFileSync(path.join(nextProjects, 'gateway', 'nginx.conf'), 'http {\n  limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n}\n');
after(() => fs.rmSync(nextProjects, { recursive: true, force: true }));
const NEXT_ROUTE = "import { Ratelimit } from '@upstash/ratelimit';\nimport { streamText } from 'ai';\nexport async function POST(req: Request) {\n  return streamText({ model, prompt: await req.text() }).toTextStreamResponse();\n}\n";

runRuleTests(rule, {
  valid: [
    // FastAPI
    { name: 'FastAPI: Depends(get_current_user) parameter', language: 'python', code: `${FASTAPI_HEAD}@app.post("/chat")\ndef chat(m: list, user=Depends(get_current_user)):\n    return ${CHAT}\n` },
    { name: 'FastAPI: dependencies=[Security(...)] on the route', language: 'python', code: `${FASTAPI_HEAD}@app.post("/chat", dependencies=[Security(api_key_header)])\ndef chat(m: list):\n    return ${CHAT}\n` },
    {
      name: 'FastAPI: router-level dependency',
      language: 'python',
      code: `${FASTAPI_HEAD}from fastapi import APIRouter\nrouter = APIRouter(dependencies=[Depends(verify_api_key)])\n@router.post("/chat")\ndef chat(m: list):\n    return ${CHAT}\n`,
    },
    {
      name: 'FastAPI: include_router with dependencies',
      language: 'python',
      code: `${FASTAPI_HEAD}from fastapi import APIRouter\nrouter = APIRouter()\n@router.post("/chat")\ndef chat(m: list):\n    return ${CHAT}\napp.include_router(router, dependencies=[Depends(require_user)])\n`,
    },
    { name: 'FastAPI near miss: route without a model call', language: 'python', code: `${FASTAPI_HEAD}@app.get("/health")\ndef health():\n    return {"ok": True}\n` },
    // Flask
    {
      name: 'Flask: flask-login decorator',
      language: 'python',
      code: `${FLASK_HEAD}@app.route("/ask", methods=["POST"])\n@login_required\ndef ask():\n    return claude.messages.create(model="claude-3-5-sonnet-latest", max_tokens=500, messages=[])\n`,
    },
    {
      name: 'Flask: flask-httpauth auth.login_required',
      language: 'python',
      code: `${FLASK_HEAD}@app.post("/ask")\n@auth.login_required\ndef ask():\n    return claude.messages.create(model="m", max_tokens=5, messages=[])\n`,
    },
    {
      name: 'Flask: before_request API-key hook',
      language: 'python',
      code: `${FLASK_HEAD}@app.before_request\ndef check():\n    if request.headers.get("X-API-Key") != KEY:\n        abort(401)\n@app.post("/ask")\ndef ask():\n    return claude.messages.create(model="m", max_tokens=5, messages=[])\n`,
    },
    {
      name: 'Flask: credential check inside the handler',
      language: 'python',
      code: `${FLASK_HEAD}@app.post("/ask")\ndef ask():\n    if not valid(request.headers.get("Authorization")):\n        abort(403)\n    return claude.messages.create(model="m", max_tokens=5, messages=[])\n`,
    },
    {
      name: 'Flask: custom X-Admin-Token header check answering 403 inside the handler',
      language: 'python',
      code: `${FLASK_HEAD}@app.post("/admin/run")\ndef admin_run():\n    if request.headers.get("X-Admin-Token") != ADMIN_TOKEN:\n        return {"error": "forbidden"}, 403\n    return claude.messages.create(model="m", max_tokens=5, messages=[])\n`,
    },
    {
      name: 'Express: x-service-key header check answering 401 inside the handler',
      language: 'javascript',
      code: `${EXPRESS_HEAD}app.use(rateLimit());\napp.post('/chat', async (req, res) => {\n  if (req.get('x-service-key') !== process.env.KEY) return res.status(401).end();\n  res.json(await openai.chat.completions.create({ model: 'x', messages: [] }));\n});\n`,
    },
    // Django
    {
      name: 'Django: login_required function view',
      language: 'python',
      filePath: 'app/views.py',
      code: 'from django.contrib.auth.decorators import login_required\nfrom django_ratelimit.decorators import ratelimit\nimport openai\n@login_required\ndef ask(request):\n    return openai.chat.completions.create(model="m", messages=[], max_tokens=9)\n',
    },
    {
      name: 'DRF: APIView with IsAuthenticated and throttles',
      language: 'python',
      code: 'from rest_framework.views import APIView\nfrom rest_framework.permissions import IsAuthenticated\nclass Ask(APIView):\n    permission_classes = [IsAuthenticated]\n    throttle_classes = [UserRateThrottle]\n    def post(self, request):\n        return self.llm.invoke(request.data["q"])\n',
    },
    // Express
    {
      name: 'Express: route-level auth middleware',
      language: 'typescript',
      code: `${EXPRESS_HEAD}app.post('/chat', requireAuth(), async (req, res) => {\n  res.json(await openai.chat.completions.create({ model: 'gpt-4o', messages: [] }));\n});\n`,
    },
    {
      name: 'Express: app.use(passport) before the route',
      language: 'javascript',
      code: `${EXPRESS_HEAD}app.use(passport.authenticate('jwt', { session: false }));\napp.post('/chat', async (req, res) => {\n  res.json(await openai.chat.completions.create({ model: 'x', messages: [] }));\n});\n`,
    },
    {
      name: 'Express: custom key middleware answering 401',
      language: 'javascript',
      code:
        `${EXPRESS_HEAD}function checkKey(req, res, next) {\n  if (req.get('x-api-key') !== process.env.KEY) return res.status(401).end();\n  next();\n}\n` +
        "app.post('/chat', checkKey, async (req, res) => {\n  res.json(await openai.chat.completions.create({ model: 'x', messages: [] }));\n});\n",
    },
    {
      name: 'Express near miss: forwarding to a non-model path of a local server is no AI route',
      language: 'javascript',
      code: "import express from 'express';\nconst app = express();\napp.post('/upload', async (req, res) => {\n  res.json(await (await fetch('http://localhost:8000/v1/files', { method: 'POST' })).json());\n});\n",
    },
    {
      name: 'Express: router mounted behind express-jwt',
      language: 'javascript',
      code:
        `${EXPRESS_HEAD}const router = express.Router();\nrouter.post('/chat', async (req, res) => {\n  res.json(await openai.chat.completions.create({ model: 'x', messages: [] }));\n});\n` +
        "app.use('/api', expressjwt({ secret, algorithms: ['HS256'] }), router);\n",
    },
    {
      name: 'Express near miss: axios.post to a URL is not a route',
      language: 'javascript',
      code: `${EXPRESS_HEAD}axios.post('/chat', { q: 1 });\n`,
    },
    // Fastify
    {
      name: 'Fastify: preHandler authenticate and @fastify/rate-limit',
      language: 'typescript',
      code:
        "import Fastify from 'fastify';\nimport rateLimit from '@fastify/rate-limit';\nconst fastify = Fastify();\nawait fastify.register(rateLimit, { max: 20 });\n" +
        "fastify.post('/chat', { preHandler: [fastify.authenticate] }, async (req) => {\n  return openai.chat.completions.create({ model: 'x', messages: [] });\n});\n",
    },
    {
      name: 'Fastify: onRequest hook checking a bearer token',
      language: 'javascript',
      code:
        "const fastify = require('fastify')();\nconst { RateLimiterMemory } = require('rate-limiter-flexible');\n" +
        "fastify.addHook('onRequest', async (req, reply) => {\n  if (req.headers.authorization !== `Bearer ${TOKEN}`) reply.code(401).send();\n});\n" +
        "fastify.route({ method: 'POST', url: '/chat', handler: async (req) => anthropicClient.messages.create({ model: 'x', max_tokens: 9, messages: [] }) });\n",
    },
    // Hono
    {
      name: 'Hono: bearerAuth on all routes',
      language: 'typescript',
      code:
        "import { Hono } from 'hono';\nimport { bearerAuth } from 'hono/bearer-auth';\nimport { rateLimiter } from 'hono-rate-limiter';\nconst app = new Hono();\napp.use('/api/*', bearerAuth({ token }));\n" +
        "app.post('/api/chat', async (c) => c.json(await generateText({ model, prompt: 'x' })));\n",
    },
    // Next.js
    {
      name: 'Next.js: getServerSession in the route handler',
      language: 'typescript',
      filePath: 'app/api/chat/route.ts',
      code:
        "import { getServerSession } from 'next-auth';\nimport { Ratelimit } from '@upstash/ratelimit';\nimport { streamText } from 'ai';\n" +
        "export async function POST(req: Request) {\n  const session = await getServerSession(authOptions);\n  if (!session) return new Response('Unauthorized', { status: 401 });\n  return streamText({ model, prompt: 'x' }).toDataStreamResponse();\n}\n",
    },
    {
      name: 'Next.js: a per-user daily quota checked in the handler, turned away with a rate_limit error',
      language: 'typescript',
      filePath: 'app/api/chat/route.ts',
      code:
        "import { auth } from '@/lib/auth';\nimport { streamText } from 'ai';\n" +
        "export async function POST(req: Request) {\n  const session = await auth();\n  if (!session) return new Response('Unauthorized', { status: 401 });\n" +
        "  const sent = await countMessages(session.user.id);\n  if (sent > plans[session.user.plan].maxMessagesPerDay) return quotaError('rate_limit:chat');\n" +
        "  return streamText({ model, prompt: 'x' }).toDataStreamResponse();\n}\n",
    },
    {
      name: 'Next.js: Clerk auth() and upstream rate limiting',
      language: 'typescript',
      filePath: 'app/api/chat/route.ts',
      config: { ruleOptions: { 'endpoint/unprotected-ai-route': { rateLimitedUpstream: true } } },
      code: "import { auth } from '@clerk/nextjs/server';\nimport { generateText } from 'ai';\nexport const POST = async (req: Request) => {\n  const { userId } = await auth();\n  return Response.json(await generateText({ model, prompt: 'x' }));\n};\n",
    },
    {
      name: 'Next.js: Clerk middleware.ts protects route handlers',
      language: 'typescript',
      filePath: path.join(nextProjects, 'clerk', 'src', 'app', 'api', 'chat', 'route.ts'),
      code: NEXT_ROUTE,
    },
    {
      name: 'FastAPI: authenticated, rate-limited by the nginx gateway of the project',
      language: 'python',
      filePath: path.join(nextProjects, 'gateway', 'api', 'main.py'),
      code: 'from fastapi import FastAPI, Depends\nimport litellm\napp = FastAPI()\n@app.post("/chat")\nasync def chat(m: list, user=Depends(current_user)):\n    return await litellm.acompletion(model="m", messages=m)\n',
    },
    {
      name: 'FastAPI: @app.middleware("http") checking an API key',
      language: 'python',
      code:
        `${FASTAPI_HEAD}@app.middleware("http")\nasync def require_key(request, call_next):\n    if request.headers.get("x-api-key") != KEY:\n        return JSONResponse(status_code=401, content={})\n    return await call_next(request)\n` +
        `@app.post("/chat")\ndef chat(m: list):\n    return ${CHAT}\n`,
    },
    {
      name: 'Starlette: AuthenticationMiddleware',
      language: 'python',
      code: `${FASTAPI_HEAD}app.add_middleware(AuthenticationMiddleware, backend=TokenBackend())\n@app.post("/chat")\ndef chat(m: list):\n    return ${CHAT}\n`,
    },
    {
      name: 'Next.js near miss: GET without a model call',
      language: 'typescript',
      filePath: 'app/api/health/route.ts',
      code: 'export async function GET() {\n  return Response.json({ ok: true });\n}\n',
    },
  ],
  invalid: [
    {
      name: 'SDK table: a route calling a Bedrock runtime client, whatever it is called',
      language: 'python',
      code: 'import boto3\nfrom fastapi import FastAPI\napp = FastAPI()\nbrt = boto3.client("bedrock-runtime")\n@app.post("/ask")\ndef ask(q: str):\n    return brt.converse(modelId="m", messages=[])\n',
      findings: [{ line: 5, messageIncludes: 'brt.converse' }],
    },
    {
      name: 'FastAPI: no auth, no rate limit; dependency is a DB session',
      language: 'python',
      code: 'from fastapi import FastAPI, Depends\nfrom openai import OpenAI\napp = FastAPI()\nclient = OpenAI()\n@app.post("/chat")\ndef chat(m: list, db=Depends(get_db)):\n    return client.chat.completions.create(model="m", messages=m)\n',
      findings: [{ line: 5, messageIncludes: ['POST /chat', 'no authentication', 'rate-limits'], text: '@app.post("/chat")' }],
    },
    {
      name: 'FastAPI: authenticated but no rate limiting anywhere',
      language: 'python',
      code: 'from fastapi import FastAPI, Depends\nimport litellm\napp = FastAPI()\n@app.post("/chat")\nasync def chat(m: list, user=Depends(current_user)):\n    return await litellm.acompletion(model="m", messages=m)\n',
      findings: [{ line: 4, messageIncludes: 'nothing in this app rate-limits' }],
    },
    {
      name: 'Flask near miss: a non-credential header and a 403 is no authentication',
      language: 'python',
      code: `${FLASK_HEAD}@app.post("/ask")\ndef ask():\n    if request.headers.get("X-Request-Id") is None:\n        abort(403)\n    return claude.messages.create(model="m", max_tokens=5, messages=[])\n`,
      findings: [{ line: 6, messageIncludes: ['POST /ask', 'no authentication'] }],
    },
    {
      name: 'Flask: transformers pipeline through a helper function',
      language: 'python',
      code:
        'from flask import Flask, request\nfrom transformers import pipeline\nfrom flask_limiter import Limiter\napp = Flask(__name__)\ngenerator = pipeline("text-generation")\n' +
        'def answer(q):\n    return generator(q)[0]["generated_text"]\n@app.route("/predict", methods=["POST"])\ndef predict():\n    return answer(request.json["q"])\n',
      findings: [{ line: 8, messageIncludes: ['POST /predict', 'generator', 'no authentication'] }],
    },
    {
      name: 'Django: DRF AllowAny api_view calling model.generate',
      language: 'python',
      code:
        'from rest_framework.decorators import api_view, permission_classes, throttle_classes\nfrom rest_framework.permissions import AllowAny\n' +
        '@api_view(["POST"])\n@permission_classes([AllowAny])\n@throttle_classes([AnonRateThrottle])\ndef generate(request):\n    return model.generate(**tokenizer(request.data["q"], return_tensors="pt"))\n',
      findings: [{ line: 3, messageIncludes: 'View `generate` calls a model' }],
    },
    {
      name: 'Express: seed example, model call with no middleware',
      language: 'javascript',
      code: `${EXPRESS_HEAD}app.post('/predict', async (req, res) => {\n  const r = await openai.chat.completions.create({ model: 'x', messages: [] });\n  res.json(r);\n});\n`,
      findings: [{ line: 6, messageIncludes: ['POST /predict', 'openai.chat.completions.create'], text: "app.post('/predict', async (req, res) => {" }],
    },
    {
      name: 'Express near miss: app.use(auth) after the route does not protect it',
      language: 'javascript',
      code: `${EXPRESS_HEAD}app.post('/chat', async (req, res) => {\n  res.json(await openai.responses.create({ model: 'x', input: 'y' }));\n});\napp.use(requireAuth);\n`,
      findings: [{ line: 6, messageIncludes: 'no authentication' }],
    },
    {
      name: 'Express: proxy to a self-hosted OpenAI-compatible server (vLLM) is an AI route',
      language: 'javascript',
      code: "import express from 'express';\nconst app = express();\napp.post('/v1/chat/completions', async (req, res) => {\n  const r = await fetch('http://localhost:8000/v1/chat/completions', { method: 'POST', body: JSON.stringify(req.body) });\n  res.json(await r.json());\n});\n",
      findings: [{ line: 3, messageIncludes: ['POST /v1/chat/completions', 'fetch(/v1/chat/completions)', 'no authentication'] }],
    },
    {
      name: 'Express: axios to a configured OpenAI-compatible base URL is an AI route',
      language: 'javascript',
      code: "import express from 'express';\nimport axios from 'axios';\nconst app = express();\napp.post('/ask', async (req, res) => {\n  res.json((await axios.post(`${process.env.LLM_BASE}/v1/completions`, req.body)).data);\n});\n",
      findings: [{ line: 4, messageIncludes: ['POST /ask', 'no authentication'] }],
    },
    {
      name: 'Fastify: route object without preHandler',
      language: 'typescript',
      code:
        "import Fastify from 'fastify';\nimport rateLimit from '@fastify/rate-limit';\nconst fastify = Fastify();\n" +
        "fastify.route({\n  method: 'POST',\n  url: '/chat',\n  handler: async (req) => ollama.chat({ model: 'llama3', messages: [] }),\n});\n",
      findings: [{ line: 4, messageIncludes: 'POST /chat' }],
    },
    {
      name: 'Hono: open route with Vercel AI SDK',
      language: 'typescript',
      code: "import { Hono } from 'hono';\nimport { generateText } from 'ai';\nconst app = new Hono();\napp.post('/chat', async (c) => c.json(await generateText({ model, prompt: await c.req.text() })));\n",
      findings: [{ line: 4, messageIncludes: ['no authentication', 'rate-limits'] }],
    },
    {
      name: 'Next.js: exported POST with fetch to the OpenAI API',
      language: 'typescript',
      filePath: 'app/api/chat/route.ts',
      code: "export async function POST(req: Request) {\n  const r = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: await req.text() });\n  return r;\n}\n",
      findings: [{ line: 1, messageIncludes: 'Route handler POST', text: 'export async function POST(req: Request) {' }],
    },
    {
      name: 'Next.js: middleware.ts that does not authenticate',
      language: 'typescript',
      filePath: path.join(nextProjects, 'headers', 'src', 'app', 'api', 'chat', 'route.ts'),
      code: NEXT_ROUTE,
      findings: [{ line: 3, messageIncludes: 'no authentication' }],
    },
    {
      name: 'Next.js: pages/api default export',
      language: 'javascript',
      filePath: 'pages/api/chat.js',
      code: "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport default async function handler(req, res) {\n  res.json(await client.chat.completions.create({ model: 'x', messages: req.body.messages }));\n}\n",
      findings: [{ line: 3 }],
    },
  ],
});

describe('endpoint/unprotected-ai-route: one rate-limit warning per app', () => {
  before(() => initEngine());

  it('puts the rate-limit warning only on the first AI route, and says both only there', () => {
    const code =
      'from fastapi import FastAPI, Depends\nfrom openai import OpenAI\napp = FastAPI()\nclient = OpenAI()\n' +
      '@app.post("/a")\ndef a(u=Depends(get_current_user)):\n    return client.chat.completions.create(model="m", messages=[])\n' +
      '@app.post("/b")\ndef b():\n    return client.chat.completions.create(model="m", messages=[])\n' +
      '@app.post("/c")\ndef c(u=Depends(get_current_user)):\n    return client.embeddings.create(model="m", input="x")\n';
    const findings = run(rule, { code, language: 'python' });
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [5, 8],
    );
    const rateLimitMentions = findings.filter((f) => f.message.includes('rate-limit'));
    assert.equal(rateLimitMentions.length, 1);
    assert.equal(rateLimitMentions[0].range.start.line + 1, 5);
    assert.ok(!findings[1].message.includes('rate-limit'));
  });

  it('gives one finding saying both when the first AI route has neither', () => {
    const code =
      "import express from 'express';\nconst app = express();\n" +
      "app.post('/a', async (req, res) => res.json(await openai.chat.completions.create({ model: 'x', messages: [] })));\n" +
      "app.post('/b', async (req, res) => res.json(await openai.chat.completions.create({ model: 'x', messages: [] })));\n";
    const findings = run(rule, { code, language: 'javascript' });
    assert.equal(findings.length, 2);
    assert.ok(findings[0].message.includes('no authentication') && findings[0].message.includes('rate-limits'));
    assert.ok(findings[1].message.includes('no authentication') && !findings[1].message.includes('rate-limit'));
    assert.equal(findings[0].related.at(-1)?.message.startsWith('Model call'), true);
  });
});
