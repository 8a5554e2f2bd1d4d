import * as assert from 'node:assert/strict';
import { flows, initEngine } from './taint-support';

/** `kind@line` of every flow, in document order. */
function at(code: string, language: 'python' | 'javascript' | 'typescript', kinds?: string[]): string[] {
  return flows(code, language)
    .filter((f) => !kinds || kinds.includes(f.kind))
    .map((f) => `${f.kind}@${f.line}`);
}

describe('taint shapes: promise callbacks and await chains (JS)', () => {
  before(initEngine);

  it('follows a completion into a .then callback', () => {
    assert.deepEqual(at(`client.chat.completions.create({ model: 'm', messages }).then((r) => eval(r.choices[0].message.content));\n`, 'javascript'), ['code-exec@1']);
  });
  it('follows a chain of .then callbacks (the value each returns)', () => {
    const code = `openai.chat.completions.create({ model: 'm', messages })
  .then((r) => r.choices[0].message.content)
  .then(function (text) { eval(text); })
  .catch((e) => console.error(e));
`;
    assert.deepEqual(at(code, 'javascript', ['code-exec']), ['code-exec@3']);
  });
  it('lets .catch and .finally callbacks see the enclosing function', () => {
    const code = `async function f() {
  const r = await openai.chat.completions.create({ model: 'm', messages });
  const code = r.choices[0].message.content;
  save().catch(() => eval(code)).finally(() => { new Function(code); });
}
`;
    assert.deepEqual(at(code, 'javascript', ['code-exec']), ['code-exec@4', 'code-exec@4']);
  });
  it('reads through (await x.create()).choices and async arrows', () => {
    const code = `const run = async () => {
  const text = (await openai.chat.completions.create({ model: 'm', messages })).choices[0].message.content;
  eval(text);
};
`;
    assert.deepEqual(at(code, 'javascript'), ['code-exec@3']);
  });
  it('near miss: a .then callback on a promise that carries no model output', () => {
    const code = `fetch('/config').then((r) => r.json()).then((cfg) => eval(cfg.script));\nPromise.resolve('1').then((x) => eval(x));\n`;
    assert.deepEqual(at(code, 'javascript'), []);
  });
});

describe('taint shapes: stream events and iteration', () => {
  before(initEngine);

  it('JS: stream.on("text", cb) hands model output to the callback', () => {
    const code = `const stream = openai.chat.completions.create({ model: 'm', messages, stream: true });
stream.on('content', (delta, snapshot) => { eval(delta); new Function(snapshot); });
stream.once('end', handleEnd);
function handleEnd(finalText) { eval(finalText); }
`;
    const found = flows(code, 'javascript').filter((f) => f.kind === 'code-exec');
    assert.deepEqual(found.map((f) => `${f.line}: ${f.argument}`), ['2: delta', '4: finalText']);
    assert.deepEqual(found[0].steps, ['1: model output comes from `openai.chat.completions.create`', '1: assigned to `stream`', "2: emitted to the `.on()` handler"]);
  });
  it('JS: stream.on("data", named callback) and for await', () => {
    const code = `async function f() {
  const stream = await openai.chat.completions.create({ model: 'm', messages, stream: true });
  for await (const chunk of stream) eval(chunk.choices[0].delta.content);
}
`;
    assert.deepEqual(at(code, 'javascript', ['code-exec']), ['code-exec@3']);
  });
  it('JS near miss: an event handler on an emitter that carries no model output', () => {
    const code = `const stream = fs.createReadStream('x');\nstream.on('data', (d) => { eval(d); });\nprocess.on('message', (m) => eval(m));\n`;
    assert.deepEqual(at(code, 'javascript', ['code-exec']), []);
  });
  it('Python: each chunk of a streamed completion is model output', () => {
    const code = `def f(client):
    stream = client.chat.completions.create(model="m", messages=[], stream=True)
    for chunk in stream:
        exec(chunk.choices[0].delta.content)
`;
    assert.deepEqual(at(code, 'python', ['code-exec']), ['code-exec@4']);
  });
});

