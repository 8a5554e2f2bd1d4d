import {
  defineRule,
  keywordArgument,
  objectProperty,
  pythonSemantics,
  enclosingRoute,
  sdkCallAt,
  sdkCatalog,
  sdkFactoryAt,
  sdkCallSourceWords,
  sdkCallWords,
  sdkFactoryWords,
  type FactoryMatch,
  type SdkModelCall,
  type Node,
  type Range,
  type RuleContext,
  type Severity,
  type TextEdit,
} from '../../server/src/engine/api';

/** A call that generates text, and the parameters that bound its output (from the SDK table). */
interface LimitedCall {
  /** Accepted limit parameters; the first is the one the fix adds. */
  limits: readonly string[];
  /** Option objects the limit may also sit in (`generation_config`, `options`, `inferenceConfig`). */
  nested?: readonly string[];
  /** The limit is only accepted inside the first nested object: the fix adds that object. */
  nestedOnly?: boolean;
}

const DEFAULT_LIMIT = 1024;
/** The AI SDK's functions are recognised by name even when re-exported or wrapped. */
const AI_SDK_FUNCTIONS = ['generateText', 'streamText', 'generateObject', 'streamObject'];
/** Calls whose output the rule can ask to bound: the API takes a limit but does not require one (Anthropic's does). */
const takesOptionalLimit = (call: SdkModelCall) => !!call.limits && !call.limits.required;

/**
 * Words without which the rule cannot report, from the SDK table: a call it reports is a call with an optional
 * limit, matched through its method and where it comes from (sdks/words.ts), a constructor with a limit (matched by
 * its class name too) or an AI SDK function by name.
 */
const LANGUAGES = ['python', 'javascript'] as const;
const LIMITED_FACTORIES = LANGUAGES.flatMap((language) => sdkFactoryWords(language, (factory) => !!factory.limits, 'name'));
const LIMITED_CALLS = LANGUAGES.flatMap((language) => sdkCallWords(language, takesOptionalLimit));
const LIMITED_CALL_SOURCES = LANGUAGES.flatMap((language) => sdkCallSourceWords(language, takesOptionalLimit));

/** What the SDK table says bounds this call's output: a model call's limit, or a constructor's (`ChatOpenAI(max_tokens=)`). */
function limitedCall(context: RuleContext, call: Node, calleeText: string): LimitedCall | undefined {
  const found = call.type === 'new_expression' ? undefined : (sdkCallAt(context, call) ?? (AI_SDK_FUNCTIONS.includes(calleeText) ? sdkCatalog('javascript').resolve(`ai.${calleeText}`) : undefined));
  const limits = found?.call.limits;
  if (limits) return takesOptionalLimit(found.call) ? { limits: limits.names, nested: limits.in, nestedOnly: limits.nestedOnly } : undefined;
  const made = sdkFactoryAt(context, call) ?? factoryByName(context, calleeText);
  return made?.factory.limits ? { limits: made.factory.limits } : undefined;
}

/** `new ChatOpenAI(...)` whose import the file does not show (re-exported, or a wrapper module): matched by the class name. */
function factoryByName(context: RuleContext, calleeText: string): FactoryMatch | undefined {
  if (!/^[A-Z]\w*$/.test(calleeText)) return undefined;
  const catalog = sdkCatalog(context.family === 'python' ? 'python' : 'javascript');
  return catalog.factoriesNamed(calleeText).find((made) => made.factory.limits);
}

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
    requiresAll: [
      [...new Set([...LIMITED_CALLS, ...LIMITED_FACTORIES, ...AI_SDK_FUNCTIONS])],
      [...new Set([...LIMITED_CALL_SOURCES, ...LIMITED_FACTORIES, ...AI_SDK_FUNCTIONS])],
    ],
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
          const spec = limitedCall(context, call, callee.text);
          if (!spec) return;
          const name = semantics.qualifiedName(callee) ?? callee.text.replace(/\s+/g, '');
          const args = call.childForFieldName('arguments');
          if (!args || args.namedChildren.some((a) => a?.type === 'dictionary_splat')) return;
          if (spec.limits.some((l) => keywordArgument(call, l))) return;
          if (spec.nested?.some((n) => hasNestedLimit(keywordArgument(call, n)?.childForFieldName('value'), spec.limits))) return;
          // A nested-only limit whose object is there but lacks it: adding the object again would break the call.
          if (spec.nestedOnly && spec.nested?.some((n) => keywordArgument(call, n))) return report(context, call, name, spec, undefined);
          report(context, call, name, spec, pythonEdit(args, spec));
        },
      };
    }
    if (context.family === 'javascript') {
      const visit = (call: Node) => {
        const callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
        if (!callee) return;
        const spec = limitedCall(context, call, callee.text);
        if (!spec) return;
        const options = call.childForFieldName('arguments')?.namedChildren[0];
        if (options?.type !== 'object' || options.namedChildren.some((p) => p?.type === 'spread_element')) return;
        if (spec.limits.some((l) => objectProperty(options, l))) return;
        if (spec.nested?.some((n) => hasNestedLimit(objectProperty(options, n)?.childForFieldName('value'), spec.limits))) return;
        if (spec.nestedOnly && spec.nested?.some((n) => objectProperty(options, n))) return report(context, call, callee.text, spec, undefined);
        report(context, call, callee.text, spec, javascriptEdit(context, options, spec));
      };
      return { call_expression: visit, new_expression: visit };
    }
  },
});

function report(context: RuleContext, call: Node, name: string, spec: LimitedCall, edit: TextEdit | undefined): void {
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
    fixes: edit ? [{ title: `Limit the output to ${DEFAULT_LIMIT} tokens`, safety: 'unsafe', edits: [edit] }] : [],
  });
}

/** `generation_config={"max_output_tokens": ...}`, `config=types.GenerateContentConfig(max_output_tokens=...)`, `generationConfig: { maxOutputTokens }`. */
function hasNestedLimit(value: Node | null | undefined, limits: readonly string[]): boolean {
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

/** `max_tokens=1024`, or the option object a nested-only limit lives in (`options={"num_predict": 1024}`). */
function pythonEdit(args: Node, spec: LimitedCall): TextEdit {
  const nestedIn = spec.nestedOnly ? spec.nested?.[0] : undefined;
  const limit = spec.limits[0];
  const items = args.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
  const last = items[items.length - 1];
  const position = last ? last.endPosition : { row: args.startPosition.row, column: args.startPosition.column + 1 };
  const at = { line: position.row, character: position.column };
  const argument = nestedIn ? `${nestedIn}={"${limit}": ${DEFAULT_LIMIT}}` : `${limit}=${DEFAULT_LIMIT}`;
  return { range: { start: at, end: at }, newText: `${last ? ', ' : ''}${argument}` };
}

function javascriptEdit(context: RuleContext, object: Node, spec: LimitedCall): TextEdit {
  const nestedIn = spec.nestedOnly ? spec.nested?.[0] : undefined;
  const property = nestedIn ? `${nestedIn}: { ${spec.limits[0]}: ${DEFAULT_LIMIT} }` : `${spec.limits[0]}: ${DEFAULT_LIMIT}`;
  const items = object.namedChildren.filter((p): p is Node => !!p && p.type !== 'comment');
  const last = items[items.length - 1];
  if (!last) {
    return { range: context.rangeOf(object), newText: `{ ${property} }` };
  }
  const at = { line: last.endPosition.row, character: last.endPosition.column };
  return { range: { start: at, end: at }, newText: `, ${property}` };
}
