import * as assert from 'node:assert/strict';
import { SDK_TABLE } from '../../server/src/engine/api';
import { sdkCatalog } from '../../server/src/engine/sdks/catalog';
import { nameOccurrences } from '../../server/src/engine/name-mentions';
import { seededRandom } from '../support/seeded-random';
import { flows, initEngine, type FlowView } from './taint-support';

/**
 * The SDK table (server/src/engine/sdks/table.ts), one case per SDK and language: model output of the SDK
 * reaches a dangerous sink, and request data reaches the SDK's prompt or instructions. Adding an SDK to the
 * table means adding its case here (the last test checks that every entry has one).
 */
interface SdkCase {
  sdk: string;
  language: 'python' | 'typescript';
  /** Lines inside a request handler where `q` holds request data. */
  body: string;
  /** Module-level lines (imports, clients). */
  setup: string;
  /** The sink kind model output must reach. */
  output: 'code-exec' | 'shell' | 'html';
  /** The prompt sink kind request data must reach (absent when the SDK takes its input as inference data only). */
  prompt?: 'prompt-string' | 'prompt-system' | 'prompt-user';
}

const py = (sdk: string, setup: string, body: string, output: SdkCase['output'], prompt?: SdkCase['prompt']): SdkCase => ({ sdk, language: 'python', setup, body, output, prompt });
const ts = (sdk: string, setup: string, body: string, output: SdkCase['output'], prompt?: SdkCase['prompt']): SdkCase => ({ sdk, language: 'typescript', setup, body, output, prompt });

