import { defineRule, taintWords } from '../../server/src/engine/api';
import { reportOutputFlows, sourcePhrase } from './_flows';
import { shellToArgumentListFix } from './_fixes';

/** A model's reply passed to a shell is a command line an injected prompt can extend with `; curl ... | sh`. */
export default defineRule({
  meta: {
    id: 'model-input/llm-output-to-shell',
    category: 'model-input',
    title: 'Model output run in a shell',
    severity: 'error',
    languages: ['python', 'javascript'],
    requiresAll: () => taintWords({ sources: ['llm-output'], sinks: ['shell'] }),
    wordsFollowTaintSpec: true,
    fixable: 'unsafe',
    docs: {
      summary: 'Finds model output reaching `os.system`, `os.popen`, `subprocess.*(..., shell=True)`, `child_process.exec`/`execSync` or `spawn` with `shell: true`.',
      why:
        'A shell interprets `;`, `&&`, `$(...)` and backticks, so any text the model was tricked into writing becomes extra ' +
        'commands run with the application\'s rights (OWASP LLM05 improper output handling).',
      bad: 'cmd = llm.invoke(question).content\nsubprocess.run(cmd, shell=True)\n',
      good: 'import shlex\ncmd = llm.invoke(question).content\nargs = shlex.split(cmd)\nif args[0] not in {"ls", "git"}:\n    raise ValueError("command not allowed")\nsubprocess.run(args)\n',
      fix: 'Rewrites `subprocess.*(cmd, shell=True)` to `subprocess.*(shlex.split(cmd))` (adds `import shlex`): no shell parses the text. Marked unsafe: pipes and redirections in the command stop working, and an allowlist of programs is still needed.',
      references: { owaspLlm: ['LLM05', 'LLM06'], cwe: [78] },
    },
  },
  create(context) {
    reportOutputFlows(context, {
      sinks: ['shell'],
      sources: ['llm-output'],
      excludeLabels: ['tool-args'],
      message: (flow) => `${sourcePhrase(flow)} reaches the shell command of \`${flow.sinkName}\`: an injected prompt can run any command.`,
      fixes: (flow) => shellToArgumentListFix(context, flow),
    });
  },
});
