import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, initEngine } from '../../server/src/engine';
import { defineRule, webApp, type WebApp } from '../../server/src/engine/api';
import { probeMeta } from '../support/probe-meta';

interface Discovered {
  routes: string[];
  methods: string[];
  via: (string | undefined)[];
  rateLimiter: string | undefined;
}

/** Runs route discovery on a snippet through a probe rule, the way rules see it (nodes are read before the tree is freed). */
function discover(code: string, language: string, filePath?: string): Discovered {
  let result: Discovered | undefined;
  const probe = defineRule({
    meta: probeMeta('endpoint/probe', ['python', 'javascript'], { severity: 'info' }),
    create(context) {
      return {
        $exit: () => {
          const app = webApp(context);
          result = { routes: summary(app), methods: app.routes.map((r) => r.method), via: app.routes.map((r) => r.modelCall?.via?.text), rateLimiter: app.rateLimiter };
        },
      };
    },
  });
  const { notes } = analyze(code, language, { rules: [probe], filePath });
  assert.deepEqual(notes, []);
  return result!;
}

function summary(app: WebApp): string[] {
  return app.routes.map((r) => `${r.framework} ${r.method} ${r.path ?? '-'} auth=${r.auth ?? '-'} model=${r.modelCall?.name ?? '-'}`);
}

