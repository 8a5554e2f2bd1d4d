import * as assert from 'node:assert/strict';
import { flows, initEngine, type FlowView } from './taint-support';

type Lang = 'python' | 'javascript' | 'typescript' | 'typescriptreact';

/** Each source framework and sink family: vulnerable, the same code sanitized, and a near miss (same names, no flow). */
interface Triple {
  name: string;
  language: Lang;
  vulnerable: string;
  sanitized: string;
  nearMiss: string;
  /** kind@line of the flows the vulnerable code must produce (only of this kind family). */
  expect: string[];
  kinds: string[];
}

const triples: Triple[] = [
  {
    name: 'Flask request.json → system message',
    language: 'python',
    kinds: ['prompt-system'],
    expect: ['prompt-system@6'],
    vulnerable: `from flask import Flask, request
app = Flask(__name__)
@app.post("/a")
def a():
    topic = request.json["topic"]
    msgs = [{"role": "system", "content": f"Expert on {topic}"}]
    return client.chat.completions.create(model="m", messages=msgs)
`,
    sanitized: `from flask import Flask, request
app = Flask(__name__)
ALLOWED = {"math", "art"}
@app.post("/a")
def a():
    topic = request.json["topic"]
    if topic not in ALLOWED:
        abort(400)
    msgs = [{"role": "system", "content": f"Expert on {topic}"}]
    return client.chat.completions.create(model="m", messages=msgs)
`,
    nearMiss: `from flask import Flask, request
app = Flask(__name__)
@app.post("/a")
def a():
    topic = "math"
    request.json["topic"]
    msgs = [{"role": "system", "content": f"Expert on {topic}"}]
    return client.chat.completions.create(model="m", messages=msgs)
`,
  },
  {
    name: 'FastAPI str parameter → model.predict',
    language: 'python',
    kinds: ['model-inference'],
    expect: ['model-inference@6'],
    vulnerable: `from fastapi import FastAPI
app = FastAPI()
model = joblib.load("m.joblib")
@app.get("/p")
def predict(text: str):
    return model.predict([text])
`,
    sanitized: `from fastapi import FastAPI
from pydantic import constr
app = FastAPI()
model = joblib.load("m.joblib")
@app.get("/p")
def predict(text: constr(max_length=100)):
    return model.predict([text])
`,
    nearMiss: `from fastapi import FastAPI
app = FastAPI()
model = joblib.load("m.joblib")
def predict(text: str):
    return model.predict([text])
`,
  },
  {
    name: 'Django request.POST → prompt template',
    language: 'python',
    kinds: ['prompt-template'],
    expect: ['prompt-template@5'],
    vulnerable: `from django.http import JsonResponse
from langchain_core.prompts import PromptTemplate
def view(request):
    style = request.POST.get("style")
    tmpl = PromptTemplate.from_template("Write in the style " + style + ": {text}")
    return JsonResponse({})
`,
    sanitized: `from django.http import JsonResponse
from langchain_core.prompts import PromptTemplate
STYLES = ["formal", "casual"]
def view(request):
    style = request.POST.get("style")
    if style in STYLES:
        tmpl = PromptTemplate.from_template("Write in the style " + style + ": {text}")
    return JsonResponse({})
`,
    nearMiss: `from django.http import JsonResponse
from langchain_core.prompts import PromptTemplate
def view(request):
    style = request.POST.get("style")
    tmpl = PromptTemplate.from_template("Write in the style {style}: {text}")
    return JsonResponse({"style": style})
`,
  },
  {
    name: 'Streamlit chat_input → single-string prompt',
    language: 'python',
    kinds: ['prompt-string'],
    expect: ['prompt-string@4'],
    vulnerable: `import streamlit as st
llm = ChatOpenAI()
q = st.chat_input("Ask")
answer = llm.invoke("You are a tutor. Question: " + q)
`,
    sanitized: `import streamlit as st
llm = ChatOpenAI()
q = st.chat_input("Ask")
answer = llm.invoke("You are a tutor. Question: " + sanitize_prompt(q))
`,
    nearMiss: `import streamlit as st
llm = ChatOpenAI()
q = st.chat_input("Ask")
answer = llm.invoke("You are a tutor. Question: " + "fixed")
`,
  },
  {
    name: 'Gradio handler argument → system message (Ollama)',
    language: 'python',
    kinds: ['prompt-system'],
    expect: ['prompt-system@4'],
    vulnerable: `import gradio as gr
import ollama
def respond(message, history):
    return ollama.chat(model="llama3", messages=[{"role": "system", "content": "Persona: " + message}])
gr.ChatInterface(respond).launch()
`,
    sanitized: `import gradio as gr
import ollama
def respond(message, history):
    return ollama.chat(model="llama3", messages=[{"role": "system", "content": "Persona: pirate"}, {"role": "user", "content": message[:500]}])
gr.ChatInterface(respond).launch()
`,
    nearMiss: `import gradio as gr
import ollama
def respond(message, history):
    return ollama.chat(model="llama3", messages=[{"role": "system", "content": "Persona: " + message}])
gr.ChatInterface(other).launch()
`,
  },
  {
    name: 'completion → eval (Python)',
    language: 'python',
    kinds: ['code-exec'],
    expect: ['code-exec@3'],
    vulnerable: `def run(client, q):
    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])
    return eval(r.choices[0].message.content)
`,
    sanitized: `import ast
def run(client, q):
    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])
    return eval(ast.literal_eval(r.choices[0].message.content))
`,
    nearMiss: `def run(client, q):
    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])
    r = "1 + 1"
    return eval(r)
`,
  },
  {
    name: 'helper returning model output → shell',
    language: 'python',
    kinds: ['shell'],
    expect: ['shell@7'],
    vulnerable: `import subprocess
def ask(prompt):
    resp = client.messages.create(model="c", max_tokens=10, messages=[{"role": "user", "content": prompt}])
    return resp.content[0].text.strip()
def main():
    cmd = ask("which command?")
    subprocess.run(cmd, shell=True)
`,
    sanitized: `import subprocess, shlex
def ask(prompt):
    resp = client.messages.create(model="c", max_tokens=10, messages=[{"role": "user", "content": prompt}])
    return resp.content[0].text.strip()
def main():
    cmd = ask("which command?")
    subprocess.run("echo " + shlex.quote(cmd), shell=True)
`,
    nearMiss: `import subprocess
def ask(prompt):
    return "ls"
def main():
    cmd = ask("which command?")
    subprocess.run(cmd, shell=True)
`,
  },
  {
    name: 'Express req.body → child_process.exec via model output',
    language: 'javascript',
    kinds: ['shell', 'prompt-system'],
    expect: ['prompt-system@7', 'shell@8'],
    vulnerable: `const express = require('express');
const { exec } = require('child_process');
const app = express();
app.post('/run', async (req, res) => {
  const { task } = req.body;
  const completion = await openai.chat.completions.create({ model: 'm',
    messages: [{ role: 'system', content: 'Do: ' + task }] });
  exec(completion.choices[0].message.content);
});
`,
    sanitized: `const express = require('express');
const { execFile } = require('child_process');
const app = express();
const TASKS = ['a', 'b'];
app.post('/run', async (req, res) => {
  const { task } = req.body;
  if (!TASKS.includes(task)) return res.status(400).end();
  const completion = await openai.chat.completions.create({ model: 'm',
    messages: [{ role: 'system', content: 'Do: ' + task }] });
  execFile('tool', [completion.choices[0].message.content]);
});
`,
    nearMiss: `const express = require('express');
const { exec } = require('child_process');
const app = express();
app.post('/run', async (req, res) => {
  const task = 'list';
  const completion = { choices: [{ message: { content: 'ls' } }] };
  exec(completion.choices[0].message.content + task);
});
`,
  },
  {
    name: 'Next.js route handler → Vercel AI system prompt; output → fetch',
    language: 'typescript',
    kinds: ['prompt-system', 'request'],
    expect: ['prompt-system@4', 'request@5'],
    vulnerable: `import { generateText } from 'ai';
export async function POST(request: Request) {
  const { persona } = await request.json();
  const { text } = await generateText({ model, system: \`You are \${persona}\`, prompt: 'hi' });
  return fetch(text);
}
`,
    sanitized: `import { generateText } from 'ai';
import { z } from 'zod';
const Persona = z.enum(['pirate', 'poet']);
export async function POST(request: Request) {
  const { persona } = await request.json();
  if (!['pirate', 'poet'].includes(persona)) return new Response('bad', { status: 400 });
  const { text } = await generateText({ model, system: \`You are \${persona}\`, prompt: 'hi' });
  if (!ALLOWED.has(text)) throw new Error('host not allowed');
  return fetch(text);
}
`,
    nearMiss: `import { generateText } from 'ai';
export async function helper(request: Request) {
  const persona = 'pirate';
  const { text } = await generateText({ model, system: \`You are \${persona}\`, prompt: 'hi' });
  return fetch('https://example.com/' + 'x');
}
`,
  },
  {
    name: 'Hono c.req → Anthropic system; output → SQL',
    language: 'typescript',
    kinds: ['prompt-system', 'sql'],
    expect: ['prompt-system@5', 'sql@6'],
    vulnerable: `import { Hono } from 'hono';
const app = new Hono();
app.post('/x', async (c) => {
  const body = await c.req.json();
  const msg = await anthropic.messages.create({ model: 'c', max_tokens: 9, system: 'Be nice to ' + body.name, messages: [] });
  await db.query(\`SELECT * FROM t WHERE n = '\${msg.content[0].text}'\`);
});
`,
    sanitized: `import { Hono } from 'hono';
const app = new Hono();
app.post('/x', async (c) => {
  const body = await c.req.json();
  const name = sanitizeName(body.name);
  const msg = await anthropic.messages.create({ model: 'c', max_tokens: 9, system: 'Be nice to ' + name, messages: [] });
  await db.query('SELECT * FROM t WHERE n = $1', [msg.content[0].text]);
});
`,
    nearMiss: `import { Hono } from 'hono';
const app = new Hono();
app.post('/x', async (c) => {
  const body = { name: 'x' };
  const msg = { content: [{ text: 'y' }] };
  await db.query(\`SELECT * FROM t WHERE n = '\${msg.content[0].text}'\`);
});
`,
  },
  {
    name: 'Koa ctx.request.body → model inference',
    language: 'javascript',
    kinds: ['model-inference'],
    expect: ['model-inference@4'],
    vulnerable: `const router = new Router();
router.post('/classify', async (ctx) => {
  const text = ctx.request.body.text;
  ctx.body = await classifier(text);
});
`,
    sanitized: `const router = new Router();
const Input = z.object({ text: z.string().max(500) });
router.post('/classify', async (ctx) => {
  const { text } = Input.parse(ctx.request.body);
  ctx.body = await classifier(text);
});
`,
    nearMiss: `const router = new Router();
router.post('/classify', async (ctx) => {
  const text = 'constant';
  ctx.body = await classifier(text);
});
`,
  },
  {
    name: 'React: model output → dangerouslySetInnerHTML and innerHTML',
    language: 'typescriptreact',
    kinds: ['html'],
    expect: ['html@4', 'html@5'],
    vulnerable: `export async function Answer({ openai }) {
  const r = await openai.chat.completions.create({ model: 'x', messages: [] });
  const html = r.choices[0].message.content;
  el.innerHTML = html;
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}
`,
    sanitized: `import DOMPurify from 'dompurify';
export async function Answer({ openai }) {
  const r = await openai.chat.completions.create({ model: 'x', messages: [] });
  const html = DOMPurify.sanitize(r.choices[0].message.content);
  el.innerHTML = html;
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}
`,
    nearMiss: `export async function Answer({ openai }) {
  const r = await openai.chat.completions.create({ model: 'x', messages: [] });
  const html = '<b>hi</b>';
  el.innerHTML = html;
  return <div dangerouslySetInnerHTML={{ __html: html }}>{r.choices[0].message.content}</div>;
}
`,
  },
  {
    name: 'websocket receive_text → unbounded user message; file path; deserialization',
    language: 'python',
    kinds: ['prompt-user', 'file-path', 'deserialization'],
    expect: ['prompt-user@5', 'file-path@7', 'deserialization@9'],
    vulnerable: `import pickle
@app.websocket("/ws")
async def ws(websocket: WebSocket):
    text = await websocket.receive_text()
    out = await chain.ainvoke([{"role": "user", "content": text}])
    name = out.content
    with open(name, "w") as f:
        f.write("x")
    pickle.loads(out.content)
`,
    sanitized: `import pickle, os, json
@app.websocket("/ws")
async def ws(websocket: WebSocket):
    text = await websocket.receive_text()
    if len(text) > 2000:
        return
    out = await chain.ainvoke([{"role": "user", "content": text}])
    name = os.path.basename(out.content)
    with open(name, "w") as f:
        f.write("x")
    json.loads(out.content)
`,
    nearMiss: `import pickle
@app.websocket("/ws")
async def ws(websocket: WebSocket):
    text = await websocket.receive_text()
    out = await chain.ainvoke([{"role": "user", "content": "fixed"}])
    name = out.content
    with open(name, "r") as f:
        f.read()
    pickle.dumps(out.content)
`,
  },
  {
    name: 'input() and sys.argv (user-input, low) → model',
    language: 'python',
    kinds: ['model-inference'],
    expect: ['model-inference@4', 'model-inference@5'],
    vulnerable: `import sys
pipe = pipeline("text-classification")
q = input("> ")
pipe(q)
pipe(sys.argv[1])
`,
    sanitized: `import sys
pipe = pipeline("text-classification")
q = input("> ")
assert isinstance(q, str) and len(q) < 100
pipe(q)
`,
    nearMiss: `import sys
pipe = pipeline("text-classification")
q = "hello"
pipe(q)
print(sys.argv)
`,
  },
  {
    name: 'Fastify request.body → Google system instruction',
    language: 'javascript',
    kinds: ['prompt-system'],
    expect: ['prompt-system@3'],
    vulnerable: `fastify.post('/chat', async (request, reply) => {
  const { tone } = request.body;
  const model = genAI.getGenerativeModel({ model: 'gemini-1.5-pro', systemInstruction: 'Answer in a ' + tone + ' tone' });
});
`,
    sanitized: `const TONES = new Set(['formal', 'casual']);
fastify.post('/chat', async (request, reply) => {
  const { tone } = request.body;
  if (!TONES.has(tone)) return reply.code(400).send();
  const model = genAI.getGenerativeModel({ model: 'gemini-1.5-pro', systemInstruction: 'Answer in a ' + tone + ' tone' });
});
`,
    nearMiss: `fastify.post('/chat', async (request, reply) => {
  const tone = 'formal';
  const model = genAI.getGenerativeModel({ model: 'gemini-1.5-pro', systemInstruction: 'Answer in a ' + tone + ' tone' });
});
`,
  },
  {
    name: 'Quart await request.get_json() → Cohere preamble',
    language: 'python',
    kinds: ['prompt-system'],
    expect: ['prompt-system@7'],
    vulnerable: `from quart import Quart, request
import cohere
co = cohere.Client()
@app.post("/c")
async def c():
    data = await request.get_json()
    return co.chat(message="hi", preamble="You answer as " + data["persona"])
`,
    sanitized: `from quart import Quart, request
import cohere
co = cohere.Client()
@app.post("/c")
async def c():
    data = await request.get_json()
    return co.chat(message=data["persona"][:100], preamble="You answer as a pirate")
`,
    nearMiss: `from quart import Quart, request
import cohere
co = cohere.Client()
@app.post("/c")
async def c():
    data = {"persona": "pirate"}
    return co.chat(message="hi", preamble="You answer as " + data["persona"])
`,
  },
  {
    name: 'Next.js server action FormData and searchParams → prompts',
    language: 'typescript',
    kinds: ['prompt-system', 'prompt-string'],
    expect: ['prompt-system@5', 'prompt-string@10'],
    vulnerable: `'use server';
import { generateText } from 'ai';
export async function summarize(formData: FormData) {
  const style = formData.get('style');
  return generateText({ model, system: 'Summarize in style ' + style, prompt: 'text' });
}
export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q');
  const llm = new ChatOpenAI();
  return llm.invoke('Answer briefly: ' + q);
}
`,
    sanitized: `'use server';
import { generateText } from 'ai';
export async function summarize(formData: FormData) {
  const style = formData.get('style');
  return generateText({ model, system: 'Summarize in style ' + sanitizeStyle(style), prompt: 'text' });
}
export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q');
  const llm = new ChatOpenAI();
  return llm.invoke([{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: q }]);
}
`,
    nearMiss: `import { generateText } from 'ai';
function summarize(formData: Map<string, string>) {
  const style = 'short';
  return generateText({ model, system: 'Summarize in style ' + style, prompt: 'text' });
}
export async function GET(request: NextRequest) {
  const q = 'fixed';
  const llm = new ChatOpenAI();
  return llm.invoke('Answer briefly: ' + q);
}
`,
  },
];

