import { defineRule, javascriptSemantics, stringValue, type Node } from '../../server/src/engine/api';
import { lowered } from './_report';

/** The option, compared with the key as written (a quoted key's escapes are not decoded): also the rule's word. */
const OPTION = 'dangerouslyAllowBrowser';

/**
 * `dangerouslyAllowBrowser: true` is the switch AI SDKs (OpenAI, Anthropic, Groq, Together, Cerebras ...)
 * require before they run in a browser, because a client there must hold the API key.
 */
export default defineRule({
  meta: {
    id: 'secret/dangerously-allow-browser',
    category: 'secret',
    title: 'AI client allowed to run in the browser',
    severity: 'warning',
    severityIn: { library: 'info' },
    languages: ['javascript'],
    requires: [OPTION],
    docs: {
      summary: 'Finds AI SDK clients created with `dangerouslyAllowBrowser: true`.',
      why:
        'The OpenAI, Anthropic, Groq and similar SDKs refuse to run in a browser unless this option is set, because a ' +
        'browser client has to carry the API key, where any visitor can read it from the bundle or the network tab and ' +
        'use it directly. Calls to the model belong on a server that holds the key and applies your limits. The option ' +
        'is legitimate only when each user enters their own key or the key is a short-lived, narrowly scoped token; ' +
        'suppress the finding there with a comment saying so.',
      bad: "const client = new Anthropic({ apiKey: import.meta.env.VITE_ANTHROPIC_API_KEY, dangerouslyAllowBrowser: true });\n",
      good: "// server/chat.ts\nconst client = new Anthropic(); // reads ANTHROPIC_API_KEY on the server\n",
      references: { owaspLlm: ['LLM02', 'LLM10'], cwe: [522, 602] },
    },
  },
  create(context) {
    return {
      pair: (pair) => {
        const key = pair.childForFieldName('key');
        const keyName = key?.type === 'string' ? stringValue(key) : key?.text;
        if (keyName !== OPTION || pair.childForFieldName('value')?.type !== 'true') return;
        const client = clientOf(pair);
        const name = client ? (javascriptSemantics(context).calleeName(client) ?? calleeText(client)) : undefined;
        context.report({
          node: pair,
          severity: lowered(context, 'warning'),
          message:
            `dangerouslyAllowBrowser: true lets ${name ? `the ${name} client` : 'this AI client'} run in the browser, where its API key ` +
            'is readable by every visitor. Call the model from server code instead (or, if each user supplies their own key, suppress this with a comment saying so).',
        });
      },
    };
  },
});

/** The `new X({...})` or `x({...})` call the option object is passed to, if directly. */
function clientOf(pair: Node): Node | undefined {
  let object: Node | null = pair.parent;
  while (object?.parent && ['parenthesized_expression', 'as_expression', 'satisfies_expression'].includes(object.parent.type)) object = object.parent;
  const args = object?.parent;
  const call = args?.type === 'arguments' ? args.parent : undefined;
  return call && (call.type === 'new_expression' || call.type === 'call_expression') ? call : undefined;
}

function calleeText(call: Node): string | undefined {
  return call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function')?.text;
}
