import * as assert from 'node:assert/strict';
import { analyze, initEngine } from '../../server/src/engine';
import { defineRule, sdkCallAt, sdkCallSourceWords, sdkCallWords, sdkFactoryAt, sdkFactoryWords, type Node } from '../../server/src/engine/api';
import { hasRequiredWords } from '../../server/src/engine/required-words';
import type { RequiredWord } from '../../server/src/engine/rule';
import { probeMeta } from '../support/probe-meta';

/**
 * The prefilter words read from the SDK table (server/src/engine/sdks/words.ts): wherever `sdkCallAt` or
 * `sdkFactoryAt` finds a call, however it is spelt (aliases, local and dynamic imports, clients held in fields
 * or returned by other calls, chains on unknown receivers), the text has a word of each list for that call.
 */
interface Match {
  what: string;
  lists: RequiredWord[][];
}

/** Every call of the table found in a snippet, with the word lists a rule requiring it would declare. */
function matches(code: string, languageId: string): Match[] {
  const found: Match[] = [];
  const rule = defineRule({
    meta: probeMeta('endpoint/sdk-words-probe', ['python', 'javascript'], { severity: 'info' }),
    create(context) {
      const language = context.family === 'python' ? 'python' : 'javascript';
      const visit = (node: Node) => {
        const call = node.type === 'new_expression' ? undefined : sdkCallAt(context, node);
        if (call) {
          const select = (candidate: unknown) => candidate === call.call;
          found.push({ what: `call ${call.call.method}`, lists: [sdkCallWords(language, select), sdkCallSourceWords(language, select)] });
        }
        const made = sdkFactoryAt(context, node);
        if (made) {
          const select = (factory: unknown) => factory === made.factory;
          found.push({ what: `factory ${made.factory.callee}`, lists: [sdkFactoryWords(language, select, 'module'), sdkFactoryWords(language, select, 'name')] });
        }
      };
      return { call: visit, call_expression: visit, new_expression: visit };
    },
  });
  analyze(code, languageId, { rules: [rule] });
  return found;
}

const SNIPPETS: { languageId: string; code: string; expect: string[] }[] = [
  { languageId: 'python', code: 'import openai as oa\nclient = oa.OpenAI()\nclient.chat.completions.create(model="m", messages=[])\n', expect: ['factory openai.OpenAI', 'call chat.completions.create'] },
  { languageId: 'python', code: 'def ask(q):\n    from litellm import completion as c\n    return c(model="m", messages=[q])\n', expect: ['call litellm.completion'] },
  { languageId: 'python', code: 'import importlib\nol = importlib.import_module("ollama")\nol.chat(model="m", messages=[])\n', expect: ['call ollama.chat'] },
  { languageId: 'python', code: 'from transformers import pipeline as P\ngen = P("text-generation", model="gpt2")\nout = gen("hi")\n', expect: ['factory transformers.pipeline', 'call ()'] },
  { languageId: 'python', code: 'import google.generativeai as g\nmodel = g.GenerativeModel("m")\nchat = model.start_chat()\nchat.send_message("x")\n', expect: ['call send_message'] },
  { languageId: 'python', code: 'from mistralai import Mistral\nclass Bot:\n    def __init__(self):\n        self.m = Mistral()\n    def go(self, q):\n        return self.m.chat.stream(model="m", messages=[q])\n', expect: ['call chat.stream'] },
  { languageId: 'python', code: 'reply = anything.chat.completions.create(model="m", messages=[])\n', expect: ['call chat.completions.create'] },
  { languageId: 'python', code: 'from langchain_openai import ChatOpenAI as C\nfrom langchain_core.prompts import ChatPromptTemplate\nm = C()\nchain = ChatPromptTemplate.from_template("{q}") | m\nchain.invoke({"q": 1})\n', expect: ['factory langchain_openai.ChatOpenAI', 'call invoke'] },
  { languageId: 'typescript', code: "import Foo from 'openai';\nconst c = new Foo();\nawait c.chat.completions.create({ model: 'm', messages: [] });\n", expect: ['factory openai', 'call chat.completions.create'] },
  { languageId: 'typescript', code: "const { generateText: g } = require('ai');\nawait g({ prompt: 'x' });\n", expect: ['call ai.generateText'] },
  { languageId: 'typescript', code: "const { Mistral: M } = await import('@mistralai/mistralai');\nconst mi = new M();\nawait mi.chat.complete({ messages: [] });\n", expect: ['call chat.complete'] },
  { languageId: 'typescript', code: "import * as genai from '@google/genai';\nconst g = new genai.GoogleGenAI({});\nawait g.models.generateContent({ contents: 'x' });\n", expect: ['call models.generateContent'] },
  { languageId: 'typescript', code: "import { GoogleGenerativeAI } from '@google/generative-ai';\nconst model = new GoogleGenerativeAI(key).getGenerativeModel({ model: 'm' });\nawait model.generateContent('x');\n", expect: ['call generateContent'] },
  { languageId: 'typescript', code: "import { HfInference as H } from '@huggingface/inference';\nconst hf = new H();\nawait hf.chatCompletion({ messages: [] });\n", expect: ['call chatCompletion'] },
  { languageId: 'typescript', code: "import OpenAI from 'openai';\nclass S {\n  private client = new OpenAI();\n  run() { return this.client.responses.create({ input: 'x' }); }\n}\n", expect: ['call responses.create'] },
];

describe('SDK table words for the rule prefilter', () => {
  before(() => initEngine());

  for (const { languageId, code, expect } of SNIPPETS) {
    it(`covers ${expect.join(', ')} (${languageId})`, () => {
      const found = matches(code, languageId);
      for (const what of expect) assert.ok(found.some((m) => m.what === what), `expected ${what}, found ${found.map((m) => m.what).join(', ')}`);
      for (const { what, lists } of found) assert.ok(hasRequiredWords({ requiresAll: lists }, code), `${what}: none of ${JSON.stringify(lists)}`);
    });
  }

  it('names the call and its source apart, so that requiring both skips a file with a common method name only', () => {
    const limited = (call: { limits?: { required?: boolean } }) => !!call.limits && !call.limits.required;
    const lists = [sdkCallWords('python', limited), sdkCallSourceWords('python', limited)];
    assert.ok(lists[0].includes('stream') && !lists[1].includes('stream'));
    assert.equal(hasRequiredWords({ requiresAll: lists }, 'for chunk in response.stream():\n    print(chunk)\n'), false);
    assert.equal(hasRequiredWords({ requiresAll: lists }, 'from mistralai import Mistral\nMistral().chat.stream(model="m", messages=[])\n'), true);
  });

  it('gives a factory by its module or by its class name', () => {
    const chatOpenAI = (factory: { callee: string }) => factory.callee === 'langchain_openai.ChatOpenAI';
    assert.deepEqual(sdkFactoryWords('python', chatOpenAI, 'module'), ['langchain_openai']);
    assert.deepEqual(sdkFactoryWords('python', chatOpenAI, 'name'), ['ChatOpenAI']);
  });
});