/** Flows a rule would warn about: inference needs validation, user messages a length limit, string prompts mixing. */
function summary(found: FlowView[], kinds: string[]): string[] {
  return found
    .filter((f) => kinds.includes(f.kind))
    .filter((f) => !(f.kind === 'model-inference' && f.validated) && !(f.kind === 'prompt-user' && f.bounded))
    // A single-string prompt is a problem when user text was mixed into other text on the way.
    .filter((f) => !(f.kind === 'prompt-string' && !f.built))
    .map((f) => `${f.kind}@${f.line}`);
}

describe('taint engine', () => {
  before(() => initEngine());

  for (const triple of triples) {
    describe(triple.name, () => {
      it('finds the flow in the vulnerable code', () => {
        assert.deepEqual(summary(flows(triple.vulnerable, triple.language), triple.kinds), triple.expect);
      });
      it('finds nothing once sanitized', () => {
        assert.deepEqual(summary(flows(triple.sanitized, triple.language), triple.kinds), []);
      });
      it('finds nothing in the near miss', () => {
        assert.deepEqual(summary(flows(triple.nearMiss, triple.language), triple.kinds), []);
      });
    });
  }

  describe('propagation', () => {
    it('records the path: source, assignments, interpolation, in order', () => {
      const [flow] = flows(
        `from flask import request\n@app.post("/a")\ndef a():\n    data = request.get_json()\n    q = data["q"].strip().lower()\n    system = "Answer about {}".format(q)\n    client.messages.create(model="c", system=system, messages=[])\n`,
        'python',
      );
      assert.equal(flow.kind, 'prompt-system');
      assert.equal(flow.argument, 'system');
      assert.equal(flow.built, '"Answer about {}".format(q)');
      assert.deepEqual(flow.steps, [
        '4: request data enters here (`flask.request.get_json`)',
        '4: assigned to `data`',
        '5: assigned to `q`',
        '6: formatted into a string with .format()',
        '6: assigned to `system`',
      ]);
    });

    it('follows destructuring, augmented assignment, % formatting, join and containers', () => {
      const found = flows(
        `from flask import request
def f():
    a, b = request.args["a"], "x"
    parts = ["You are", a]
    s = " ".join(parts)
    t = "Role: %s" % b
    p = "Be "
    p += a
    client.responses.create(model="m", instructions=s)
    client.responses.create(model="m", instructions=t)
    client.responses.create(model="m", instructions=p)
`,
        'python',
      );
      assert.deepEqual(found.map((f) => `${f.kind}@${f.line}`), ['prompt-system@9', 'prompt-system@11']);
    });

    it('clears taint on reassignment and keeps it through branches that may run', () => {
      const found = flows(
        `from flask import request
def f(flag):
    x = request.args["x"]
    if flag:
        y = x
    else:
        y = "safe"
    eval_me = y
    x = "clean"
    client.messages.create(model="c", system="S " + x, messages=[])
    client.messages.create(model="c", system="S " + eval_me, messages=[])
`,
        'python',
      );
      assert.deepEqual(found.map((f) => `${f.kind}@${f.line}`), ['prompt-system@11']);
    });

    it('follows arguments into sinks inside a helper (one level), pointing at the sink in the helper', () => {
      const found = flows(
        `def run_code(code):
    exec(code)

def build_messages(q):
    return [{"role": "system", "content": "Expert on " + q}]

def handle(client):
    r = client.chat.completions.create(model="m", messages=[])
    run_code(r.choices[0].message.content)
    run_code("print(1)")
`,
        'python',
      );
      assert.deepEqual(found.map((f) => `${f.kind}@${f.line}`), ['code-exec@2']);
      assert.deepEqual(found[0].steps, ['8: model output comes from `client.chat.completions.create`', '8: assigned to `r`', '9: passed to `run_code()`']);
    });

    it('follows request data into a JS helper that builds the system message', () => {
      const found = flows(
        `function buildMessages(topic) {
  return [{ role: 'system', content: \`Tutor for \${topic}\` }];
}
app.post('/x', async (req, res) => {
  await openai.chat.completions.create({ model: 'm', messages: buildMessages(req.body.topic) });
  await openai.chat.completions.create({ model: 'm', messages: buildMessages('math') });
});
`,
        'javascript',
      );
      assert.deepEqual(found.filter((f) => f.kind === 'prompt-system').map((f) => `${f.line}: ${f.steps.join(' | ')}`), [
        '2: 5: request data enters here (`req.body`) | 5: passed to `buildMessages()` | 2: interpolated into a template literal',
      ]);
    });

    it('marks tool-call arguments from a completion with tool-args', () => {
      const [flow] = flows(
        `import json, subprocess
def handle(client):
    r = client.chat.completions.create(model="m", messages=[], tools=tools)
    for call in r.choices[0].message.tool_calls:
        args = json.loads(call.function.arguments)
        subprocess.run(args["cmd"], shell=True)
`,
        'python',
      );
      assert.deepEqual(flow.labels.sort(), ['llm-output', 'tool-args']);
    });

    it('reads secrets from the environment only for secret-looking names', () => {
      const found = flows(
        `import os, logging\nkey = os.environ["OPENAI_API_KEY"]\nregion = os.getenv("REGION")\nlogging.info("key %s", key)\nlogging.info("region %s", region)\n`,
        'python',
        { sources: ['secret'], sinks: ['logging'] },
      );
      assert.deepEqual(found.map((f) => f.line), [4]);
    });

    it('lets a data-leak rule ask for request or secret data reaching logs (JS)', () => {
      const found = flows(
        `app.post('/x', (req, res) => {\n  console.log('body', req.body);\n  console.log(process.env.STRIPE_SECRET_KEY);\n  console.log(process.env.NODE_ENV);\n});\n`,
        'javascript',
        { sources: ['request', 'secret'], sinks: ['logging'] },
      );
      assert.deepEqual(found.map((f) => `${f.labels[0]}@${f.line}`), ['request@2', 'secret@3']);
    });
  });

  describe('exceptions and analytics', () => {
    it('reports exception messages as `exception` sinks (raise, throw)', () => {
      const py = flows(
        'import os\nKEY = os.environ["OPENAI_API_KEY"]\ndef f():\n    raise RuntimeError(f"bad {KEY}") from None\ndef g():\n    raise RuntimeError("no key")\n',
        'python',
        { sources: ['secret'], sinks: ['exception'] },
      );
      assert.deepEqual(py.map((f) => `${f.sink}@${f.line}`), ['raise RuntimeError@4']);
      const js = flows('const token = process.env.GITHUB_TOKEN;\nfunction f() {\n  throw new Error(`rejected ${token}`);\n}\nthrow new Error("x");\n', 'javascript', {
        sources: ['secret'],
        sinks: ['exception'],
      });
      assert.deepEqual(js.map((f) => `${f.sink}@${f.line}`), ['throw Error@3']);
    });

    it('reports analytics and error trackers as `analytics` sinks (PostHog, Segment, Mixpanel, Amplitude, Sentry)', () => {
      const py = flows(
        'import sentry_sdk\nfrom posthog import Posthog\nfrom flask import request\nposthog = Posthog("k")\n@app.post("/c")\ndef c():\n    q = request.json["q"]\n' +
          '    posthog.capture("u", "chat", properties={"q": q})\n    sentry_sdk.set_context("chat", {"q": q})\n    amplitude.track(BaseEvent(event_type="chat", event_properties={"q": q}))\n' +
          '    cache.track(q)\n',
        'python',
        { sources: ['request'], sinks: ['analytics'] },
      );
      assert.deepEqual(py.map((f) => `${f.sink}@${f.line}`), ['posthog.capture@8', 'sentry_sdk.set_context@9', 'amplitude.track@10']);
      const js = flows(
        "import { captureMessage } from '@sentry/nextjs';\napp.post('/c', (req, res) => {\n  const q = req.body.q;\n  analytics.track({ event: 'chat', properties: { q } });\n" +
          "  mixpanel.track('chat', { q });\n  captureMessage(q);\n  Sentry.addBreadcrumb({ message: q });\n  tracker.track(q);\n});\n",
        'javascript',
        { sources: ['request'], sinks: ['analytics'] },
      );
      assert.deepEqual(js.map((f) => `${f.sink}@${f.line}`), ['analytics.track@4', 'mixpanel.track@5', '@sentry/nextjs.captureMessage@6', 'Sentry.addBreadcrumb@7']);
    });

    it('sees module variables assigned after other module code (the skip hint is built after the top level ran)', () => {
      const found = flows('import os, logging\nfrom flask import Flask\napp = Flask(__name__)\nKEY = os.environ["OPENAI_API_KEY"]\ndef f():\n    logging.info(KEY)\n', 'python', {
        sources: ['secret'],
        sinks: ['logging'],
      });
      assert.deepEqual(found.map((f) => f.line), [6]);
    });
  });

  describe('length limits', () => {
    it('counts slices, .slice/.substring and truncate()-named calls as bounds, but not open-ended slices', () => {
      const py = flows(
        'from flask import request\n@app.post("/a")\ndef a():\n    q = request.json["q"]\n' +
          '    client.chat.completions.create(model="m", messages=[{"role": "user", "content": q[:4000]}, {"role": "user", "content": q[1:]}, {"role": "user", "content": truncate(q)}])\n',
        'python',
        { sources: ['request'], sinks: ['prompt-user'] },
      );
      assert.deepEqual(py.map((f) => f.bounded), [true, false, true]);
      const js = flows(
        "app.post('/a', (req, res) => {\n  const q = req.body.q;\n  openai.chat.completions.create({ messages: [{ role: 'user', content: q.slice(0, 10) }, { role: 'user', content: q.slice(1) }, { role: 'user', content: q.substring(0, 5) }] });\n});\n",
        'javascript',
        { sources: ['request'], sinks: ['prompt-user'] },
      );
      assert.deepEqual(js.map((f) => f.bounded), [true, false, true]);
    });

    it('takes a request model\'s limits from the model class it extends in the same file', () => {
      const bounded = (limit: string) =>
        flows(
          'from fastapi import FastAPI\nfrom pydantic import BaseModel, Field\napp = FastAPI()\n' +
            `class Base(BaseModel):\n    text: str = ${limit}\nclass Ask(Base):\n    pass\n` +
            '@app.post("/a")\ndef a(body: Ask):\n    client.chat.completions.create(model="m", messages=[{"role": "user", "content": body.text}])\n',
          'python',
          { sources: ['request'], sinks: ['prompt-user'] },
        ).map((f) => f.bounded);
      assert.deepEqual(bounded('Field(max_length=100)'), [true]);
      assert.deepEqual(bounded('""'), [false]);
    });
  });

  describe('robustness', () => {
    it('survives very deep expressions (generated code) without exhausting the stack', () => {
      const chain = Array.from({ length: 5000 }, (_, i) => `"p${i}"`).join(' + ');
      const code = `from flask import request\n@app.post("/a")\ndef a():\n    q = request.args["q"]\n    s = q + ${chain}\n    client.messages.create(model="c", system=s, messages=[])\n`;
      assert.doesNotThrow(() => flows(code, 'python'));
    });

    it('analyses broken code without failing', () => {
      assert.doesNotThrow(() => flows('def f(:\n    x = request.json[\n    eval(x\n', 'python'));
      assert.doesNotThrow(() => flows("app.post('/x', (req, res) => {\n  eval(req.body.\n", 'javascript'));
    });
  });

  describe('user specs from settings.taint', () => {
    it('adds sources, sinks and sanitizers as data', () => {
      const settings = {
        taint: {
          sources: [{ pattern: 'myapp.http.body', label: 'request', language: 'python' }],
          sinks: [{ pattern: '.run_query', kind: 'sql' }],
          sanitizers: [{ pattern: 'myapp.clean', clears: ['sql'] }],
        },
      };
      const code = `from myapp import http, clean\ndef f(db):\n    q = http.body()\n    db.run_query(q)\n    db.run_query(clean(q))\n`;
      const found = flows(code, 'python', { sources: ['request'], sinks: ['sql'] }, settings);
      assert.deepEqual(found.map((f) => f.line), [4]);
    });

    it('adds statement sinks: $raise narrowed by the exception class name', () => {
      const settings = { taint: { sinks: [{ pattern: '$raise', kind: 'client-error', receiver: '^HTTPException$', argument: 'detail' }] } };
      const code =
        'from fastapi import HTTPException\nfrom flask import request\n@app.post("/a")\ndef a():\n    q = request.json["q"]\n' +
        '    raise HTTPException(status_code=400, detail=f"bad {q}")\n    raise ValueError(f"bad {q}")\n';
      const found = flows(code, 'python', { sources: ['request'], sinks: ['client-error'] }, settings);
      assert.deepEqual(found.map((f) => `${f.sink}@${f.line}: ${f.argument}`), ['raise HTTPException@6: f"bad {q}"']);
    });

    it('skips bad entries without failing the analysis', () => {
      const settings = { taint: { sinks: [{ pattern: 42 }, { pattern: '.ok', kind: 'sql', receiver: '(' }], sources: 'nope', extra: 1 } };
      const found = flows(`x = 1\n`, 'python', { sources: ['request'], sinks: ['sql'] }, settings);
      assert.deepEqual(found, []);
    });
  });

  describe('framework aliases and hooks', () => {
    const shell = { sources: ['tool-args' as const], sinks: ['shell' as const] };

    it('treats a variable bound to promisify(exec) as exec', () => {
      const code =
        "import { exec } from 'node:child_process';\nimport { promisify } from 'node:util';\nimport { tool } from 'ai';\nconst run = promisify(exec);\n" +
        "export const t = tool({\n  execute: async ({ command }) => {\n    const { stdout } = await run(command);\n    return stdout;\n  },\n});\n";
      assert.deepEqual(flows(code, 'typescript', shell).map((f) => `${f.sink}@${f.line}`), ['child_process.exec@7']);
    });

    it('follows util.promisify(child_process.exec) and a local of the same name hides the alias', () => {
      const code =
        "const util = require('util');\nconst child_process = require('child_process');\nconst sh = util.promisify(child_process.exec);\n" +
        "const t = tool({ execute: async ({ cmd }) => { await sh(cmd); } });\n" +
        "const u = tool({ execute: async ({ cmd }) => { const sh = (x) => x; await sh(cmd); } });\n";
      assert.deepEqual(flows(code, 'javascript', shell).map((f) => `${f.sink}@${f.line}`), ['child_process.exec@4']);
    });

    it('does not treat promisify of a harmless function as a sink', () => {
      const code = "import { promisify } from 'util';\nimport { readFile } from 'fs';\nconst read = promisify(readFile);\nconst t = tool({ execute: async ({ p }) => { await read(p); } });\n";
      assert.deepEqual(flows(code, 'javascript', shell), []);
    });

    it('treats useChat / useCompletion results as model output rendered through dangerouslySetInnerHTML', () => {
      const code =
        "import { useChat } from 'ai/react';\nimport { useCompletion } from '@ai-sdk/react';\nexport function A() {\n  const { messages } = useChat();\n" +
        "  const { completion } = useCompletion();\n  return (<div>{messages.map((m) => (<p key={m.id} dangerouslySetInnerHTML={{ __html: m.content }} />))}\n" +
        "    <p dangerouslySetInnerHTML={{ __html: completion }} /></div>);\n}\n";
      const found = flows(code, 'typescriptreact', { sources: ['llm-output'], sinks: ['html'] });
      assert.deepEqual(found.map((f) => `${f.argument}@${f.line}`), ['m.content@6', 'completion@7']);
      assert.match(found[0].steps[0], /ai\/react\.useChat\(\)\.messages/);
    });

    it('keeps the user\'s own input from useChat apart from the replies', () => {
      const code =
        "import { useChat } from 'ai/react';\nexport function A() {\n  const chat = useChat();\n  const { input } = useChat();\n" +
        "  return (<div><p dangerouslySetInnerHTML={{ __html: input }} /><p dangerouslySetInnerHTML={{ __html: chat.messages[0].content }} /></div>);\n}\n";
      const found = flows(code, 'typescriptreact', { sources: ['llm-output'], sinks: ['html'] });
      assert.deepEqual(found.map((f) => f.argument), ['chat.messages[0].content']);
    });

    it('treats Slack Bolt listener payloads (event, message, body, command) as request data', () => {
      const code =
        'import logging\nfrom slack_bolt import App\napp = App(token="x")\n@app.event("app_mention")\ndef on_mention(event, say, logger):\n' +
        '    logging.info("from %s", event["text"])\n    logging.info("say %s", say)\n@app.message("hello")\ndef hi(message, say):\n' +
        '    logging.info(message["text"])\n@app.command("/ask")\ndef ask(ack, body):\n    ack()\n    logging.info(body["text"])\n';
      const found = flows(code, 'python', { sources: ['request'], sinks: ['logging'] });
      assert.deepEqual(found.map((f) => `${f.argument}@${f.line}`), ['event["text"]@6', 'message["text"]@10', 'body["text"]@14']);
    });

    it('treats Slack Bolt (JS) listener payloads as request data', () => {
      const code =
        "const { App } = require('@slack/bolt');\nconst app = new App({});\napp.message('hello', async ({ message, say }) => {\n  console.log(message.text);\n  console.log(say);\n});\n" +
        "app.event('app_mention', async ({ body, event: mention }) => {\n  console.log(body.event.text, mention.text);\n});\n";
      const found = flows(code, 'javascript', { sources: ['request'], sinks: ['logging'] });
      assert.deepEqual(found.map((f) => `${f.argument}@${f.line}`), ['message.text@4', 'body.event.text@8', 'mention.text@8']);
      const other = "const bus = require('./bus');\nbus.message('hello', async ({ message }) => {\n  console.log(message.text);\n});\n";
      assert.deepEqual(flows(other, 'javascript', { sources: ['request'], sinks: ['logging'] }), []);
    });

    it('does not take the same decorator names without slack_bolt for a Slack listener', () => {
      const code = 'import logging\nfrom events import bus\n@bus.event("tick")\ndef on_tick(event):\n    logging.info(event["text"])\n';
      assert.deepEqual(flows(code, 'python', { sources: ['request'], sinks: ['logging'] }), []);
    });

    it('does not take a useChat of another package for the AI SDK', () => {
      const code = "import { useChat } from './chat';\nexport function A() {\n  const { messages } = useChat();\n  return <p dangerouslySetInnerHTML={{ __html: messages[0] }} />;\n}\n";
      assert.deepEqual(flows(code, 'typescriptreact', { sources: ['llm-output'], sinks: ['html'] }), []);
    });
  });

  describe('propagation depends on the label', () => {
    const SECRET_TO_LOGS = { sources: ['secret'], sinks: ['logging'] };
    const lines = (found: FlowView[]) => found.map((f) => f.line);

    it('a secret does not flow through a constructor or an API call into the client or the result', () => {
      const code = [
        'import os, requests',
        'from openai import OpenAI',
        'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])',
        'print(client)',
        'res = client.embeddings.create(model="e", input="x")',
        'print(res.data)',
        'r = requests.get("https://h", headers={"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]})',
        'print(r)',
        '',
      ].join('\n');
      assert.deepEqual(flows(code, 'python', SECRET_TO_LOGS), []);
    });

    it('a secret flows through assignment, formatting, containers and calls that return their input', () => {
      const code = [
        'import os, json',
        'key = os.environ["OPENAI_API_KEY"]',
        'alias = key',
        'print(alias)',
        'print(f"k={key}")',
        'print([key])',
        'print(json.dumps({"Authorization": key}))',
        'print(key.strip())',
        'print(str(key))',
        'headers = {"x-api-key": key}',
        'print(headers.get("x-api-key"))',
        '',
      ].join('\n');
      assert.deepEqual(lines(flows(code, 'python', SECRET_TO_LOGS)), [4, 5, 6, 7, 8, 9, 11]);
    });

    it('JavaScript: new Client({ apiKey }) results are not the secret; templates and String() are', () => {
      const code = [
        'const client = new Mistral({ apiKey: process.env.MISTRAL_API_KEY });',
        'const res = await client.embeddings.create({ inputs: ["x"] });',
        'console.log(res);',
        'console.log(`key ${process.env.MISTRAL_API_KEY}`);',
        'console.log(String(process.env.MISTRAL_API_KEY));',
        '',
      ].join('\n');
      assert.deepEqual(lines(flows(code, 'javascript', SECRET_TO_LOGS)), [4, 5]);
    });

    it('request data and model output still flow through unknown calls', () => {
      const code = [
        'import logging',
        'from flask import Flask, request',
        'app = Flask(__name__)',
        '@app.post("/a")',
        'def a():',
        '    parsed = parse_payload(request.json)',
        '    logging.info("payload %s", parsed)',
        '    reply = summarise(client.chat.completions.create(model="m", messages=[]))',
        '    logging.info("reply %s", reply)',
        '',
      ].join('\n');
      const found = flows(code, 'python', { sources: ['request', 'llm-output'], sinks: ['logging'] });
      assert.deepEqual(found.map((f) => `${f.line}:${f.labels.join('+')}`), ['7:request', '9:llm-output']);
    });

    it('hard-coded credentials are secret sources; placeholders, env names and token counts are not', () => {
      const code = [
        'import logging',
        'WANDB_API_KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"',
        'OPENAI_API_KEY = "sk-your-key-here"',
        'HF_TOKEN = "HF_TOKEN"',
        'MAX_TOTAL_TOKENS = "8192"',
        'def f():',
        '    logging.info("%s", WANDB_API_KEY)',
        '    logging.info("%s %s %s", OPENAI_API_KEY, HF_TOKEN, MAX_TOTAL_TOKENS)',
        '',
      ].join('\n');
      const found = flows(code, 'python', SECRET_TO_LOGS);
      assert.deepEqual(lines(found), [7]);
      assert.deepEqual(found[0].steps, ['2: hard-coded credential `WANDB_API_KEY`']);
      assert.ok(!found[0].steps.join(' ').includes('9f8e7d6c'), 'the value is never in a message');
    });
  });
});