describe('web route discovery', () => {
  before(() => initEngine());

  it('finds FastAPI routes with parameter, route and router dependencies', () => {
    const app = discover(
      'from fastapi import FastAPI, APIRouter, Depends\nimport openai\napp = FastAPI()\nr = APIRouter(dependencies=[Depends(verify_token)])\n' +
        '@app.get("/a")\ndef a(db=Depends(get_db)):\n    return 1\n' +
        '@app.api_route("/b", methods=["POST"])\ndef b(user=Depends(get_current_user)):\n    return openai.chat.completions.create(model="m", messages=[])\n' +
        '@r.post("/c")\ndef c():\n    return 1\n',
      'python',
    );
    assert.deepEqual(app.routes, [
      'fastapi GET /a auth=- model=-',
      'fastapi POST /b auth=Depends(get_current_user) model=openai.chat.completions.create',
      'fastapi POST /c auth=Depends(verify_token) model=-',
    ]);
    assert.equal(app.rateLimiter, undefined);
  });

  it('follows a Flask handler into a helper that calls the model, and sees flask-limiter', () => {
    const app = discover(
      'from flask import Flask\nfrom flask_limiter import Limiter\nfrom langchain_openai import ChatOpenAI\napp = Flask(__name__)\nllm = ChatOpenAI()\n' +
        'def ask(q):\n    return llm.invoke(q)\n@app.route("/q")\ndef q():\n    return ask("x")\n',
      'python',
    );
    assert.deepEqual(app.routes, ['flask GET /q auth=- model=llm.invoke']);
    assert.deepEqual(app.via, ['ask("x")']);
    assert.equal(app.rateLimiter, 'flask_limiter');
  });

  it('finds Express routes, app.route chains and middleware order', () => {
    const app = discover(
      "const express = require('express');\nconst app = express();\n" +
        "app.get('/open', (req, res) => res.send(client.messages.create({ model: 'x', max_tokens: 5, messages: [] })));\n" +
        'app.use(isAuthenticated);\n' +
        "app.route('/closed').post((req, res) => res.send(client.messages.create({ model: 'x', max_tokens: 5, messages: [] })));\n",
      'javascript',
    );
    assert.deepEqual(app.routes, [
      'express GET /open auth=- model=client.messages.create',
      'express POST /closed auth=isAuthenticated model=client.messages.create',
    ]);
  });

  it('puts routers mounted after app-wide auth behind it (Express, Koa), but not routers mounted before', () => {
    const express = discover(
      "import express from 'express';\nconst app = express();\nconst open = express.Router();\nconst api = express.Router();\n" +
        "open.post('/o', (req, res) => res.json(llm.invoke(req.body.q)));\napi.post('/a', (req, res) => res.json(llm.invoke(req.body.q)));\n" +
        "app.use('/open', open);\napp.use(requireAuth);\napp.use('/api', api);\n",
      'javascript',
    );
    assert.deepEqual(express.routes, ['express POST /o auth=- model=llm.invoke', 'express POST /a auth=requireAuth model=llm.invoke']);
    const koa = discover(
      "import Koa from 'koa';\nimport Router from '@koa/router';\nimport jwt from 'koa-jwt';\nconst app = new Koa();\nconst router = new Router();\n" +
        "router.post('/chat', async (ctx) => { ctx.body = await model.generate(ctx.request.body); });\napp.use(jwt({ secret }));\napp.use(router.routes());\n",
      'javascript',
    );
    assert.deepEqual(koa.routes, ['koa POST /chat auth=jwt({ secret }) model=model.generate']);
  });

  it('finds Next.js route handlers only in route files or files importing next', () => {
    const code = "export async function POST(req) {\n  return Response.json(await generateText({ model, prompt: 'x' }));\n}\n";
    assert.deepEqual(discover(code, 'typescript', 'lib/util.ts').routes, []);
    assert.deepEqual(discover(code, 'typescript', 'app/api/x/route.ts').methods, ['POST']);
  });

  it('does not take boto3 invoke or Twilio messages.create for model calls', () => {
    const app = discover(
      'import boto3\nfrom twilio.rest import Client\nfrom flask import Flask\napp = Flask(__name__)\nlambda_client = boto3.client("lambda")\nclient = Client()\n' +
        '@app.post("/a")\ndef a():\n    return lambda_client.invoke(FunctionName="f")\n' +
        '@app.post("/b")\ndef b():\n    return client.messages.create(to="+1", body="hi")\n' +
        '@app.post("/c")\ndef c():\n    return rag_chain.invoke("q")\n',
      'python',
    );
    assert.deepEqual(app.routes, ['flask POST /a auth=- model=-', 'flask POST /b auth=- model=-', 'flask POST /c auth=- model=rag_chain.invoke']);
  });

  it('finds routes registered inside a Flask app factory', () => {
    const app = discover(
      'from flask import Flask\nimport openai\ndef create_app():\n    app = Flask(__name__)\n    @app.route("/chat", methods=["POST"])\n    def chat():\n        return openai.chat.completions.create(model="m", messages=[])\n    return app\n',
      'python',
    );
    assert.deepEqual(app.routes, ['flask POST /chat auth=- model=openai.chat.completions.create']);
  });

  it('applies Django project settings: DRF default permissions and LoginRequiredMiddleware', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-django-'));
    try {
      for (const [project, settings] of [
        ['drf', "REST_FRAMEWORK = {\n    'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticated'],\n}\n"],
        ['mw', "MIDDLEWARE = [\n    'django.contrib.auth.middleware.LoginRequiredMiddleware',\n]\n"],
      ]) {
        fs.mkdirSync(path.join(root, project, 'site'), { recursive: true });
        fs.mkdirSync(path.join(root, project, 'chat'));
        fs.writeFileSync(path.join(root, project, 'manage.py'), '');
        fs.writeFileSync(path.join(root, project, 'site', 'settings.py'), settings);
      }
      const views =
        'from rest_framework.decorators import api_view, permission_classes\nfrom rest_framework.permissions import AllowAny\n' +
        '@api_view(["POST"])\ndef ask(request):\n    return llm.invoke(request.data["q"])\n' +
        '@api_view(["POST"])\n@permission_classes([AllowAny])\ndef open_ask(request):\n    return llm.invoke(request.data["q"])\n';
      assert.deepEqual(discover(views, 'python', path.join(root, 'drf', 'chat', 'views.py')).routes, [
        "django POST - auth=DEFAULT_PERMISSION_CLASSES ('rest_framework.permissions.IsAuthenticated') model=llm.invoke",
        'django POST - auth=- model=llm.invoke',
      ]);
      const plain = 'from django.http import JsonResponse\ndef ask(request):\n    return JsonResponse({"a": llm.invoke(request.POST["q"])})\n';
      assert.deepEqual(discover(plain, 'python', path.join(root, 'mw', 'chat', 'views.py')).routes, ['django ANY - auth=LoginRequiredMiddleware model=llm.invoke']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds aiohttp, Quart and Sanic routes', () => {
    assert.deepEqual(
      discover('from aiohttp import web\nroutes = web.RouteTableDef()\n@routes.post("/chat")\nasync def chat(request):\n    return web.json_response(await llm.ainvoke("x"))\n', 'python').routes,
      ['aiohttp POST /chat auth=- model=llm.ainvoke'],
    );
    assert.deepEqual(
      discover('from quart import Quart\napp = Quart(__name__)\n@app.post("/chat")\nasync def chat():\n    return await llm.ainvoke("x")\n', 'python').routes,
      ['quart POST /chat auth=- model=llm.ainvoke'],
    );
    assert.deepEqual(
      discover('from sanic import Sanic\napp = Sanic("a")\n@app.post("/chat")\n@protected\nasync def chat(request):\n    return await llm.ainvoke("x")\n', 'python').routes,
      ['sanic POST /chat auth=protected model=llm.ainvoke'],
    );
  });

  it('ignores files without a web framework', () => {
    assert.deepEqual(discover('import openai\n@app.post("/x")\ndef f():\n    openai.chat.completions.create()\n', 'python').routes, []);
  });
});
