import { defineRule, taintWords } from '../../server/src/engine/api';
import { reportOutputFlows, sourcePhrase } from './_flows';
import { evalToLiteralFix } from './_fixes';

/**
 * Text a model wrote is attacker-influenced: a prompt injection anywhere in the context (a web page, a
 * document, a user message) can make it contain code. Evaluating it runs that code.
 */
export default defineRule({
  meta: {
    id: 'model-input/llm-output-to-code-execution',
    category: 'model-input',
    title: 'Model output executed as code',
    severity: 'error',
    languages: ['python', 'javascript'],
    requiresAll: () => taintWords({ sources: ['llm-output'], sinks: ['code-exec'] }),
    wordsFollowTaintSpec: true,
    fixable: 'unsafe',
    docs: {
      summary: 'Finds model output (a completion, an `invoke()` result, `generateText` text) reaching `eval`, `exec`, `compile`, `new Function` or `vm.run*`.',
      why:
        'Whoever controls any part of the model\'s context can steer what it writes (indirect prompt injection), so evaluating ' +
        'its output gives them code execution in your process, with its credentials. Tools like Bandit flag every `eval`; ' +
        'this rule follows the data and reports the ones fed by a model.',
      bad: 'reply = client.chat.completions.create(model="gpt-4o", messages=messages)\nresult = eval(reply.choices[0].message.content)\n',
      good:
        'import ast\nreply = client.chat.completions.create(model="gpt-4o", messages=messages)\nresult = ast.literal_eval(reply.choices[0].message.content)\n',
      fix: 'Replaces `eval` with `ast.literal_eval` (Python, adding `import ast`) or `JSON.parse` (JS/TS), which parse data and run nothing. Marked unsafe: output that is not a literal now raises.',
      references: { owaspLlm: ['LLM05', 'LLM01'], cwe: [94, 95] },
    },
  },
  create(context) {
    reportOutputFlows(context, {
      sinks: ['code-exec'],
      sources: ['llm-output'],
      excludeLabels: ['tool-args'],
      message: (flow) => `${sourcePhrase(flow)} reaches \`${flow.sinkName}\`: whoever can inject into the prompt can run code here.`,
      fixes: (flow) => evalToLiteralFix(context, flow),
    });
  },
});
