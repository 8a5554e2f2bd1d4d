import * as assert from 'node:assert/strict';
import { analyze, initEngine } from '../../server/src/engine';
import type { Rule } from '../../server/src/engine/rule';
import debugMode from '../../rules/data-leak/debug-mode';
import exceptionDetails from '../../rules/data-leak/exception-details-in-response';
import publicDemoApp from '../../rules/data-leak/public-demo-app';
import outputLimit from '../../rules/endpoint/llm-call-without-output-limit';
import timeout from '../../rules/endpoint/model-api-without-timeout';
import allInterfaces from '../../rules/endpoint/model-server-all-interfaces';
import permissiveCors from '../../rules/endpoint/permissive-cors';
import timingUnsafe from '../../rules/endpoint/timing-unsafe-comparison';
import tlsDisabled from '../../rules/endpoint/tls-verification-disabled';
import unboundedBody from '../../rules/endpoint/unbounded-request-body';
import unpinnedRevision from '../../rules/supply-chain/unpinned-model-revision';

/**
 * The prefilter words of the endpoint and data-leak rules (and unpinned-model-revision): a file without them is
 * skipped before the rule is set up, and the spellings the rules resolve (aliases, constants, local subclasses,
 * header names in any case, configuration files that name no framework) still have them. The rules' own tests
 * run every positive case through the prefilter too.
 */
interface Case {
  languageId: string;
  code: string;
  filePath?: string;
}

function run(rule: Rule, { languageId, code, filePath }: Case): { findings: number; created: number } {
  let created = 0;
  const counted: Rule = { meta: rule.meta, create: (context) => (created++, rule.create(context)) };
  const findings = analyze(code, languageId, { rules: [counted], filePath }).findings.length;
  return { findings, created };
}