describe('taint shapes: loops', () => {
  before(initEngine);

  it('Python: text accumulated from a stream is model output after the loop', () => {
    const code = `def f(client):
    text = ""
    for chunk in client.chat.completions.create(model="m", messages=[], stream=True):
        text += chunk.choices[0].delta.content or ""
    exec(text)
`;
    assert.deepEqual(at(code, 'python', ['code-exec']), ['code-exec@5']);
  });
  it('Python: parts appended in a loop and joined after it', () => {
    const code = `def f(client, stream):
    parts = []
    for chunk in client.chat.completions.create(model="m", messages=[], stream=True):
        parts.append(chunk.choices[0].delta.content)
    exec("".join(parts))
`;
    assert.deepEqual(at(code, 'python', ['code-exec']), ['code-exec@5']);
  });
  it('Python: a value carried into the next iteration reaches a sink before its assignment', () => {
    const code = `def f(client, steps):
    previous = ""
    for step in steps:
        exec(previous)
        previous = client.chat.completions.create(model="m", messages=[step]).choices[0].message.content
`;
    assert.deepEqual(at(code, 'python', ['code-exec']), ['code-exec@4']);
  });
  it('JS: a value carried into the next iteration of a while loop', () => {
    const code = `async function f(steps) {
  let last = '';
  let i = 0;
  while (i < steps.length) {
    eval(last);
    const r = await openai.chat.completions.create({ model: 'm', messages: [steps[i]] });
    last = r.choices[0].message.content;
    i++;
  }
}
`;
    assert.deepEqual(at(code, 'javascript', ['code-exec']), ['code-exec@5']);
  });
  it('near miss: a loop that overwrites the value with a constant before the sink', () => {
    const code = `def f(client, steps):
    previous = ""
    for step in steps:
        previous = "print(1)"
        exec(previous)
        previous = client.chat.completions.create(model="m", messages=[step]).choices[0].message.content
`;
    assert.deepEqual(at(code, 'python', ['code-exec']), []);
  });
});