const CASES: SdkCase[] = [
  py('openai', 'from openai import AzureOpenAI\naz = AzureOpenAI()', 'r = az.responses.create(model="m", instructions=f"Answer about {q}", input="hi")\neval(r.output_text)', 'code-exec', 'prompt-system'),
  py('anthropic', 'from anthropic import AnthropicBedrock\nab = AnthropicBedrock()', 'm = ab.messages.create(model="m", max_tokens=9, system=q, messages=[])\nsubprocess.run(m.content[0].text, shell=True)', 'shell', 'prompt-system'),
  py('google', 'from google import genai\ng = genai.Client()', 'r = g.models.generate_content(model="m", contents=q)\neval(r.text)', 'code-exec', 'prompt-string'),
  py('google', 'import google.generativeai as gai\ngm = gai.GenerativeModel("m")', 'session = gm.start_chat()\nr = session.send_message(q)\nexec(r.text)', 'code-exec', 'prompt-string'),
  py('google', 'from vertexai.generative_models import GenerativeModel\nvx = GenerativeModel("m", system_instruction=SYSTEM)', 'r = vx.generate_content(f"Summarise {q}")\neval(r.text)', 'code-exec', 'prompt-string'),
  py('mistral', 'from mistralai import Mistral\nmi = Mistral()', 'r = mi.chat.complete(model="m", messages=[{"role": "system", "content": q}])\neval(r.choices[0].message.content)', 'code-exec', 'prompt-system'),
  py('cohere', 'import cohere\nco = cohere.Client()', 'r = co.chat(message="hi", preamble=f"You are {q}")\neval(r.text)', 'code-exec', 'prompt-system'),
  py(
    'cohere',
    'import cohere\nclass Helper:\n    def __init__(self):\n        self.c2 = cohere.ClientV2()\n    def ask(self, text):\n        r = self.c2.chat(model="m", messages=[{"role": "user", "content": text}])\n        eval(r.message.content[0].text)\n        return self.c2.chat(model="m", messages=[{"role": "system", "content": text}])',
    'Helper().ask(q)\nr = cohere.ClientV2().chat(model="m", messages=[{"role": "system", "content": q}])\neval(r.message.content[0].text)',
    'code-exec',
    'prompt-system',
  ),
  py('groq', 'from groq import Groq\ngq = Groq()', 'r = gq.chat.completions.create(model="m", messages=[{"role": "system", "content": q}])\neval(r.choices[0].message.content)', 'code-exec', 'prompt-system'),
  py('together', 'from together import Together\ntg = Together()', 'r = tg.completions.create(model="m", prompt=f"Q: {q}")\neval(r.choices[0].text)', 'code-exec', 'prompt-string'),
  py('fireworks', 'from fireworks.client import Fireworks\nfw = Fireworks()', 'r = fw.chat.completions.create(model="m", messages=[{"role": "system", "content": q}])\neval(r.choices[0].message.content)', 'code-exec', 'prompt-system'),
  py('replicate', 'import replicate', 'out = replicate.run("meta/llama", input={"prompt": f"Q: {q}"})\nsubprocess.run("".join(out), shell=True)', 'shell', 'prompt-string'),
  py('replicate', 'import replicate\nrc = replicate.Client()', 'p = rc.predictions.create(version="v", input={"prompt": q})\neval(p.output)', 'code-exec', 'prompt-string'),
  py('ollama', 'import ollama', 'r = ollama.generate(model="m", system=q, prompt="hi")\neval(r["response"])', 'code-exec', 'prompt-system'),
  py('ollama', 'from ollama import Client\noc = Client()', 'r = oc.chat(model="m", messages=[{"role": "system", "content": q}])\neval(r["message"]["content"])', 'code-exec', 'prompt-system'),
  py('litellm', 'from litellm import completion', 'r = completion(model="m", messages=[{"role": "system", "content": q}])\neval(r.choices[0].message.content)', 'code-exec', 'prompt-system'),
  py('huggingface', 'from huggingface_hub import InferenceClient\nhf = InferenceClient()', 'out = hf.text_generation(f"Q: {q}")\nsubprocess.run(out, shell=True)', 'shell', 'prompt-string'),
  py('huggingface', 'from huggingface_hub import InferenceClient\nhf = InferenceClient()', 'r = hf.chat.completions.create(model="m", messages=[{"role": "system", "content": q}])\neval(r.choices[0].message.content)', 'code-exec', 'prompt-system'),
  py('huggingface', 'from transformers import pipeline\nwriter = pipeline("text-generation", model="gpt2")', 'text = writer(q)[0]["generated_text"]\neval(text)', 'code-exec'),
  py('bedrock', 'import boto3\nimport json\nbr = boto3.client("bedrock-runtime")', 'r = br.converse(modelId="m", system=[{"text": q}], messages=[])\neval(r["output"]["message"]["content"][0]["text"])', 'code-exec', 'prompt-system'),
  py('bedrock', 'import boto3\nimport json\nbr = boto3.client(service_name="bedrock-runtime")', 'r = br.invoke_model(modelId="m", body=json.dumps({"prompt": f"Q: {q}"}))\nanswer = json.loads(r["body"].read())\neval(answer["completion"])', 'code-exec', 'prompt-string'),
  py('langchain', 'from langchain_openai import ChatOpenAI\nm = ChatOpenAI(max_tokens=9)', 'pipeline_ = TEMPLATE | m\nr = pipeline_.invoke(f"Q: {q}")\neval(r.content)', 'code-exec', 'prompt-string'),
  py('langchain', 'from langgraph.graph import StateGraph\nbuilder = StateGraph(dict)\nflow = builder.compile()', 'out = flow.invoke({"messages": [f"Q: {q}"]})\neval(out["messages"][-1].content)', 'code-exec', 'prompt-string'),
  py('llamaindex', 'from llama_index.core import VectorStoreIndex\nidx = VectorStoreIndex.from_documents(DOCS)', 'qe = idx.as_query_engine()\nr = qe.query(f"Q: {q}")\neval(str(r))', 'code-exec', 'prompt-string'),
  py('dspy', 'import dspy\nqa = dspy.ChainOfThought("question -> answer")', 'r = qa(question=q)\neval(r.answer)', 'code-exec', 'prompt-string'),
  py('haystack', 'from haystack.components.generators import OpenAIGenerator\ngen = OpenAIGenerator()', 'r = gen.run(prompt=f"Q: {q}")\neval(r["replies"][0])', 'code-exec', 'prompt-string'),
  py('crewai', 'from crewai import Crew, Agent\nteam = Crew(agents=[], tasks=[])', 'writer = Agent(role="w", goal="g", backstory=q)\nr = team.kickoff(inputs={"topic": f"{q}"})\neval(r.raw)', 'code-exec', 'prompt-system'),
  py('autogen', 'from autogen_agentchat.agents import AssistantAgent', 'helper = AssistantAgent("a", model_client=MC, system_message=q)\nr = helper.run(task="go")\neval(r.messages[-1].content)', 'code-exec', 'prompt-system'),
  py('semantic-kernel', 'from semantic_kernel import Kernel\nk = Kernel()', 'r = k.invoke_prompt(f"Q: {q}")\neval(str(r))', 'code-exec', 'prompt-string'),
  py('openai-agents', 'from agents import Agent, Runner', 'helper = Agent(name="a", instructions=f"Help with {q}")\nr = Runner.run_sync(helper, "go")\neval(r.final_output)', 'code-exec', 'prompt-system'),
  ts('openai', "import OpenAI from 'openai';\nconst o = new OpenAI();", "const r = await o.responses.create({ model: 'm', instructions: `About ${q}`, input: 'x' });\ndocument.body.innerHTML = r.output_text;", 'html', 'prompt-system'),
  ts('anthropic', "import Anthropic from '@anthropic-ai/sdk';\nconst an = new Anthropic();", "const m = await an.messages.create({ model: 'm', max_tokens: 9, system: q, messages: [] });\neval(m.content[0].text);", 'code-exec', 'prompt-system'),
  ts('google', "import { GoogleGenAI } from '@google/genai';\nconst gg = new GoogleGenAI({});", "const r = await gg.models.generateContent({ model: 'm', contents: `Q: ${q}` });\neval(r.text);", 'code-exec', 'prompt-string'),
  ts('google', "import { GoogleGenerativeAI } from '@google/generative-ai';\nconst gen = new GoogleGenerativeAI(KEY);", "const gm = gen.getGenerativeModel({ model: 'm', systemInstruction: q });\nconst r = await gm.generateContent('hi');\neval(r.response.text());", 'code-exec', 'prompt-system'),
  ts('mistral', "import { Mistral } from '@mistralai/mistralai';\nconst mi = new Mistral({});", "const r = await mi.chat.complete({ model: 'm', messages: [{ role: 'system', content: q }] });\neval(r.choices[0].message.content);", 'code-exec', 'prompt-system'),
  ts('cohere', "import { CohereClient } from 'cohere-ai';\nconst co = new CohereClient({});", "const r = await co.chat({ message: 'hi', preamble: `Be ${q}` });\neval(r.text);", 'code-exec', 'prompt-system'),
  ts('groq', "import Groq from 'groq-sdk';\nconst gq = new Groq();", "const r = await gq.chat.completions.create({ model: 'm', messages: [{ role: 'system', content: q }] });\neval(r.choices[0].message.content);", 'code-exec', 'prompt-system'),
  ts('together', "import Together from 'together-ai';\nconst tg = new Together();", "const r = await tg.chat.completions.create({ model: 'm', messages: [{ role: 'system', content: q }] });\neval(r.choices[0].message.content);", 'code-exec', 'prompt-system'),
  ts('replicate', "import Replicate from 'replicate';\nconst rep = new Replicate();", "const out = await rep.run('meta/llama', { input: { prompt: `Q: ${q}` } });\neval(out.join(''));", 'code-exec', 'prompt-string'),
  ts('ollama', "import ollama from 'ollama';", "const r = await ollama.generate({ model: 'm', prompt: `Q: ${q}` });\neval(r.response);", 'code-exec', 'prompt-string'),
  ts('huggingface', "import { HfInference } from '@huggingface/inference';\nconst hf = new HfInference(KEY);", "const r = await hf.textGeneration({ model: 'm', inputs: `Q: ${q}` });\neval(r.generated_text);", 'code-exec', 'prompt-string'),
  ts(
    'bedrock',
    "import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';\nconst br = new BedrockRuntimeClient({});",
    "const r = await br.send(new ConverseCommand({ modelId: 'm', system: [{ text: q }], messages: [] }));\neval(r.output.message.content[0].text);",
    'code-exec',
    'prompt-system',
  ),
  ts('langchain', "import { ChatOpenAI } from '@langchain/openai';\nconst m = new ChatOpenAI({ maxTokens: 9 });", 'const r = await m.invoke(`Q: ${q}`);\neval(r.content);', 'code-exec', 'prompt-string'),
  ts('openai-agents', "import { Agent, run } from '@openai/agents';", "const helper = new Agent({ name: 'a', instructions: `Help with ${q}` });\nconst r = await run(helper, 'go');\neval(r.finalOutput);", 'code-exec', 'prompt-system'),
  ts('vercel-ai', "import { streamText } from 'ai';", "const r = streamText({ model: M, system: `About ${q}` });\ndocument.body.innerHTML = await r.text;", 'html', 'prompt-system'),
];

