import { defineRule, javascriptSemantics, stringValue, type Fix, type Node, type RuleContext } from '../../server/src/engine/api';
import { publicPrefixOf, publicPrefixWords, publicSecretName } from './_browser';
import { lowered } from './_report';

/**
 * Secrets in environment variables that front-end bundlers inline into browser code: `NEXT_PUBLIC_*`,
 * `VITE_*`, `REACT_APP_*` and their kin are replaced by their values at build time, so the key ends up in
 * the JavaScript every visitor downloads.
 */
export default defineRule({
  meta: {
    id: 'secret/browser-exposed-key',
    category: 'secret',
    title: 'AI key exposed to the browser',
    severity: 'error',
    severityIn: { test: 'info' },
    languages: ['javascript'],
    // A public variable's prefix, read from `process.env`, `import.meta.env` or `$env/static/public`.
    requires: publicPrefixWords(),
    requiresAll: [['env']],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds AI provider keys and other secrets read from public environment variables (`NEXT_PUBLIC_*`, `VITE_*`, ' +
        '`REACT_APP_*`, `EXPO_PUBLIC_*`, `PUBLIC_*` ...), and any public variable used as an AI client\'s key.',
      why:
        'Bundlers replace public environment variables with their values when they build the client bundle, so ' +
        '`process.env.NEXT_PUBLIC_OPENAI_API_KEY` ships the key in plain text to every visitor, who can then spend your ' +
        'quota, read your files and fine-tunes, and bypass any limits your UI applies. Provider keys belong on a server ' +
        '(an API route, server action or backend) that calls the model on the user\'s behalf.',
      bad: "const openai = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n",
      good:
        "// app/api/chat/route.ts (server only)\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n" +
        "// The browser calls /api/chat instead of the provider.\n",
      fix:
        'For `NEXT_PUBLIC_` variables, switches to the server-only name (`process.env.OPENAI_API_KEY`). Unsafe: it only ' +
        'works in server code, so the call has to move to a route handler or server action. Revoke the exposed key.',
      references: { owaspLlm: ['LLM02', 'LLM10'], cwe: [200, 522, 798] },
    },
  },
  create(context) {
    return {
      member_expression: (node) => {
        const object = node.childForFieldName('object');
        const property = node.childForFieldName('property');
        if (!object || !property || !isEnvObject(object)) return;
        check(context, node, property.text, property);
      },
      subscript_expression: (node) => {
        const object = node.childForFieldName('object');
        if (!object || !isEnvObject(object)) return;
        const name = stringValue(node.childForFieldName('index'));
        if (name) check(context, node, name, undefined);
      },
      variable_declarator: (node) => {
        // const { VITE_OPENAI_API_KEY } = import.meta.env
        const pattern = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (pattern?.type !== 'object_pattern' || !value || !isEnvObject(value)) return;
        for (const part of pattern.namedChildren) {
          if (part?.type === 'shorthand_property_identifier_pattern') check(context, part, part.text, undefined);
          else if (part?.type === 'pair_pattern') {
            const key = part.childForFieldName('key');
            if (key) check(context, key, key.type === 'string' ? (stringValue(key) ?? key.text) : key.text, undefined);
          }
        }
      },
      import_statement: (node) => {
        // SvelteKit: import { PUBLIC_OPENAI_API_KEY } from '$env/static/public'
        if (stringValue(node.childForFieldName('source')) !== '$env/static/public') return;
        for (const specifier of node.descendantsOfType('import_specifier')) {
          const name = specifier?.childForFieldName('name');
          if (name) check(context, name, name.text, undefined);
        }
      },
    };
  },
});

function isEnvObject(node: Node): boolean {
  const text = node.text.replace(/\s+/g, '');
  return text === 'process.env' || text === 'import.meta.env';
}

function check(context: RuleContext, node: Node, name: string, property: Node | undefined): void {
  const secret = publicSecretName(name);
  const prefix = publicPrefixOf(name);
  if (!prefix) return;
  const client = secret ? undefined : clientKeyUse(context, node);
  if (!secret && !client) return;
  const serverName = secret?.serverName ?? name.slice(prefix.prefix.length);
  const role = client ? `is used as the key of ${client}` : 'holds a secret';
  const fixes: Fix[] = [];
  if (property && prefix.prefix === 'NEXT_PUBLIC_' && node.text.startsWith('process')) {
    fixes.push({
      title: `Read the server-only variable ${serverName} (move this code to the server)`,
      safety: 'unsafe',
      edits: [{ range: context.rangeOf(property), newText: serverName }],
    });
  }
  context.report({
    node,
    message:
      `${name} ${role}, and ${prefix.tool} inlines ${prefix.prefix}* variables into the browser bundle, so every visitor ` +
      `can read it. Call the provider from server code with a server-only variable (${serverName}) and revoke the exposed key.`,
    severity: lowered(context, 'error'),
    fixes,
  });
}

const KEY_PROPERTIES = /^(apiKey|api_key|key|token|authToken|accessToken|apiToken|auth|bearer|Authorization)$/i;

/** The client a public variable configures as its key: `new OpenAI({ apiKey: import.meta.env.VITE_KEY })`. */
function clientKeyUse(context: RuleContext, node: Node): string | undefined {
  let current: Node | null = node;
  // Pass through `?? ''`, `as string`, template literals (`Bearer ${...}`).
  for (let parent: Node | null = current.parent; parent; parent = current.parent) {
    if (!['binary_expression', 'as_expression', 'non_null_expression', 'parenthesized_expression', 'template_substitution', 'template_string'].includes(parent.type)) break;
    current = parent;
  }
  const pair = current.parent;
  if (pair?.type !== 'pair' || pair.childForFieldName('value')?.id !== current.id) return undefined;
  const key = pair.childForFieldName('key');
  const keyName = key?.type === 'string' ? stringValue(key) : key?.text;
  if (!keyName || !KEY_PROPERTIES.test(keyName)) return undefined;
  let object: Node | null = pair.parent;
  while (object?.parent && ['object', 'pair'].includes(object.parent.type)) object = object.parent;
  const args = object?.parent;
  const call = args?.type === 'arguments' ? args.parent : undefined;
  if (!call || (call.type !== 'new_expression' && call.type !== 'call_expression')) return undefined;
  const callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
  return javascriptSemantics(context).calleeName(call) ?? callee?.text;
}
