import {
  defineRule,
  javascriptSemantics,
  keywordArgument,
  objectProperty,
  pythonSemantics,
  enclosingRoute,
  type Node,
  type Range,
  type RuleContext,
  type Severity,
  type TextEdit,
} from '../../server/src/engine/api';

/** A call shape that generates text, and the parameter that bounds its output. */
interface LimitedCall {
  /** How the call's callee ends (`.chat.completions.create`) or its qualified name (`litellm.completion`). */
  pattern: RegExp;
  /** Accepted limit parameters; the first is the one the fix adds. */
  limits: string[];
  /** Where the limit may also sit (a nested config object or keyword). */
  nested?: string[];
}

const PYTHON_CALLS: LimitedCall[] = [
  { pattern: /\.chat\.completions\.create$|\.chat\.completions\.parse$/, limits: ['max_completion_tokens', 'max_tokens'] },
  { pattern: /(?:^|\.)completions\.create$/, limits: ['max_tokens'] },
  { pattern: /\.responses\.create$/, limits: ['max_output_tokens'] },
  { pattern: /^litellm\.a?completion$/, limits: ['max_tokens', 'max_completion_tokens'] },
  { pattern: /\.chat\.complete(?:_async)?$/, limits: ['max_tokens'] },
  { pattern: /\.generate_content(?:_async)?$/, limits: ['max_output_tokens'], nested: ['generation_config', 'config'] },
  { pattern: /(?:^|\.)(?:ChatOpenAI|AzureChatOpenAI|ChatMistralAI|ChatGroq|ChatTogether|ChatDeepSeek|ChatFireworks)$/, limits: ['max_tokens', 'max_completion_tokens'] },
  { pattern: /(?:^|\.)ChatGoogleGenerativeAI$/, limits: ['max_output_tokens', 'max_tokens'] },
];

const JS_CALLS: LimitedCall[] = [
  { pattern: /\.chat\.completions\.create$|\.chat\.completions\.parse$/, limits: ['max_completion_tokens', 'max_tokens'] },
  { pattern: /\.responses\.create$/, limits: ['max_output_tokens'] },
  { pattern: /^(?:ai\.)?(?:generateText|streamText|generateObject|streamObject)$/, limits: ['maxOutputTokens', 'maxTokens'] },
  { pattern: /\.generateContent(?:Stream)?$/, limits: ['maxOutputTokens'], nested: ['generationConfig', 'config'] },
  { pattern: /^(?:ChatOpenAI|AzureChatOpenAI|ChatMistralAI|ChatGroq|ChatGoogleGenerativeAI)$/, limits: ['maxTokens', 'maxCompletionTokens'] },
];

const DEFAULT_LIMIT = 1024;
const PYTHON_LAST_NAMES = /^(?:create|parse|a?completion|complete(?:_async)?|generate_content(?:_async)?|\w*Chat\w*)$/;

/**
 * Without an output limit a single request can make the model generate until its context window is full: the
 * most expensive response there is, on every request an attacker sends.
 */
