import * as assert from 'node:assert/strict';
import rule from '../../../rules/model-input/llm-output-to-shell';
import { run, runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    {
      name: 'child_process required in another function only',
      language: 'javascript',
      code: "function setup() {\n  const { exec } = require('child_process');\n}\nasync function run(q) {\n  const r = await openai.chat.completions.create({ model: 'm', messages });\n  exec(r.choices[0].message.content);\n}\n",
    },
    { name: 'argument list without a shell', language: 'python', code: 'import subprocess\ncmd = llm.invoke("x").content\nsubprocess.run(["echo", cmd])\n' },
    { name: 'shlex.quote', language: 'python', code: 'import os, shlex\ncmd = llm.invoke("x").content\nos.system("echo " + shlex.quote(cmd))\n' },
    { name: 'execFile with an array', language: 'javascript', code: "const { execFile } = require('child_process');\nconst r = await chain.invoke(q);\nexecFile('echo', [r]);\n" },
    { name: 'near miss: constant command', language: 'python', code: 'import subprocess\ncmd = llm.invoke("x").content\nsubprocess.run("ls", shell=True)\n' },
  ],
  invalid: [
    {
      name: 'subprocess and the SDK client imported inside the function',
      language: 'python',
      code:
        'def agent(question):\n    import subprocess as sp\n    from openai import OpenAI as O\n    bot = O()\n' +
        '    r = bot.chat.completions.create(model="m", messages=[{"role": "user", "content": question}])\n' +
        '    sp.run(r.choices[0].message.content, shell=True)\n',
      findings: [{ line: 6, messageIncludes: 'subprocess.run' }],
    },
    {
      name: 'require and await import() inside the handler',
      language: 'javascript',
      code:
        "async function agent(q) {\n  const { default: OpenAI } = await import('openai');\n  const { exec } = require('node:child_process');\n" +
        "  const bot = new OpenAI();\n  const r = await bot.chat.completions.create({ model: 'm', messages: [] });\n  exec(r.choices[0].message.content);\n}\n",
      findings: [{ line: 6, messageIncludes: 'child_process.exec' }],
    },
    {
      name: 'subprocess.run(shell=True), fixed to shlex.split',
      language: 'python',
      code: 'import subprocess\ncmd = llm.invoke("which command?").content\nsubprocess.run(cmd, shell=True, check=False)\n',
      findings: [{ line: 3, text: 'cmd' }],
      output: 'import subprocess\nimport shlex\ncmd = llm.invoke("which command?").content\nsubprocess.run(shlex.split(cmd), check=False)\n',
    },
    {
      name: 'os.system with concatenation',
      language: 'python',
      code: 'import os\nimport ollama\nr = ollama.chat(model="m", messages=[])\nos.system("run " + r["message"]["content"])\n',
      findings: [{ line: 4 }],
    },
    {
      name: 'child_process.exec and spawn with shell: true',
      language: 'javascript',
      code:
        "import { exec, spawn } from 'node:child_process';\nconst c = await openai.chat.completions.create({ model: 'm', messages });\nconst cmd = c.choices[0].message.content;\nexec(cmd);\nspawn(cmd, { shell: true });\n",
      findings: [{ line: 4 }, { line: 5 }],
    },
  ],
});

describe('rule model-input/llm-output-to-shell: flow path', () => {
  it('goes through a helper that returns model output', () => {
    const code = 'import os\ndef ask(p):\n    r = client.messages.create(model="c", max_tokens=9, messages=[])\n    return r.content[0].text\ncmd = ask("x")\nos.system(cmd)\n';
    const [finding] = run(rule, { code, language: 'python' });
    assert.deepEqual(finding.related.map((r) => `${r.range.start.line + 1}: ${r.message}`), [
      '3: model output comes from `client.messages.create`',
      '3: assigned to `r`',
      '5: returned by `ask()`',
      '5: assigned to `cmd`',
    ]);
  });
});