function source(c: SdkCase): string {
  if (c.language === 'python') {
    const body = c.body.split('\n').map((line) => `    ${line}`).join('\n');
    return `import subprocess\nfrom flask import Flask, request\n${c.setup}\napp = Flask(__name__)\n\n@app.post("/ask")\ndef ask():\n    q = request.json["q"]\n${body}\n`;
  }
  const body = c.body.split('\n').map((line) => `  ${line}`).join('\n');
  return `${c.setup}\nexport async function POST(req: Request) {\n  const { q } = await req.json();\n${body}\n}\n`;
}

const describeFlows = (found: FlowView[]) => found.map((f) => `${f.kind} ${f.labels.join('+')} ${f.sink} (${f.argument})`).join('\n  ');

describe('SDK table: model output and prompts per SDK', () => {
  before(initEngine);

  CASES.forEach((c, i) => {
    it(`${c.sdk} (${c.language} #${i}): model output reaches ${c.output}${c.prompt ? `, request data reaches ${c.prompt}` : ''}`, () => {
      const found = flows(source(c), c.language);
      assert.ok(
        found.some((f) => f.kind === c.output && f.labels.includes('llm-output')),
        `no model output into ${c.output}; flows:\n  ${describeFlows(found)}`,
      );
      if (c.prompt) {
        assert.ok(
          found.some((f) => f.kind === c.prompt && f.labels.includes('request')),
          `no request data into ${c.prompt}; flows:\n  ${describeFlows(found)}`,
        );
      }
    });
  });

  it('has a case for every SDK and language in the table', () => {
    const covered = new Set(CASES.map((c) => `${c.sdk}:${c.language === 'typescript' ? 'javascript' : 'python'}`));
    const missing = SDK_TABLE.flatMap((sdk) => (['python', 'javascript'] as const).filter((l) => sdk[l]).map((l) => `${sdk.id}:${l}`)).filter((key) => !covered.has(key));
    assert.deepEqual(missing, []);
  });
});

