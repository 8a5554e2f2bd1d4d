import * as assert from 'node:assert/strict';
import rule from '../../../rules/data-leak/sensitive-data-in-logs';
import { initEngine } from '../../../server/src/engine';
import { run, runRuleTests } from '../../support/rule-tester';

const FLASK = 'import logging\nfrom flask import Flask, request\napp = Flask(__name__)\n';
const FASTAPI = 'from fastapi import FastAPI, Request\nfrom loguru import logger\napp = FastAPI()\n';
const EXPRESS = "import express from 'express';\nimport pino from 'pino';\nconst logger = pino();\nconst app = express();\n";

runRuleTests(rule, {
  valid: [
    {
      name: 'credentials used by a client or an API call do not make its results secret (Python)',
      language: 'python',
      code:
        'import os\nfrom transformers import AutoModel\nfrom openai import OpenAI\nHF_TOKEN = os.environ["HF_TOKEN"]\n' +
        'model = AutoModel.from_pretrained("org/m", token=HF_TOKEN)\nprint(model)\n' +
        'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\nres = client.embeddings.create(model="e", input="hi")\nprint(res)\n' +
        'import requests\nr = requests.get("https://api.example.com", headers={"Authorization": f"Bearer {HF_TOKEN}"})\nprint(r.json())\n',
    },
    {
      name: 'credentials used by a client do not make its results secret (JavaScript)',
      language: 'typescript',
      code:
        "import { MistralAIEmbeddings } from '@langchain/mistralai';\n" +
        "const embeddings = new MistralAIEmbeddings({ apiKey: process.env.MISTRAL_API_KEY });\n" +
        "const res = await embeddings.embedQuery('hello');\nconsole.log(res);\n" +
        "const tool = makeTool({ apiKey: process.env.TOOL_API_KEY });\nconsole.log(await tool.invoke('x'));\n",
    },
    {
      name: 'credential-named constants holding placeholders, and token counts',
      language: 'python',
      code:
        'import logging\nOPENAI_API_KEY = "your-key-here"\nANTHROPIC_API_KEY = ""\nWANDB_API_KEY = "<WANDB_API_KEY>"\nHF_TOKEN = "xxx"\n' +
        'MAX_TOTAL_TOKENS = "4096"\nmax_new_tokens = "512"\neos_token = "</s>"\n' +
        'logging.info("%s %s %s %s", OPENAI_API_KEY, ANTHROPIC_API_KEY, WANDB_API_KEY, HF_TOKEN)\n' +
        'logging.info("%s %s %s", MAX_TOTAL_TOKENS, max_new_tokens, eos_token)\n',
    },
    {
      name: 'JS constants: placeholder key and a token limit',
      language: 'javascript',
      code: "const API_KEY = 'sk-...';\nconst MAX_TOKENS = '4096';\nconsole.log(API_KEY, MAX_TOKENS);\n",
    },
    { name: 'Flask: logs only a length', language: 'python', code: `${FLASK}@app.post("/c")\ndef c():\n    body = request.get_json()\n    logging.info("n=%d", len(body["messages"]))\n` },
    { name: 'Flask near miss: a harmless header', language: 'python', code: `${FLASK}@app.post("/c")\ndef c():\n    logging.info("ua %s", request.headers.get("User-Agent"))\n` },
    { name: 'non-secret environment variable', language: 'python', code: 'import os, logging\nlogging.info("region %s", os.environ["AWS_REGION"])\n' },
    {
      name: 'completion token usage only',
      language: 'python',
      code: 'import logging\ndef f(client):\n    r = client.chat.completions.create(model="m", messages=[])\n    logging.info("tokens %d", r.usage.total_tokens)\n',
    },
    {
      name: 'command-line chat printing the answer',
      language: 'python',
      code: 'from openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model="m", messages=[])\nprint(r.choices[0].message.content)\n',
    },
    {
      name: 'a parser or LLM-stream token in an exception is text, not a credential',
      language: 'python',
      code: 'def parse(rev, token):\n    raise ValueError("Invalid token: %r" % token)\n\ndef stream(llm):\n    for token in llm.stream("hi"):\n        if not token:\n            raise RuntimeError(f"empty token after {token}")\n',
    },
    { name: 'exception with a masked key', language: 'python', code: 'def f(api_key):\n    raise ValueError(f"bad key {api_key[:4]}... ({len(api_key)} chars)")\n' },
    { name: 'near miss: token counts in analytics', language: 'typescript', code: "posthog.capture({ distinctId, event: 'chat', properties: { max_tokens, tokenCount: usage.total_tokens } });\n" },
    { name: 'near miss: exception naming a key without its value', language: 'javascript', code: "throw new Error('OPENAI_API_KEY is not set');\n" },
    {
      name: 'masked secret and a prompt in a bad-request exception (exception messages report credentials only)',
      language: 'python',
      code: 'import os, logging\nKEY = os.environ["OPENAI_API_KEY"]\ndef f(q):\n    logging.info("key %s", mask(KEY))\n    raise ValueError(f"bad key {KEY[:4]}...")\n',
    },
    {
      name: 'Flask near miss: a non-prompt field read from the body, then logged',
      language: 'python',
      code: `${FLASK}@app.post("/c")\ndef c():\n    body = request.get_json()\n    model = body["model"]\n    logging.info("model %s", model)\n    raise ValueError(f"bad prompt {body['prompt']}")\n`,
    },
    { name: 'Express: logs the body size', language: 'javascript', code: `${EXPRESS}app.post('/c', (req, res) => {\n  console.log(req.body.messages.length);\n});\n` },
    { name: 'Express near miss: a non-prompt field', language: 'typescript', code: `${EXPRESS}app.post('/c', (req, res) => {\n  logger.info({ model: req.body.model });\n});\n` },
  ],
  invalid: [
    {
      name: 'hard-coded credential constant passed to a logger (masked in the message)',
      language: 'python',
      code: 'import logging\nlogger = logging.getLogger(__name__)\nWANDB_API_KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"\n\ndef setup():\n    logger.info("key %s", WANDB_API_KEY)\n',
      findings: [{ line: 6, text: 'WANDB_API_KEY', severity: 'error', messageIncludes: 'The secret `WANDB_API_KEY`' }],
    },
    {
      name: 'hard-coded password inside a function, printed',
      language: 'python',
      code: 'def connect():\n    db_password = "Tr0ub4dor&3x"\n    print("connecting with", db_password)\n',
      findings: [{ line: 3, text: 'db_password', severity: 'error' }],
    },
    {
      name: 'hard-coded provider key in a JS constant, through a template',
      language: 'typescript',
      code: "const API_KEY = 'sk-proj-Qw7Zp3Lk9Rt2Vb6Nm4Xc8Hj1Gf5Ds0Ae7Uy3Io';\nexport function main() {\n  console.log(`key ${API_KEY}`);\n}\n",
      findings: [{ line: 3, severity: 'error', messageIncludes: '`API_KEY`' }],
    },
    {
      name: 'the secret still flows through string building, containers, headers and value-preserving calls',
      language: 'python',
      code:
        'import os, json, base64\nkey = os.environ["OPENAI_API_KEY"].strip()\nheaders = {"Authorization": "Bearer " + key}\n' +
        'print(headers)\nprint(json.dumps({"k": key}))\nprint(base64.b64encode(key.encode()))\nprint("%s" % key)\nprint("{}".format(key))\n',
      findings: [{ line: 4 }, { line: 5 }, { line: 6 }, { line: 7 }, { line: 8 }],
    },
    {
      name: 'JS: the secret in a Headers object and in an Error is still the secret',
      language: 'javascript',
      code:
        "const headers = new Headers({ Authorization: `Bearer ${process.env.OPENAI_API_KEY}` });\nconsole.log(headers);\n" +
        "const err = new Error('bad key ' + process.env.OPENAI_API_KEY);\nconsole.error(err);\nconsole.log(String(process.env.OPENAI_API_KEY).trim());\n",
      findings: [{ line: 2 }, { line: 4 }, { line: 5 }],
    },
    {
      name: 'Python: API key from the environment to logging',
      language: 'python',
      code: 'import os, logging\nKEY = os.environ["OPENAI_API_KEY"]\nlogging.info("using key %s", KEY)\n',
      findings: [{ line: 3, severity: 'error', text: 'KEY', messageIncludes: ['OPENAI_API_KEY', 'logging.info'] }],
    },
    {
      name: 'Flask: whole body, Authorization header, completion',
      language: 'python',
      code:
        `${FLASK}@app.post("/c")\ndef c():\n    body = request.get_json()\n    logging.info("req %s", body)\n` +
        '    auth = request.headers.get("Authorization")\n    print(auth)\n' +
        '    r = client.chat.completions.create(model="m", messages=body["messages"])\n    logging.warning(r.choices[0].message.content)\n',
      findings: [
        { line: 7, severity: 'warning', messageIncludes: 'whole request body' },
        { line: 9, severity: 'error', messageIncludes: 'Authorization' },
        { line: 11, messageIncludes: 'model completion' },
      ],
    },
    {
      name: 'FastAPI with loguru: request.json and a prompt parameter; debug level is info',
      language: 'python',
      code: `${FASTAPI}@app.post("/c")\nasync def c(req: Request, prompt: str):\n    data = await req.json()\n    logger.info(data)\n    logger.debug(f"prompt={prompt}")\n`,
      findings: [
        { line: 7, severity: 'warning', messageIncludes: 'whole request body' },
        { line: 8, severity: 'info', messageIncludes: "user's prompt" },
      ],
    },
    {
      name: 'structlog: prompt field through an f-string',
      language: 'python',
      code: `import structlog\n${FLASK}log = structlog.get_logger()\n@app.post("/c")\ndef c():\n    log.info("asked", q=request.json["question"])\n`,
      findings: [{ line: 8, messageIncludes: '`question`' }],
    },
    {
      name: 'Express with pino and console: body, headers, prompt, completion, env key',
      language: 'typescript',
      code:
        `${EXPRESS}const key = process.env.OPENAI_API_KEY;\nconsole.log('key', key);\n` +
        "app.post('/chat', async (req, res) => {\n  logger.info({ body: req.body }, 'incoming');\n  console.log(req.headers);\n  console.log(`prompt: ${req.body.prompt}`);\n" +
        "  const out = await openai.chat.completions.create({ model: 'x', messages: [] });\n  logger.debug(out.choices[0].message.content);\n});\n",
      findings: [
        { line: 6, severity: 'error', messageIncludes: 'OPENAI_API_KEY' },
        { line: 8, messageIncludes: 'whole request body' },
        { line: 9, severity: 'error', messageIncludes: 'All request headers' },
        { line: 10, messageIncludes: '`prompt`' },
        { line: 12, severity: 'info', messageIncludes: 'model completion' },
      ],
    },
    {
      name: 'printing a completion inside a Flask handler goes to the server log',
      language: 'python',
      code: `${FLASK}@app.post("/c")\ndef c():\n    r = client.chat.completions.create(model="m", messages=[])\n    print(r.choices[0].message.content)\n    return "ok"\n`,
      findings: [{ line: 7, messageIncludes: ['model completion', '`print`'] }],
    },
    {
      name: 'credential in an exception message (Python and JS)',
      language: 'python',
      code: 'def connect(api_key):\n    raise RuntimeError(f"could not authenticate with {api_key}")\n',
      findings: [{ line: 2, text: 'api_key', severity: 'error', messageIncludes: 'exception message' }],
    },
    {
      name: 'JS throw with a token and analytics with prompt and completion',
      language: 'typescript',
      code:
        'function f(accessToken: string) {\n  throw new Error(`token rejected: ${accessToken}`);\n}\n' +
        "analytics.track({ userId, event: 'chat', properties: { prompt, answer: completion } });\n" +
        "Sentry.setContext('llm', { apiKey: config.apiKey });\n",
      findings: [
        { line: 2, text: 'accessToken', severity: 'error' },
        { line: 4, text: 'prompt', severity: 'warning', messageIncludes: 'analytics.track' },
        { line: 4, text: 'completion', messageIncludes: 'model completion' },
        { line: 5, text: 'config.apiKey', severity: 'error' },
      ],
    },
    {
      name: 'PostHog capture of the prompt in Python',
      language: 'python',
      code: 'posthog.capture(user_id, "chat", properties={"prompt": prompt, "n": len(prompt)})\n',
      findings: [{ line: 1, text: 'prompt', messageIncludes: 'posthog.capture' }],
    },
    {
      name: 'dataflow: a secret from the environment into an exception, with its path (after other module code)',
      language: 'python',
      code: 'import os\nfrom flask import Flask\napp = Flask(__name__)\nsettings_value = os.environ["OPENAI_API_KEY"]\ndef check():\n    raise RuntimeError("rejected: " + settings_value)\n',
      findings: [{ line: 6, severity: 'error', text: '"rejected: " + settings_value', messageIncludes: ['OPENAI_API_KEY', 'exception message (`raise RuntimeError`)'] }],
    },
    {
      name: 'dataflow: request fields and completions into analytics under names the name-based check does not know',
      language: 'typescript',
      code:
        "import { captureMessage } from '@sentry/nextjs';\napp.post('/c', async (req, res) => {\n  const { question: q } = req.body;\n  mixpanel.track('chat', { q });\n" +
        "  const out = await openai.chat.completions.create({ model: 'x', messages: [] });\n  captureMessage(out.choices[0].message.content);\n});\n",
      findings: [
        { line: 4, severity: 'warning', text: '{ q }', messageIncludes: ["user's prompt", '`mixpanel.track`'] },
        { line: 6, severity: 'warning', messageIncludes: ['model completion', '`@sentry/nextjs.captureMessage`'] },
      ],
    },
    {
      name: 'a prompt field read from the body and logged is the prompt, not the whole body',
      language: 'python',
      code: `${FLASK}@app.post("/c")\ndef c():\n    body = request.get_json()\n    prompt = body["prompt"]\n    logging.info("asked %s", prompt)\n`,
      findings: [{ line: 8, messageIncludes: "The user's prompt (`prompt`)" }],
    },
    {
      name: 'Next.js route handler logging the parsed body',
      language: 'typescript',
      filePath: 'app/api/chat/route.ts',
      code: 'export async function POST(request: Request) {\n  const body = await request.json();\n  console.log(body);\n}\n',
      findings: [{ line: 3, messageIncludes: 'whole request body' }],
    },
  ],
});

describe('data-leak/sensitive-data-in-logs: secrets never appear in messages', () => {
  before(() => initEngine());
  it('gives the path from the source to the log call as related locations', () => {
    const code = 'import os, logging\nKEY = os.environ["OPENAI_API_KEY"]\nlogging.info("using key %s", KEY)\n';
    const [finding] = run(rule, { code, language: 'python' });
    assert.deepEqual(
      finding.related.map((r) => r.range.start.line + 1),
      [2, 2],
    );
    assert.match(finding.related[0].message, /OPENAI_API_KEY/);
    assert.match(finding.related[1].message, /assigned to `KEY`/);
  });
  it('names the variable, not its value', () => {
    const findings = run(rule, { code: 'import logging\nlogging.info("k=%s", "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789")\nimport os\nlogging.error(os.getenv("ANTHROPIC_API_KEY"))\n', language: 'python' });
    assert.equal(findings.length, 1);
    assert.ok(!findings[0].message.includes('sk-proj'));
    assert.ok(findings[0].message.includes('ANTHROPIC_API_KEY'));
  });
});
