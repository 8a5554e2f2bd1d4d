import * as assert from 'node:assert/strict';
import rule from '../../../rules/model-input/prompt-injection';
import { run, runRuleTests } from '../../support/rule-tester';

const flask = (body: string) => `from flask import Flask, request\napp = Flask(__name__)\n@app.post("/ask")\ndef ask():\n${body}`;

runRuleTests(rule, {
  valid: [
    {
      name: 'near miss: the same helpers called with a constant topic',
      language: 'python',
      code:
        'from flask import Flask, request\napp = Flask(__name__)\ndef ask(topic):\n    system = f"You are an expert on {topic}."\n' +
        '    return client.chat.completions.create(model="m", messages=[{"role": "system", "content": system}])\n' +
        'def answer(topic):\n    return ask(topic)\n@app.post("/a")\ndef a():\n    request.json["topic"]\n    return answer("math")\n',
    },
    {
      name: 'near miss: discord.js ready event (no user message)',
      language: 'javascript',
      code: "import { Client } from 'discord.js';\nconst bot = new Client({ intents: [] });\nbot.on('ready', async (c) => {\n  await anthropic.messages.create({ model: 'c', max_tokens: 9, system: `Ready as ${c.user.tag}`, messages: [] });\n});\n",
    },
    {
      name: 'user text in a bounded user message',
      language: 'python',
      code: flask(
        '    q = request.json["q"]\n    if len(q) > 500:\n        abort(400)\n' +
          '    return client.chat.completions.create(model="m", messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": q}])\n',
      ),
    },
    {
      name: 'constant instructions, request data only as a template variable',
      language: 'python',
      code:
        'import streamlit as st\nfrom langchain_core.prompts import ChatPromptTemplate\nq = st.text_input("q")[:200]\n' +
        'prompt = ChatPromptTemplate.from_messages([("system", "Answer about cooking."), ("human", "{question}")])\n',
    },
    {
      name: 'allowlisted topic in the system prompt',
      language: 'typescript',
      code:
        "import { generateText } from 'ai';\nconst TOPICS = ['math', 'art'];\nexport async function POST(request: Request) {\n" +
        "  const { topic } = await request.json();\n  if (!TOPICS.includes(topic)) return new Response('bad', { status: 400 });\n" +
        '  return generateText({ model, system: `Tutor for ${topic}`, prompt: "hello" });\n}\n',
    },
    {
      name: 'Python slices bound the length: x[:4000], x[:MAX], history[-20:]',
      language: 'python',
      code: flask(
        '    q = request.json["q"][:4000]\n    r = request.json["r"]\n    h = request.json["history"][-20:]\n' +
          '    return client.chat.completions.create(model="m", messages=[*h, {"role": "user", "content": q}, {"role": "user", "content": r[:MAX]}])\n',
      ),
    },
    {
      name: 'truncate()-named helpers bound the length (imported, or defined here with a slice)',
      language: 'python',
      code:
        'from flask import Flask, request\nfrom textwrap import shorten\nfrom .text import truncate\napp = Flask(__name__)\n' +
        'def clip_to(s, n):\n    return s[:n]\n@app.post("/ask")\ndef ask():\n' +
        '    a = truncate(request.json["a"], 4000)\n    b = shorten(request.json["b"], 200)\n    c = clip_to(request.json["c"], 100)\n' +
        '    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": a + b + c}])\n',
    },
    {
      name: 'Python: if len(x) > N: raise',
      language: 'python',
      code: flask(
        '    q = request.json["q"]\n    if len(q) > 4000:\n        raise ValueError("too long")\n' +
          '    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])\n',
      ),
    },
    {
      name: 'JS: .slice(0, n), .substring(0, n), truncate() and a length guard that returns',
      language: 'typescript',
      code:
        "app.post('/c', async (req, res) => {\n  const a = req.body.a.slice(0, 4000);\n  const b: string = req.body.b;\n  const c = truncate(req.body.c, 100);\n" +
        "  const d = req.body.d;\n  if (d.length > 4000) return res.status(400).end();\n" +
        "  await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: a }, { role: 'user', content: b.substring(0, MAX) }, { role: 'user', content: c + d }] });\n});\n",
    },
    {
      name: 'Pydantic fields limited by Field(max_length=...) or constr(max_length=...), as a FastAPI body or validated from Flask',
      language: 'python',
      code:
        'from fastapi import FastAPI\nfrom flask import request\nfrom pydantic import BaseModel, Field, constr\napp = FastAPI()\n' +
        'class Ask(BaseModel):\n    question: str = Field(..., max_length=2000)\n    topic: constr(max_length=50)\n    temperature: float = 0.2\n    note: str\n' +
        '@app.post("/a")\ndef a(body: Ask):\n' +
        '    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": body.question}, {"role": "user", "content": body.topic}])\n' +
        '@app.post("/b")\ndef b():\n    q = Ask.model_validate(request.get_json())\n' +
        '    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": q.question}])\n',
    },
    {
      name: 'allowlist maps: PERSONAS.get(choice, default) and TOPICS.get(x) return the mapping\'s own text',
      language: 'python',
      code: flask(
        '    persona = PERSONAS.get(request.json["persona"], PERSONAS["support"])\n    topic = TOPICS.get(request.args.get("t"))\n' +
          '    return client.chat.completions.create(model="m", messages=[{"role": "system", "content": "You are " + persona + " on " + topic}])\n',
      ),
    },
    {
      name: 'JS: a Map lookup returns the map\'s own text',
      language: 'javascript',
      code: "app.post('/c', async (req, res) => {\n  const persona = PERSONAS.get(req.body.persona) ?? 'support';\n  await openai.chat.completions.create({ model: 'm', messages: [{ role: 'system', content: `You are ${persona}` }] });\n});\n",
    },
    {
      name: 'Streamlit max_chars bounds the input; text built inside a user-role Gemini message is not a single-string prompt',
      language: 'python',
      code:
        'import streamlit as st\nimport google.generativeai as genai\nq = st.text_area("Your question", max_chars=1000)\nmodel = genai.GenerativeModel("gemini-1.5-pro")\n' +
        'model.generate_content([{"role": "user", "parts": ["Question: " + q]}])\n',
    },
    {
      name: 'near miss: same names, constant instructions',
      language: 'javascript',
      code:
        "app.post('/chat', async (req, res) => {\n  const topic = 'math';\n  await openai.chat.completions.create({ model: 'm', messages: [{ role: 'system', content: `Tutor for ${topic}` }] });\n});\n",
    },
  ],
  invalid: [
    {
      name: 'Flask: request data reaches a helper two calls deep that builds the system message (points at the f-string in it)',
      language: 'python',
      code:
        'from flask import Flask, request\napp = Flask(__name__)\ndef ask(topic):\n    system = f"You are an expert on {topic}."\n' +
        '    return client.chat.completions.create(model="m", messages=[{"role": "system", "content": system}])\n' +
        'def answer(topic):\n    return ask(topic)\n@app.post("/a")\ndef a():\n    return answer(request.json["topic"])\n',
      findings: [{ line: 4, text: 'f"You are an expert on {topic}."', messageIncludes: 'Request data' }],
    },
    {
      name: 'Chainlit @cl.on_message: the message content in the instructions',
      language: 'python',
      code: 'import chainlit as cl\n@cl.on_message\nasync def main(message: cl.Message):\n    await client.messages.create(model="c", max_tokens=9, system=f"Reply to {message.content}", messages=[])\n',
      findings: [{ line: 4, text: 'f"Reply to {message.content}"' }],
    },
    {
      name: 'discord.js messageCreate: the message content in the instructions',
      language: 'javascript',
      code:
        "import { Client } from 'discord.js';\nconst bot = new Client({ intents: [] });\nbot.on('messageCreate', async (m) => {\n" +
        "  await anthropic.messages.create({ model: 'c', max_tokens: 9, system: `Reply to ${m.content}`, messages: [] });\n});\n",
      findings: [{ line: 4, text: '`Reply to ${m.content}`' }],
    },
    {
      name: 'Flask: f-string system message (points at the f-string)',
      language: 'python',
      code: flask(
        '    topic = request.json["topic"]\n    system = f"You are an expert on {topic}."\n' +
          '    return client.chat.completions.create(model="m", messages=[{"role": "system", "content": system}])\n',
      ),
      findings: [{ line: 6, messageIncludes: ['Request data', 'instructions'], text: 'f"You are an expert on {topic}."', severity: 'warning' }],
    },
    {
      name: 'FastAPI parameter into Anthropic system=',
      language: 'python',
      code:
        'from fastapi import FastAPI\nimport anthropic\napp = FastAPI()\nclient = anthropic.Anthropic()\n@app.post("/a")\n' +
        'def a(persona: str):\n    return client.messages.create(model="c", max_tokens=100, system="Act as " + persona, messages=[])\n',
      findings: [{ line: 7, text: '"Act as " + persona', messageIncludes: 'instructions (`client.messages.create`)' }],
    },
    {
      name: 'Express body into a single-string LangChain prompt, and unbounded user message (info)',
      language: 'javascript',
      code:
        "app.post('/chat', async (req, res) => {\n  const q = req.body.question;\n  const a = await llm.invoke('You are a helpful bot. Question: ' + q);\n" +
        "  const b = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: q }] });\n});\n",
      findings: [
        { line: 3, messageIncludes: 'single-string prompt', severity: 'warning' },
        { line: 4, messageIncludes: 'Request data (`req.body`) goes into a user message with no length limit on the way: limit its size (cost and context-flooding attacks).', severity: 'info' },
      ],
      output:
        "app.post('/chat', async (req, res) => {\n  const q = req.body.question;\n  const a = await llm.invoke('You are a helpful bot. Question: ' + q);\n" +
        "  if (typeof q !== 'string' || q.length > 4000) {\n    throw new Error('the prompt text must be a string of at most 4000 characters');\n  }\n" +
        "  const b = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: q }] });\n});\n",
    },
    {
      name: 'Gradio handler into a ChatPromptTemplate system tuple',
      language: 'python',
      code:
        'import gradio as gr\nfrom langchain_core.prompts import ChatPromptTemplate\ndef respond(message, history):\n' +
        '    prompt = ChatPromptTemplate.from_messages([("system", f"Persona: {message}"), ("human", "{input}")])\n' +
        '    return prompt\ngr.ChatInterface(respond).launch()\n',
      findings: [{ line: 4, text: 'f"Persona: {message}"' }],
    },
    {
      name: 'slices that keep an unbounded amount are no limit: x[1:], x[::2]; an unbounded HumanMessage names its callee',
      language: 'python',
      code:
        'from flask import Flask, request\nfrom langchain_core.messages import HumanMessage\napp = Flask(__name__)\n@app.post("/ask")\ndef ask():\n' +
        '    q = request.json["q"][1:]\n    return llm.invoke([HumanMessage(q[::2])])\n',
      findings: [{ line: 7, severity: 'info', messageIncludes: 'goes into a user message for `langchain_core.messages.HumanMessage` with no length limit' }],
    },
    {
      name: 'a field without a limit is unbounded even when its siblings are limited',
      language: 'python',
      code:
        'from fastapi import FastAPI\nfrom pydantic import BaseModel, Field\napp = FastAPI()\n' +
        'class Ask(BaseModel):\n    question: str = Field(..., max_length=2000)\n    note: str\n' +
        '@app.post("/a")\ndef a(body: Ask):\n    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": body.note}])\n',
      findings: [{ line: 9, severity: 'info', text: 'body.note', messageIncludes: 'Request data (`body.note`) goes into a user message with no length limit' }],
    },
    {
      name: 'a default taken from the request is still request data: CHOICES.get(key, key)',
      language: 'python',
      code: flask('    t = request.json["t"]\n    topic = TOPICS.get(t, t)\n    return client.messages.create(model="c", max_tokens=5, system=f"Expert on {topic}", messages=[])\n'),
      findings: [{ line: 7, text: 'f"Expert on {topic}"' }],
    },
    {
      name: 'input() is lower confidence (info)',
      language: 'python',
      code: 'name = input("name? ")\nclient.messages.create(model="c", max_tokens=5, system=f"Greet {name}", messages=[])\n',
      findings: [{ line: 2, severity: 'info', messageIncludes: 'User input' }],
    },
  ],
});

describe('rule model-input/prompt-injection: flow path', () => {
  it('relates the source and each step, in order', () => {
    const code = flask(
      '    data = request.get_json()\n    topic = data["topic"]\n    system = f"Expert on {topic}."\n' +
        '    return client.chat.completions.create(model="m", messages=[{"role": "system", "content": system}])\n',
    );
    const [finding] = run(rule, { code, language: 'python' });
    assert.deepEqual(
      finding.related.map((r) => `${r.range.start.line + 1}: ${r.message}`),
      ['5: request data enters here (`flask.request.get_json`)', '5: assigned to `data`', '6: assigned to `topic`', '7: interpolated into an f-string', '7: assigned to `system`'],
    );
  });
});
