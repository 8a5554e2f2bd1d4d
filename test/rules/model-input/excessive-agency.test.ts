import * as assert from 'node:assert/strict';
import rule from '../../../rules/model-input/excessive-agency';
import { run, runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'narrow tools', language: 'python', code: 'from langchain.agents import load_tools\ntools = load_tools(["wikipedia", "llm-math"], llm=llm)\n' },
    { name: 'read-only file tools', language: 'python', code: 'from langchain_community.agent_toolkits import FileManagementToolkit\ntk = FileManagementToolkit(root_dir="/tmp", selected_tools=["read_file"])\n' },
    {
      name: 'tool with an allowlist',
      language: 'python',
      code: 'import subprocess\nfrom langchain_core.tools import tool\nALLOWED = {"ls"}\n@tool\ndef run(cmd: str) -> str:\n    """Run."""\n    if cmd not in ALLOWED:\n        raise ValueError(cmd)\n    return subprocess.check_output(cmd, shell=True)\n',
    },
    {
      name: 'allow_dangerous_deserialization is left to supply-chain/unsafe-deserialization-opt-in',
      language: 'python',
      code: 'from langchain_community.vectorstores import FAISS\nstore = FAISS.load_local("index", embeddings, allow_dangerous_deserialization=True)\n',
    },
    { name: 'allow_dangerous_code=False', language: 'python', code: 'agent = create_pandas_dataframe_agent(llm, df, allow_dangerous_code=False)\n' },
    { name: 'near miss: same function, not a tool', language: 'python', code: 'import subprocess\ndef run(cmd: str) -> str:\n    return subprocess.check_output(cmd, shell=True)\n' },
  ],
  invalid: [
    {
      name: 'PythonREPLTool and ShellTool',
      language: 'python',
      code: 'from langchain_experimental.tools import PythonREPLTool\nfrom langchain_community.tools import ShellTool\ntools = [PythonREPLTool(), ShellTool()]\n',
      findings: [{ line: 3, text: 'PythonREPLTool' }, { line: 3, text: 'ShellTool' }],
    },
    { name: 'load_tools terminal', language: 'python', code: 'tools = load_tools(["terminal", "wikipedia"], llm=llm)\n', findings: [{ line: 1, text: '"terminal"' }] },
    {
      name: 'allow_dangerous_code=True on its own line',
      language: 'python',
      code: 'agent = create_pandas_dataframe_agent(\n    llm,\n    df,\n    allow_dangerous_code=True,\n)\n',
      findings: [{ line: 4, text: 'allow_dangerous_code=True' }],
    },
    {
      name: '@tool running its argument in a shell',
      language: 'python',
      code: 'import subprocess\nfrom langchain_core.tools import tool\n@tool\ndef run(cmd: str) -> str:\n    """Run."""\n    return subprocess.check_output(cmd, shell=True)\n',
      findings: [{ line: 6, text: 'cmd', messageIncludes: 'any command' }],
    },
    {
      name: 'OpenAI tool call arguments into eval',
      language: 'python',
      code:
        'import json\nr = client.chat.completions.create(model="m", messages=messages, tools=tools)\nfor call in r.choices[0].message.tool_calls:\n' +
        '    args = json.loads(call.function.arguments)\n    eval(args["expression"])\n',
      findings: [{ line: 5, messageIncludes: 'any code' }],
    },
    {
      name: 'Vercel AI tool executing its argument',
      language: 'typescript',
      code: "import { tool } from 'ai';\nimport { execSync } from 'node:child_process';\nexport const shell = tool({ description: 'run', parameters, execute: async ({ command }) => execSync(command).toString() });\n",
      findings: [{ line: 3, text: 'command' }],
    },
  ],
});

describe('rule model-input/excessive-agency: flow path', () => {
  it('relates the tool parameter', () => {
    const code = 'import os\nfrom langchain_core.tools import tool\n@tool\ndef run(cmd: str) -> str:\n    """Run."""\n    os.system(cmd)\n';
    const [finding] = run(rule, { code, language: 'python' });
    assert.deepEqual(finding.related.map((r) => `${r.range.start.line + 1}: ${r.message}`), ['4: tool argument `cmd` chosen by the model']);
  });
});

describe('rule model-input/excessive-agency: allowlists and confirmation', () => {
  const tool = (body: string) => `import subprocess, shlex\nfrom langchain_core.tools import tool\nALLOWED = {"ls", "git"}\n@tool\ndef run(cmd: str) -> str:\n    """Run."""\n${body}`;

  it('accepts an allowlist on the program name', () => {
    const code = tool('    if shlex.split(cmd)[0] not in ALLOWED:\n        raise ValueError(cmd)\n    return subprocess.check_output(cmd, shell=True)\n');
    assert.deepEqual(run(rule, { code, language: 'python' }), []);
  });

  it('accepts a human confirmation', () => {
    const code = tool('    if input(f"Run {cmd}? [y/N] ") != "y":\n        return "cancelled"\n    return subprocess.check_output(cmd, shell=True)\n');
    assert.deepEqual(run(rule, { code, language: 'python' }), []);
  });

  it('still reports a check that does not stop the call', () => {
    const code = tool('    if shlex.split(cmd)[0] not in ALLOWED:\n        print("unusual command")\n    return subprocess.check_output(cmd, shell=True)\n');
    assert.equal(run(rule, { code, language: 'python' }).length, 1);
  });

  it('accepts a confirmation in a Vercel AI tool', () => {
    const code =
      "import { tool } from 'ai';\nimport { execSync } from 'node:child_process';\nexport const shell = tool({ description: 'run', parameters, execute: async ({ command }) => {\n" +
      "  if (!(await confirmWithUser(command))) return 'cancelled';\n  return execSync(command).toString();\n} });\n";
    assert.deepEqual(run(rule, { code, language: 'typescript' }), []);
  });
});