describe('taint shapes: helpers at any depth, methods, summaries', () => {
  before(initEngine);

  it('Python: request data reaches a system prompt through two levels of helpers, pointing at the interpolation', () => {
    const code = `from flask import Flask, request
app = Flask(__name__)

def instructions(topic):
    return f"You are an expert on {topic}."

def ask(client, topic):
    return client.chat.completions.create(model="m", messages=[{"role": "system", "content": instructions(topic)}])

def answer(client, question):
    return ask(client, question)

@app.post("/ask")
def route():
    return answer(CLIENT, request.json["topic"])
`;
    const found = flows(code, 'python').filter((f) => f.kind === 'prompt-system');
    assert.deepEqual(found.map((f) => `${f.line}`), ['8']);
    assert.equal(found[0].built, 'instructions(topic)');
    assert.deepEqual(found[0].steps, [
      '15: request data enters here (`request.json`)',
      '15: passed to `answer()`',
      '11: passed to `ask()`',
      '8: passed through `instructions()`',
    ]);
  });
  it('Python: model output reaches exec three calls deep; a constant argument does not', () => {
    const code = `def run(code):
    exec(code)

def step(code):
    run(code)

def outer(code, flag=False):
    step(code=code)

def handle(client):
    r = client.chat.completions.create(model="m", messages=[])
    outer(r.choices[0].message.content)
    outer("print(1)")
`;
    const found = flows(code, 'python');
    assert.deepEqual(found.map((f) => `${f.kind}@${f.line}`), ['code-exec@2']);
    assert.deepEqual(found[0].steps, [
      '11: model output comes from `client.chat.completions.create`',
      '11: assigned to `r`',
      '12: passed to `outer()`',
      '8: passed to `step()`',
      '5: passed to `run()`',
    ]);
  });
  it('Python: recursive and mutually recursive helpers terminate and still report', () => {
    const code = `def a(code, n):
    if n > 0:
        return b(code, n - 1)
    exec(code)

def b(code, n):
    return a(code, n)

def handle(client):
    r = client.chat.completions.create(model="m", messages=[])
    b(r.choices[0].message.content, 3)
`;
    assert.deepEqual(at(code, 'python'), ['code-exec@4']);
  });
  it('Python: self.helper(x) in the same class, with self not counted as an argument', () => {
    const code = `class Agent:
    def __init__(self, client):
        self.client = client

    def reply(self, question):
        r = self.client.chat.completions.create(model="m", messages=[{"role": "user", "content": question}])
        return r.choices[0].message.content

    def execute(self, code, check=True):
        exec(code)

    def run(self, question):
        self.execute(self.reply(question))
        self.execute("print(1)", check=self.reply(question))
`;
    assert.deepEqual(at(code, 'python', ['code-exec']), ['code-exec@10']);
  });
  it('JS: this.helper(x) and helpers at depth', () => {
    const code = `function render(html) { eval(html); }
const show = (x) => render(x);
class Bot {
  async answer(q) {
    const r = await this.client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: q }] });
    return r.choices[0].message.content;
  }
  async run(q) {
    show(await this.answer(q));
    show('<p>hi</p>');
  }
}
`;
    const found = flows(code, 'javascript').filter((f) => f.kind === 'code-exec');
    assert.deepEqual(found.map((f) => `${f.line}`), ['1']);
    assert.deepEqual(found[0].steps, ['5: model output comes from `this.client.chat.completions.create`', '5: assigned to `r`', '9: returned by `this.answer()`', '9: passed to `show()`', '2: passed to `render()`']);
  });
  it('JS: mutually recursive helpers terminate and still report', () => {
    const code = `function walk(node, depth) { if (depth > 3) return eval(node); return visit(node, depth + 1); }
function visit(node, depth) { return walk(node, depth); }
const r = await openai.chat.completions.create({ model: 'm', messages });
visit(r.choices[0].message.content, 0);
`;
    assert.deepEqual(at(code, 'javascript'), ['code-exec@1']);
  });
});