describe('SDK table: what is not a model', () => {
  before(initEngine);

  const negatives: { name: string; language: 'python' | 'typescript'; code: string }[] = [
    {
      name: 'an object of the project with a run method',
      language: 'python',
      code: 'class Job:\n    def run(self, x):\n        return x\ndef go():\n    job = Job()\n    eval(job.run("1 + 1"))\n',
    },
    { name: 'a boto3 client of another service', language: 'python', code: 'import boto3\ns3 = boto3.client("s3")\nr = s3.get_object(Bucket="b", Key="k")\neval(r["Body"].read())\n' },
    { name: 'a non-text pipeline', language: 'python', code: 'from transformers import pipeline\nclf = pipeline("sentiment-analysis")\neval(clf("great")[0]["label"])\n' },
    { name: 'a database client with query', language: 'typescript', code: "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function f() {\n  const r = await pool.query('select 1');\n  eval(r.rows[0]);\n}\n" },
    { name: 'a run method on an object of the project', language: 'typescript', code: 'class Task { run(x: string) { return x; } }\nconst runner = new Task();\neval(runner.run("1"));\n' },
  ];
  for (const n of negatives) {
    it(`no model output from ${n.name}`, () => {
      const found = flows(n.code, n.language);
      assert.deepEqual(found.filter((f) => f.labels.includes('llm-output')).map((f) => f.sink), []);
    });
  }
});