const CASES: { rule: Rule; skipped: Case[]; reported: Case[] }[] = [
  {
    rule: debugMode,
    // `debug` without a server that serves it, and a server without a switch.
    skipped: [
      { languageId: 'python', code: 'import logging\nlogging.debug("starting")\nlogger.debug("x", extra={"debug": True})\n' },
      { languageId: 'python', code: 'from flask import Flask\napp = Flask(__name__)\napp.run(port=8000)\n' },
    ],
    reported: [
      { languageId: 'python', code: 'import flask as F\nON = True\napp = F.Flask(__name__)\napp.run(debug=ON)\n' },
      { languageId: 'python', code: 'from werkzeug.debug import DebuggedApplication as D\napplication = D(app)\n' },
      { languageId: 'python', code: 'DEBUG = True\nALLOWED_HOSTS = []\n', filePath: '/srv/site/settings.py' },
    ],
  },
  {
    rule: exceptionDetails,
    skipped: [{ languageId: 'typescript', code: "import express from 'express';\nconst app = express();\napp.get('/', (req, res) => res.json({ ok: true }));\n" }],
    reported: [{ languageId: 'typescript', code: "import express from 'express';\nconst app = express();\napp.post('/chat', async (req, res) => {\n  try { res.json(await answer(req.body)); } catch (err) { res.status(500).json({ error: err.message }); }\n});\n" }],
  },
  {
    rule: publicDemoApp,
    skipped: [
      { languageId: 'python', code: 'import os\nos.system("python app.py --share")\ndemo.launch(share=True)\n' },
      { languageId: 'dockerfile', code: 'FROM python:3.12\nCMD ["python", "-m", "http.server", "--bind", "0.0.0.0"]\n' },
    ],
    reported: [
      { languageId: 'python', code: 'import gradio as g\nSHARE = 1\ng.Interface(f, "text", "text").launch(share=SHARE)\n' },
      { languageId: 'dockerfile', code: 'FROM python:3.12\nCMD ["jupyter", "lab", "--ip=0.0.0.0", "--ServerApp.token="]\n' },
      // A configuration file that never says "jupyter".
      { languageId: 'python', code: 'c.ServerApp.ip = "0.0.0.0"\nc.ServerApp.token = ""\n', filePath: '/home/me/.config/server_config.py' },
    ],
  },
  {
    rule: outputLimit,
    // A common method name without the SDK it would belong to.
    skipped: [{ languageId: 'python', code: 'for chunk in response.stream():\n    generate(chunk)\n' }],
    reported: [
      { languageId: 'python', code: 'from langchain_openai import ChatOpenAI as Chat\nllm = Chat(model="gpt-4o-mini")\n' },
      { languageId: 'typescript', code: "import { streamText as st } from 'ai';\nconst result = st({ model, prompt });\n" },
      { languageId: 'python', code: 'answer = anything.chat.completions.create(model="m", messages=[])\n' },
    ],
  },
  {
    rule: timeout,
    // httpx is reported only for `timeout=None`: without the word the rule cannot report.
    skipped: [{ languageId: 'python', code: 'import httpx\nr = httpx.get(MODEL_URL)\n' }],
    reported: [
      { languageId: 'python', code: 'import huggingface_hub as hh\nclient = hh.InferenceClient(timeout=None)\n' },
      { languageId: 'typescript', code: "import Client from 'groq-sdk';\nconst groq = new Client();\n" },
    ],
  },
  {
    rule: allInterfaces,
    // Python slices contain `::` unquoted.
    skipped: [{ languageId: 'python', code: 'import openai\nimport uvicorn\nevens = items[::2]\nuvicorn.run(app, host=HOST)\n' }],
    reported: [{ languageId: 'typescript', code: "import OpenAI from 'openai';\napp.listen(3000, `0.0.0.0`);\n" }],
  },
  {
    rule: permissiveCors,
    skipped: [{ languageId: 'typescript', code: "res.setHeader('Access-Control-Max-Age', '600');\nres.setHeader('Vary', req.headers.origin);\n" }],
    reported: [
      // Header names are compared in any case.
      { languageId: 'python', code: 'def handler(request, response):\n    response.headers["ACCESS-CONTROL-ALLOW-ORIGIN"] = request.headers.get("origin")\n' },
      { languageId: 'typescript', code: "import cors from 'cors';\nconst ANY = true;\napp.use(cors({ origin: ANY, credentials: true }));\n" },
    ],
  },
  {
    rule: timingUnsafe,
    skipped: [{ languageId: 'python', code: 'import hmac\ndef check(request):\n    return hmac.compare_digest(request.headers.get("X-API-Key", ""), API_KEY)\n' }],
    reported: [{ languageId: 'typescript', code: "export function check(req) {\n  if (req.headers['x-api-key'] !== API_KEY) throw new Error('denied');\n}\n" }],
  },
  {
    rule: tlsDisabled,
    skipped: [{ languageId: 'python', code: 'import requests\nr = requests.get(url, timeout=5)\n' }],
    reported: [
      { languageId: 'python', code: 'import requests as r\nVERIFY = False\nr.get(url, verify=VERIFY)\n' },
      { languageId: 'python', code: 'import ssl as tls\nctx = tls._create_unverified_context()\n' },
      { languageId: 'typescript', code: "const INSECURE = false;\nconst agent = new https.Agent({ 'rejectUnauthorized': INSECURE });\n" },
    ],
  },
  {
    rule: unboundedBody,
    skipped: [{ languageId: 'typescript', code: "import express from 'express';\napp.use(express.json());\n" }],
    reported: [
      { languageId: 'typescript', code: "export const config = { api: { bodyParser: { 'sizeLimit': '500mb' } } };\n" },
      { languageId: 'python', code: 'app.config["MAX_CONTENT_LENGTH"] = None\n' },
    ],
  },
  {
    rule: unpinnedRevision,
    // A Hub package without a loader, and a loader's name without a Hub package.
    skipped: [
      { languageId: 'python', code: 'import transformers\nprint(transformers.__version__)\n' },
      { languageId: 'python', code: 'from mylib import from_pretrained\nm = from_pretrained("org/model")\n' },
    ],
    reported: [
      { languageId: 'python', code: 'from transformers import PreTrainedModel\nclass Local(PreTrainedModel):\n    pass\nm = Local.from_pretrained("org/model")\n' },
      { languageId: 'python', code: 'from huggingface_hub import snapshot_download as fetch\nfetch("org/repo")\n' },
    ],
  },
];

describe('prefilter words of the endpoint and data-leak rules', () => {
  before(() => initEngine());

  for (const { rule, skipped, reported } of CASES) {
    describe(rule.meta.id, () => {
      skipped.forEach((input, index) => {
        it(`skips a file without its words, before set-up (#${index + 1})`, () => {
          assert.deepEqual(run(rule, input), { findings: 0, created: 0 });
        });
      });
      reported.forEach((input, index) => {
        it(`still reports a spelling its words must admit (#${index + 1}, ${input.languageId})`, () => {
          const { findings, created } = run(rule, input);
          assert.equal(created, 1);
          assert.ok(findings > 0, 'no finding');
        });
      });
    });
  }
});
