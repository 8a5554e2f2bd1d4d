import * as assert from 'node:assert/strict';
import rule from '../../../rules/model-input/llm-output-to-shell';
import { run, runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'argument list without a shell', language: 'python', code: 'import subprocess\ncmd = llm.invoke("x").content\nsubprocess.run(["echo", cmd])\n' },
    { name: 'shlex.quote', language: 'python', code: 'import os, shlex\ncmd = llm.invoke("x").content\nos.system("echo " + shlex.quote(cmd))\n' },
    { name: 'execFile with an array', language: 'javascript', code: "const { execFile } = require('child_process');\nconst r = await chain.invoke(q);\nexecFile('echo', [r]);\n" },
    { name: 'near miss: constant command', language: 'python', code: 'import subprocess\ncmd = llm.invoke("x").content\nsubprocess.run("ls", shell=True)\n' },
  ],
  invalid: [
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
