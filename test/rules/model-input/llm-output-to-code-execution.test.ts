import * as assert from 'node:assert/strict';
import rule from '../../../rules/model-input/llm-output-to-code-execution';
import { run, runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'near miss: a .then callback on a promise of configuration', language: 'javascript', code: "fetch('/c').then((r) => r.json()).then((c) => eval(c.script));\n" },
    {
      name: 'near miss: a method of the same class called with a constant',
      language: 'python',
      code: 'class Agent:\n    def act(self, code):\n        exec(code)\n\n    def step(self, client):\n        client.chat.completions.create(model="m", messages=[])\n        self.act("print(1)")\n',
    },
    { name: 'literal_eval', language: 'python', code: 'import ast\nr = llm.invoke("x")\nast.literal_eval(r.content)\n' },
    { name: 'near miss: eval of a constant after the output', language: 'python', code: 'r = llm.invoke("x")\nr = "1 + 1"\neval(r)\n' },
    { name: 'JSON.parse of the output', language: 'javascript', code: 'const { text } = await generateText({ model, prompt });\nJSON.parse(text);\n' },
    { name: 'a local function named eval', language: 'python', code: 'def eval(x):\n    return x\nr = llm.invoke("x")\neval(r.content)\n' },
  ],
  invalid: [
    {
      name: 'a completion evaluated in a .then callback (JS promise chain)',
      language: 'javascript',
      code: "openai.chat.completions.create({ model: 'm', messages })\n  .then((r) => r.choices[0].message.content)\n  .then((code) => eval(code));\n",
      findings: [{ line: 3, text: 'code' }],
    },
    {
      name: 'the previous iteration\'s completion executed at the top of a loop',
      language: 'python',
      code:
        'def run(client, steps):\n    previous = ""\n    for step in steps:\n        exec(previous)\n' +
        '        previous = client.chat.completions.create(model="m", messages=[step]).choices[0].message.content\n',
      findings: [{ line: 4, text: 'previous' }],
    },
    {
      name: 'a model reply executed by a method of the same class, called through self',
      language: 'python',
      code:
        'class Agent:\n    def act(self, code):\n        exec(code)\n\n    def step(self, client):\n' +
        '        r = client.chat.completions.create(model="m", messages=[])\n        self.act(r.choices[0].message.content)\n',
      findings: [{ line: 3, text: 'code' }],
    },
    {
      name: 'OpenAI completion into eval, fixed with ast.literal_eval',
      language: 'python',
      code: 'import json\nr = client.chat.completions.create(model="m", messages=[])\nresult = eval(r.choices[0].message.content)\n',
      findings: [{ line: 3, text: 'r.choices[0].message.content', messageIncludes: 'eval' }],
      output: 'import json\nimport ast\nr = client.chat.completions.create(model="m", messages=[])\nresult = ast.literal_eval(r.choices[0].message.content)\n',
    },
    {
      name: 'exec of a LangChain result',
      language: 'python',
      code: 'code = chain.invoke({"q": q})\nexec(code)\n',
      findings: [{ line: 2, text: 'code' }],
    },
    {
      name: 'Vercel AI generateText into eval and new Function',
      language: 'typescript',
      code: "import { generateText } from 'ai';\nconst { text } = await generateText({ model, prompt: 'x' });\neval(text);\nconst f = new Function(text);\n",
      findings: [{ line: 3 }, { line: 4 }],
      output: "import { generateText } from 'ai';\nconst { text } = await generateText({ model, prompt: 'x' });\nJSON.parse(text);\nconst f = new Function(text);\n",
    },
    {
      name: 'vm.runInNewContext of an Anthropic reply',
      language: 'javascript',
      code: "const vm = require('node:vm');\nconst msg = await anthropic.messages.create({ model: 'c', max_tokens: 9, messages });\nvm.runInNewContext(msg.content[0].text, {});\n",
      findings: [{ line: 3, text: 'msg.content[0].text' }],
    },
  ],
});

describe('rule model-input/llm-output-to-code-execution: flow path', () => {
  it('relates the completion and the assignments', () => {
    const [finding] = run(rule, { code: 'r = client.chat.completions.create(model="m", messages=[])\ncode = r.choices[0].message.content\neval(code)\n', language: 'python' });
    assert.deepEqual(finding.related.map((r) => `${r.range.start.line + 1}: ${r.message}`), [
      '1: model output comes from `client.chat.completions.create`',
      '1: assigned to `r`',
      '2: assigned to `code`',
    ]);
  });
});

describe('rule model-input/llm-output-to-code-execution: paths through callbacks and helpers', () => {
  it('relates the completion, the .then callbacks and the value each hands on', () => {
    const [finding] = run(rule, { code: "openai.chat.completions.create({ model: 'm', messages })\n  .then((r) => r.choices[0].message.content)\n  .then((code) => eval(code));\n", language: 'javascript' });
    assert.deepEqual(finding.related.map((r) => `${r.range.start.line + 1}: ${r.message}`), [
      '1: model output comes from `openai.chat.completions.create`',
      '2: each resolved value, passed to the `.then()` callback',
      '3: each resolved value, passed to the `.then()` callback',
    ]);
  });
});

describe('rule model-input/llm-output-to-code-execution: fixes', () => {
  it('offers no literal_eval fix when eval gets a scope', () => {
    const [finding] = run(rule, { code: 'r = llm.invoke("x")\neval(r.content, {"__builtins__": {}})\n', language: 'python' });
    assert.deepEqual(finding.fixes, []);
  });
});
