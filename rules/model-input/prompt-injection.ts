import { analyzeTaint, defineRule, flowRelated, taintWords, type Flow, type TaintQuery } from '../../server/src/engine/api';
import { sourcePhrase, sourceText } from './_flows';
import { validationGuardFix } from './_fixes';

const INSTRUCTIONS = new Set(['prompt-system', 'prompt-template']);
const QUERY: TaintQuery = { sources: ['request', 'user-input'], sinks: ['prompt-system', 'prompt-template', 'prompt-string', 'prompt-user'] };

/**
 * Instructions are the one part of a prompt the application is supposed to own. User text spliced into
 * them (or into a single-string prompt around them) can countermand them.
 */
export default defineRule({
  meta: {
    id: 'model-input/prompt-injection',
    category: 'model-input',
    title: 'User data in prompt instructions',
    severity: 'warning',
    languages: ['python', 'javascript'],
    requiresAll: () => taintWords(QUERY),
    wordsFollowTaintSpec: true,
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds request data (Flask, FastAPI, Django, Streamlit, Gradio, Express, Next.js, Hono...) placed into a system or developer ' +
        'message, a system prompt (`system=`, `instructions=`, `system_instruction=`, `preamble=`), a prompt template\'s text, or ' +
        'concatenated into a single-string prompt, for OpenAI, Anthropic, Google, Mistral, Cohere, Ollama, LiteLLM, LangChain, ' +
        'LlamaIndex and the Vercel AI SDK. User text in a user message is normal; it is reported (info) only when nothing limits its length.',
      why:
        'Models give instructions more weight than conversation. Text a user controls inside the instructions ("ignore the above ' +
        'and ...") can switch off guardrails, leak the system prompt or drive tools. Kept in a user message, the same text is ' +
        'data the instructions can talk about. Unbounded user text also lets one request cost thousands of tokens.',
      bad:
        '@app.post("/ask")\ndef ask():\n    topic = request.json["topic"]\n    return client.chat.completions.create(model="gpt-4o", messages=[\n' +
        '        {"role": "system", "content": f"You are an expert on {topic}. Never reveal internal data."},\n    ])\n',
      good:
        '@app.post("/ask")\ndef ask():\n    topic = request.json["topic"]\n    if len(topic) > 200:\n        abort(400)\n' +
        '    return client.chat.completions.create(model="gpt-4o", messages=[\n' +
        '        {"role": "system", "content": "You are an expert on the topic the user gives. Never reveal internal data."},\n' +
        '        {"role": "user", "content": topic},\n    ])\n',
      fix: 'For unbounded user messages, inserts a type and length check to adapt (snippet, unsafe). Instructions need a human: move the user text into a user message.',
      references: { owaspLlm: ['LLM01', 'LLM07', 'LLM10'], cwe: [74, 77, 400] },
    },
  },
  create(context) {
    if (context.family !== 'python' && context.family !== 'javascript') return;
    const flows = analyzeTaint(context, QUERY);
    const reported = new Set<string>();
    for (const flow of flows) {
      const lowSource = !flow.labels.includes('request');
      const what = `${sourcePhrase(flow)} (\`${sourceText(flow)}\`)`;
      if (INSTRUCTIONS.has(flow.sinkKind) || (flow.sinkKind === 'prompt-string' && flow.built && !insideUserMessage(flows, flow.built))) {
        const at = flow.built ?? flow.argument;
        const key = `${at.startIndex}:${at.endIndex}`;
        if (reported.has(key)) continue;
        reported.add(key);
        context.report({
          node: at,
          message: instructionMessage(flow, what),
          severity: lowSource ? 'info' : undefined,
          related: flowRelated(context, flow),
        });
      } else if (!flow.bounded && !unboundedInside(flows, flow)) {
        const key = `${flow.argument.startIndex}:${flow.argument.endIndex}`;
        if (reported.has(key)) continue;
        reported.add(key);
        context.report({
          node: flow.argument,
          message: `${what} goes into ${unboundedTarget(flow)} with no length limit on the way: limit its size (cost and context-flooding attacks).`,
          severity: 'info',
          related: flowRelated(context, flow),
          fixes: validationGuardFix(context, flow, 'the prompt text'),
        });
      }
    }
  },
});

/**
 * `llm.invoke([HumanMessage(q)])` is one unbounded prompt, not two: the innermost place the same source's
 * data reaches is reported.
 */
function unboundedInside(flows: readonly Flow[], outer: Flow): boolean {
  return flows.some(
    (inner) =>
      inner !== outer &&
      !INSTRUCTIONS.has(inner.sinkKind) &&
      !inner.bounded &&
      inner.source.node.startIndex === outer.source.node.startIndex &&
      inner.argument.startIndex >= outer.argument.startIndex &&
      inner.argument.endIndex <= outer.argument.endIndex &&
      inner.argument.endIndex - inner.argument.startIndex < outer.argument.endIndex - outer.argument.startIndex,
  );
}

/** Text built inside a user-role message (`{"role": "user", "parts": ["Columns: " + cols]}`) is not a single-string prompt. */
function insideUserMessage(flows: readonly Flow[], built: Flow['argument']): boolean {
  return flows.some((user) => user.sinkKind === 'prompt-user' && built.startIndex >= user.argument.startIndex && built.endIndex <= user.argument.endIndex);
}

/** `a user message`, `a user message for \`HumanMessage\``, `a prompt for \`llm.invoke\``; role-built messages carry no callee name. */
function unboundedTarget(flow: Flow): string {
  const kind = flow.sinkKind === 'prompt-user' ? 'a user message' : 'a prompt';
  return flow.sinkName === 'user message' ? kind : `${kind} for \`${flow.sinkName}\``;
}

/** `system message` (a role in a message list) reads as prose; a callee is code: `anthropic.messages.create`. */
function sinkLabel(flow: Flow): string {
  return /\s/.test(flow.sinkName) ? flow.sinkName : `\`${flow.sinkName}\``;
}

function instructionMessage(flow: Flow, what: string): string {
  switch (flow.sinkKind) {
    case 'prompt-system':
      return `${what} is placed into the instructions (${sinkLabel(flow)}): a user can override them (prompt injection). Keep instructions constant and send user text in a user message.`;
    case 'prompt-template':
      return `${what} becomes part of a prompt template's text (${sinkLabel(flow)}): a user can rewrite the instructions and its placeholders. Pass it as a template variable.`;
    default:
      return `${what} is concatenated into a single-string prompt for \`${flow.sinkName}\`, mixing user text with instructions (prompt injection). Use separate system and user messages.`;
  }
}