describe('SDK catalog: names that lead to a factory', () => {
  before(() => initEngine());

  it('takes a module, a nested module and a factory itself, and nothing that cannot make a client', () => {
    const catalog = sdkCatalog('python');
    for (const name of ['google', 'google.generativeai', 'google.generativeai.GenerativeModel', 'langgraph.graph', 'langgraph.graph.StateGraph']) {
      assert.equal(catalog.leadsToFactory(name), true, name);
    }
    for (const name of ['langgraph.graph.START', 'google.generativeai.GenerativeModelX', 'googl', '']) {
      assert.equal(catalog.leadsToFactory(name), false, name);
    }
  });

  it('still finds a client made through an aliased nested module and one made from an imported class', () => {
    // Provenance only searches assignments naming an import that leads to a factory; both spellings must remain.
    const aliased = 'import google.generativeai as genai\nfrom langgraph.graph import START, END\n\nmodel = genai.GenerativeModel("gemini-pro")\nreply = model.generate_content(START)\neval(reply.text)\n';
    assert.deepEqual(
      flows(aliased, 'python').map((flow) => `${flow.labels.join('+')}->${flow.kind}`),
      ['llm-output->code-exec'],
    );
  });
});

describe('SDK clients: where a name is written', () => {
  before(() => initEngine());

  /** What provenance searched with before: one expression of the words, whole names only. */
  const byExpression = (text: string, words: readonly string[]) => {
    const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return [...text.matchAll(new RegExp(`(?<![\\w$.])(?:${escaped.join('|')})(?![\\w$])`, 'g'))].map((match) => match.index);
  };

  it('finds the offsets the whole-name expression matches, on generated texts', () => {
    // Names that are prefixes of each other, dotted paths and `$`, in texts made of their pieces and separators;
    // and words with blanks, whose matches can hold another's (the expression takes the first word that fits).
    const words = ['a b', 'b (', 'c = c', 'llm', 'llm2', 'self.llm', 'client', 'c', '$c', 'a.b', 'a', 'b'];
    const pieces = ['llm', '2', 'self', '.', 'client', 'c', '$', 'a', 'b', ' ', '(', '=', '\n', '_'];
    const next = seededRandom(7);
    const random = (n: number) => Math.floor(next() * n);
    for (let round = 0; round < 20000; round++) {
      let text = '';
      for (let i = random(24); i >= 0; i--) text += pieces[random(pieces.length)];
      const chosen = words.filter(() => random(2) === 0);
      if (chosen.length === 0) continue;
      assert.deepEqual(nameOccurrences(text, chosen), byExpression(text, chosen), `${JSON.stringify(text)} ${chosen.join(',')}`);
    }
  });

  it('reads a client bound to a name that another name contains', () => {
    const code = 'from openai import OpenAI\nclient2 = 1\nclient = OpenAI()\nmyclient = client\nr = client.chat.completions.create(model="m", messages=[])\neval(r.choices[0].message.content)\n';
    assert.deepEqual(flows(code, 'python').map((flow) => `${flow.labels.join('+')}->${flow.kind}`), ['llm-output->code-exec']);
  });
});