export default defineRule({
  meta: {
    id: 'endpoint/llm-call-without-output-limit',
    category: 'endpoint',
    title: 'LLM call without an output token limit',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info', library: 'info' },
    languages: ['python', 'javascript'],
    // Whether a call is request-driven depends on route registrations elsewhere in the document.
    scope: 'document',
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds LLM calls that set no output limit: OpenAI chat completions and responses, LiteLLM, Mistral, Gemini `generate_content`, ' +
        'LangChain chat models, and the Vercel AI SDK (`max_tokens`, `max_completion_tokens`, `max_output_tokens`, `maxTokens`, ' +
        '`maxOutputTokens`). Calls inside a web route handler are warnings; elsewhere they are info.',
      why:
        'Output tokens are the expensive part of a model call and, unlike input, the caller does not control their number. Without a limit a ' +
        'prompt such as "repeat this forever" makes every request generate up to the model\'s maximum (tens of thousands of tokens), which turns ' +
        'a public endpoint into a way to spend your budget and tie up capacity (OWASP LLM10: unbounded consumption). Anthropic\'s API requires ' +
        '`max_tokens`, so its calls are not reported. A warning in a route that serves callers without authentication; ' +
        'elsewhere, and behind a login, the limit is cost hygiene and the finding is info (docs/severity.md).',
      bad: 'reply = client.chat.completions.create(model="gpt-4o-mini", messages=messages)\n',
      good: 'reply = client.chat.completions.create(model="gpt-4o-mini", messages=messages, max_completion_tokens=1024)\n',
      fix: `Adds a limit of ${DEFAULT_LIMIT} output tokens. Unsafe: choose a limit that fits the longest answer the feature needs.`,
      references: { owaspLlm: ['LLM10'], cwe: [400, 770] },
    },
  },
  create(context) {
    if (context.family === 'python') {
      const semantics = pythonSemantics(context);
      return {
        call(call: Node) {
          const callee = call.childForFieldName('function');
          if (!callee || (callee.type !== 'attribute' && callee.type !== 'identifier')) return;
          // Name resolution is the expensive part: only for calls whose last name could be one of ours.
          const last = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee.text;
          if (!last || !PYTHON_LAST_NAMES.test(last)) return;
          const name = semantics.qualifiedName(callee) ?? callee.text.replace(/\s+/g, '');
          const spec = PYTHON_CALLS.find((s) => s.pattern.test(name));
          if (!spec) return;
          const args = call.childForFieldName('arguments');
          if (!args || args.namedChildren.some((a) => a?.type === 'dictionary_splat')) return;
          if (spec.limits.some((l) => keywordArgument(call, l))) return;
          if (spec.nested?.some((n) => hasNestedLimit(keywordArgument(call, n)?.childForFieldName('value'), spec.limits))) return;
          report(context, call, name, spec, pythonEdit(args, spec.limits[0]));
        },
      };
    }
    if (context.family === 'javascript') {
      const semantics = javascriptSemantics(context);
      const visit = (call: Node) => {
        const callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
        if (!callee) return;
        const qualified = semantics.qualifiedName(callee);
        const name = qualified?.startsWith('ai.') ? qualified : callee.text.replace(/\s+/g, '');
        const spec = JS_CALLS.find((s) => s.pattern.test(name));
        if (!spec) return;
        const options = call.childForFieldName('arguments')?.namedChildren[0];
        if (options?.type !== 'object' || options.namedChildren.some((p) => p?.type === 'spread_element')) return;
        if (spec.limits.some((l) => objectProperty(options, l))) return;
        if (spec.nested?.some((n) => hasNestedLimit(objectProperty(options, n)?.childForFieldName('value'), spec.limits))) return;
        report(context, call, callee.text, spec, javascriptEdit(context, options, spec.limits[0]));
      };
      return { call_expression: visit, new_expression: visit };
    }
  },
});

function report(context: RuleContext, call: Node, name: string, spec: LimitedCall, edit: TextEdit): void {
  const route = enclosingRoute(context, call);
  const inRoute = route !== undefined;
  // A warning where anyone can make the model write its maximum (a route without authentication); behind a
  // login, or outside a route, the limit is cost hygiene (docs/severity.md).
  const severity: Severity = route && !route.auth ? 'warning' : 'info';
  context.report({
    range: firstLine(context, call),
    severity,
    message:
      `\`${name}\` sets no output limit (\`${spec.limits.join('`/`')}\`)` +
      (inRoute ? ': every request to this route can make the model generate its maximum length.' : ': one request can generate the model\'s maximum output.'),
    fixes: [{ title: `Limit the output to ${DEFAULT_LIMIT} tokens`, safety: 'unsafe', edits: [edit] }],
  });
}

/** `generation_config={"max_output_tokens": ...}`, `config=types.GenerateContentConfig(max_output_tokens=...)`, `generationConfig: { maxOutputTokens }`. */
function hasNestedLimit(value: Node | null | undefined, limits: string[]): boolean {
  if (!value) return false;
  // A config built elsewhere may hold the limit: only literal configs are checked.
  if (value.type === 'identifier' || value.type === 'attribute' || value.type === 'member_expression') return true;
  return limits.some((l) => new RegExp(`\\b${l}\\b`).test(value.text));
}

function firstLine(context: RuleContext, call: Node): Range {
  const start = { line: call.startPosition.row, character: call.startPosition.column };
  if (call.startPosition.row === call.endPosition.row) return context.rangeOf(call);
  return { start, end: { line: start.line, character: context.source.lineText(start.line).trimEnd().length } };
}

function pythonEdit(args: Node, limit: string): TextEdit {
  const items = args.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
  const last = items[items.length - 1];
  const position = last ? last.endPosition : { row: args.startPosition.row, column: args.startPosition.column + 1 };
  const at = { line: position.row, character: position.column };
  return { range: { start: at, end: at }, newText: `${last ? ', ' : ''}${limit}=${DEFAULT_LIMIT}` };
}

function javascriptEdit(context: RuleContext, object: Node, limit: string): TextEdit {
  const items = object.namedChildren.filter((p): p is Node => !!p && p.type !== 'comment');
  const last = items[items.length - 1];
  if (!last) {
    return { range: context.rangeOf(object), newText: `{ ${limit}: ${DEFAULT_LIMIT} }` };
  }
  const at = { line: last.endPosition.row, character: last.endPosition.column };
  return { range: { start: at, end: at }, newText: `, ${limit}: ${DEFAULT_LIMIT}` };
}