describe('taint shapes: handler registrations as request sources', () => {
  before(initEngine);

  const system = (code: string, language: 'python' | 'javascript') => at(code, language, ['prompt-system']);

  it('Gradio: Interface(fn=), ChatInterface(fn=), .click/.submit/.change(fn, inputs=...)', () => {
    const code = `import gradio as gr
def classify(text):
    return client.messages.create(model="c", system=f"Classify: {text}", messages=[])
def chat(message, history):
    return client.messages.create(model="c", system="Reply to " + message, messages=[])
def on_click(a):
    return client.messages.create(model="c", system=f"A {a}", messages=[])
def on_submit(b):
    return client.messages.create(model="c", system=f"B {b}", messages=[])
def on_change(c):
    return client.messages.create(model="c", system=f"C {c}", messages=[])
def unused(d):
    return client.messages.create(model="c", system=f"D {d}", messages=[])
gr.Interface(fn=classify, inputs="text", outputs="text")
gr.ChatInterface(fn=chat)
with gr.Blocks() as demo:
    box = gr.Textbox()
    btn = gr.Button()
    btn.click(on_click, inputs=box, outputs=box)
    box.submit(fn=on_submit, inputs=[box])
    box.change(on_change, box, box)
`;
    assert.deepEqual(system(code, 'python'), ['prompt-system@3', 'prompt-system@5', 'prompt-system@7', 'prompt-system@9', 'prompt-system@11']);
  });
  it('Chainlit @cl.on_message: message.content', () => {
    const code = `import chainlit as cl
@cl.on_message
async def main(message: cl.Message):
    await client.messages.create(model="c", system=f"Answer {message.content}", messages=[])
async def helper(message):
    await client.messages.create(model="c", system=f"Answer {message.content}", messages=[])
`;
    assert.deepEqual(system(code, 'python'), ['prompt-system@4']);
  });
  it('discord.py: @bot.event on_message and @bot.command() arguments', () => {
    const code = `import discord
from discord.ext import commands
bot = commands.Bot(command_prefix="!")
@bot.event
async def on_message(message):
    await client.messages.create(model="c", system=f"Reply {message.content}", messages=[])
@bot.event
async def on_ready():
    await client.messages.create(model="c", system=f"Ready {bot.user}", messages=[])
@bot.command()
async def ask(ctx, *, question: str):
    await client.messages.create(model="c", system=f"Q {question}", messages=[])
`;
    assert.deepEqual(system(code, 'python'), ['prompt-system@6', 'prompt-system@12']);
  });
  it('python-telegram-bot: handlers registered with MessageHandler/CommandHandler (inside main)', () => {
    const code = `from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters
async def reply(update: Update, context):
    await client.messages.create(model="c", system=f"Reply {update.message.text}", messages=[])
async def start(update, context):
    await client.messages.create(model="c", system=f"Args {context.args}", messages=[])
async def not_registered(update, context):
    await client.messages.create(model="c", system=f"X {update.message.text}", messages=[])
def main():
    app = Application.builder().token("t").build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, reply))
    app.add_handler(CommandHandler("start", start))
    app.run_polling()
`;
    assert.deepEqual(system(code, 'python'), ['prompt-system@4', 'prompt-system@6']);
  });
  it('FastAPI websockets: receive_text() and receive_json()', () => {
    const code = `from fastapi import FastAPI, WebSocket
app = FastAPI()
@app.websocket("/ws")
async def ws(websocket: WebSocket):
    text = await websocket.receive_text()
    data = await websocket.receive_json()
    await client.messages.create(model="c", system=f"T {text}", messages=[])
    await client.messages.create(model="c", system=f"D {data['q']}", messages=[])
`;
    assert.deepEqual(system(code, 'python'), ['prompt-system@7', 'prompt-system@8']);
  });
  it('discord.js client.on("messageCreate") and telegraf bot.on/command/hears', () => {
    const code = `import { Client } from 'discord.js';
import { Telegraf } from 'telegraf';
const client = new Client({ intents: [] });
const bot = new Telegraf(process.env.BOT_TOKEN);
client.on('messageCreate', async (m) => {
  await anthropic.messages.create({ model: 'c', system: \`Reply to \${m.content}\`, messages: [] });
});
client.on('ready', async (c) => {
  await anthropic.messages.create({ model: 'c', system: \`Ready \${c.user.tag}\`, messages: [] });
});
bot.on('text', async (ctx) => {
  await anthropic.messages.create({ model: 'c', system: \`T \${ctx.message.text}\`, messages: [] });
});
bot.command('ask', (ctx) => anthropic.messages.create({ model: 'c', system: 'Q ' + ctx.payload, messages: [] }));
`;
    assert.deepEqual(system(code, 'javascript'), ['prompt-system@6', 'prompt-system@12', 'prompt-system@14']);
  });
  it('discord.js: a handler registered by name, before or after its definition; an unregistered twin is not', () => {
    const code = `import { Client } from 'discord.js';
const client = new Client({ intents: [] });
client.on('messageCreate', onMessage);
async function onMessage(message) {
  await anthropic.messages.create({ model: 'c', system: \`Reply to \${message.content}\`, messages: [] });
}
async function notRegistered(message) {
  await anthropic.messages.create({ model: 'c', system: \`Reply to \${message.content}\`, messages: [] });
}
const onInteraction = async (i) => anthropic.messages.create({ model: 'c', system: 'Q ' + i.options.getString('q'), messages: [] });
client.on('interactionCreate', onInteraction);
`;
    assert.deepEqual(system(code, 'javascript'), ['prompt-system@5', 'prompt-system@10']);
  });
});
