import {
  defineRule,
  javascriptSemantics,
  keywordArgument,
  MODEL_API_HOST,
  objectProperty,
  OPENAI_COMPATIBLE_PATH,
  positionalArguments,
  pythonSemantics,
  sdkFactoryAt,
  sdkFactoryWords,
  SDK_TABLE,
  type Node,
  type RuleContext,
  type Severity,
  type TextEdit,
} from '../../server/src/engine/api';

/** Variables that name a model API endpoint (`OPENAI_URL`, `inference_endpoint`). */
const MODEL_URL_NAME = /(?:openai|anthropic|llm|model|inference|completion|chat|ollama|hf|huggingface|gemini|mistral|groq|vllm|tgi)\w*(?:url|endpoint|uri|host|base)|(?:url|endpoint)\w*(?:openai|llm|model|inference)/i;

/** A client the SDK table knows a timeout option for (`OpenAI()`, `InferenceClient()`, `new Groq()`), with that option. */
function clientTimeout(context: RuleContext, call: Node): { option: string; fix: string; default: string } | undefined {
  return sdkFactoryAt(context, call)?.client.timeout;
}

/** Modules whose `timeout=None` means waiting forever: the HTTP clients and the SDKs with a timeout option. */
const TIMEOUT_MODULES = new Set(['requests', 'httpx', ...SDK_TABLE.flatMap((sdk) => (sdk.python?.clients?.some((c) => c.timeout) ? sdk.python.modules : []))]);
/** The HTTP calls the rule knows a model API by its URL in: `requests` in Python; `fetch` and `axios` in JavaScript. */
const REQUESTS = 'requests';
const REQUESTS_CALL = new RegExp(`^${REQUESTS}\\.(?:get|post|put|patch|request)$`);
const FETCH = 'fetch';
const AXIOS = 'axios';
const AXIOS_CALL = new RegExp(`^${AXIOS}\\.(?:get|post|put|request)$`);
const AXIOS_SHORTHAND = new RegExp(`^${AXIOS}\\.(?:get|post|put)$`);
/** The timeout argument of the HTTP clients; the SDK table names the clients' own (`timeout_ms`). */
const TIMEOUT = 'timeout';
const TIMEOUT_OPTIONS = [TIMEOUT, ...SDK_TABLE.flatMap((sdk) => sdk.python?.clients ?? []).flatMap((client) => (client.timeout ? [client.timeout.option] : []))];

/**
 * Words without which the rule cannot report: every finding is a timeout option set to None on a call into a
 * module of TIMEOUT_MODULES, a `requests` call, a `fetch` or `axios` call, or a client the SDK table gives a
 * timeout option (found through its import, so its module is in the text).
 */
const TIMEOUT_CLIENT_MODULES = (['python', 'javascript'] as const).flatMap((language) => sdkFactoryWords(language, (_factory, client) => !!client.timeout, 'module'));
const CALLS_WITHOUT_NONE = [REQUESTS, FETCH, AXIOS, ...TIMEOUT_CLIENT_MODULES];

/**
 * A model API that stalls holds a worker, a connection and often a user's request for as long as the client
 * waits: with no timeout, forever. A few slow or malicious requests then exhaust the server.
 */
export default defineRule({
  meta: {
    id: 'endpoint/model-api-without-timeout',
    category: 'endpoint',
    title: 'Model API called without a timeout',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info', library: 'info' },
    languages: ['python', 'javascript'],
    // `timeout=None` needs its module and the word `timeout`; the other findings need their call's own word.
    requiresAll: [
      [...new Set([...[...TIMEOUT_MODULES].map((module) => module.split('.')[0]), ...CALLS_WITHOUT_NONE])],
      [...new Set([...TIMEOUT_OPTIONS, ...CALLS_WITHOUT_NONE])],
    ],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds HTTP calls to model APIs with no timeout (`requests` to OpenAI/Anthropic/Gemini/Hugging Face/Ollama URLs and self-hosted OpenAI-compatible `/v1/chat/completions` URLs, `fetch` without an ' +
        'abort signal, `axios` without `timeout`, `timeout=None`) and, as info, SDK clients left on their default timeout (the SDK table lists ' +
        'which clients take a timeout option: OpenAI, Anthropic, Groq, Mistral, Ollama, Hugging Face `InferenceClient`).',
      why:
        '`requests` and `axios` wait forever by default and `fetch` has no timeout at all. Model APIs are slow at the best of times and stall ' +
        'under load or when a prompt asks for a very long answer; every stalled call holds a worker and a connection. A handful of such ' +
        'requests exhausts a web server\'s workers (OWASP LLM10). The OpenAI and Anthropic SDKs default to ten minutes per attempt with retries, ' +
        'far longer than any user waits.',
      bad: 'import requests\nr = requests.post("https://api.openai.com/v1/chat/completions", json=body, headers=headers)\n',
      good: 'import requests\nr = requests.post("https://api.openai.com/v1/chat/completions", json=body, headers=headers, timeout=30)\n',
      fix: 'Adds a timeout (30 s for HTTP calls, 60 s for SDK clients). Unsafe: pick a value that fits the slowest legitimate response.',
      references: { owaspLlm: ['LLM10'], cwe: [400, 1088] },
    },
  },
  create(context) {
    if (context.family === 'python') return pythonVisitors(context);
    if (context.family === 'javascript') return javascriptVisitors(context);
  },
});

function pointsAtModelApi(url: Node | undefined): boolean {
  if (!url) return false;
  if (MODEL_API_HOST.test(url.text) || OPENAI_COMPATIBLE_PATH.test(url.text)) return true;
  return (url.type === 'identifier' || url.type === 'attribute' || url.type === 'member_expression') && MODEL_URL_NAME.test(url.text);
}

function insertAfterLast(container: Node, text: string, emptyText: string): TextEdit {
  const items = container.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const last = items[items.length - 1];
  if (!last) {
    const at = { line: container.startPosition.row, character: container.startPosition.column + 1 };
    return { range: { start: at, end: at }, newText: emptyText };
  }
  const at = { line: last.endPosition.row, character: last.endPosition.column };
  return { range: { start: at, end: at }, newText: text };
}

function report(context: RuleContext, node: Node, message: string, severity: Severity, edit: TextEdit | undefined, title: string): void {
  context.report({ node, severity, message, fixes: edit ? [{ title, safety: 'unsafe', edits: [edit] }] : [] });
}

function pythonVisitors(context: RuleContext) {
  const semantics = pythonSemantics(context);
  return {
    call(call: Node) {
      const callee = call.childForFieldName('function');
      if (!callee || (callee.type !== 'attribute' && callee.type !== 'identifier')) return;
      const qualified = semantics.calleeName(call);
      if (!qualified) return;
      const args = call.childForFieldName('arguments');
      if (!args || args.namedChildren.some((a) => a?.type === 'dictionary_splat')) return;
      const sdkTimeout = clientTimeout(context, call);
      const timeout = keywordArgument(call, sdkTimeout?.option ?? TIMEOUT);
      if (timeout?.childForFieldName('value')?.type === 'none') {
        if (TIMEOUT_MODULES.has(qualified.split('.')[0])) {
          report(context, timeout, '`timeout=None` waits forever for the model API.', 'warning', undefined, '');
        }
        return;
      }
      if (timeout) return;
      if (REQUESTS_CALL.test(qualified)) {
        const positional = positionalArguments(call);
        const url = keywordArgument(call, 'url')?.childForFieldName('value') ?? positional[qualified === `${REQUESTS}.request` ? 1 : 0];
        if (!pointsAtModelApi(url ?? undefined)) return;
        report(
          context,
          callee,
          `\`${callee.text}\` to a model API has no timeout: requests waits forever when the API stalls.`,
          'warning',
          insertAfterLast(args, ', timeout=30', 'timeout=30'),
          'Add timeout=30',
        );
      } else if (sdkTimeout) {
        report(
          context,
          callee,
          `\`${callee.text}()\` keeps the SDK's default timeout (${sdkTimeout.default}); set one that fits your users.`,
          'info',
          insertAfterLast(args, `, ${sdkTimeout.fix}`, sdkTimeout.fix),
          `Add ${sdkTimeout.fix}`,
        );
      }
    },
  };
}

function javascriptVisitors(context: RuleContext) {
  const semantics = javascriptSemantics(context);
  return {
    call_expression(call: Node) {
      const callee = call.childForFieldName('function');
      if (!callee) return;
      const args = call.childForFieldName('arguments');
      const list = (args?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
      const qualified = semantics.qualifiedName(callee);
      if (callee.type === 'identifier' && callee.text === FETCH && !qualified) {
        if (!pointsAtModelApi(list[0])) return;
        const options = list[1];
        if (options && (options.type !== 'object' || objectProperty(options, 'signal') || options.namedChildren.some((p) => p?.type === 'spread_element'))) return;
        const edit: TextEdit = options
          ? insertAfterLast(options, ', signal: AbortSignal.timeout(30_000)', ' signal: AbortSignal.timeout(30_000) ')
          : { range: { start: context.source.positionAt(list[0].endIndex), end: context.source.positionAt(list[0].endIndex) }, newText: ', { signal: AbortSignal.timeout(30_000) }' };
        report(context, callee, '`fetch` to a model API has no timeout: it waits as long as the API takes.', 'warning', edit, 'Abort after 30 seconds');
        return;
      }
      if (qualified === AXIOS || AXIOS_CALL.test(qualified ?? '') || AXIOS_SHORTHAND.test(callee.text)) {
        if (!pointsAtModelApi(list[0])) return;
        const config = list[callee.text.endsWith('.get') ? 1 : 2];
        if (config && (config.type !== 'object' || objectProperty(config, 'timeout') || objectProperty(config, 'signal') || config.namedChildren.some((p) => p?.type === 'spread_element'))) return;
        report(context, callee, '`axios` to a model API has no timeout (axios waits forever by default).', 'warning', undefined, '');
      }
    },
    new_expression(node: Node) {
      const constructor = node.childForFieldName('constructor');
      const sdkTimeout = clientTimeout(context, node);
      if (!constructor || !sdkTimeout) return;
      const args = node.childForFieldName('arguments');
      const options = args?.namedChildren.find((a) => a?.type !== 'comment');
      if (options && (options.type !== 'object' || objectProperty(options, sdkTimeout.option) || options.namedChildren.some((p) => p?.type === 'spread_element'))) return;
      const edit: TextEdit | undefined = options
        ? insertAfterLast(options, `, ${sdkTimeout.fix}`, ` ${sdkTimeout.fix} `)
        : args
          ? { range: context.rangeOf(args), newText: `({ ${sdkTimeout.fix} })` }
          : undefined;
      report(
        context,
        constructor,
        `\`new ${constructor.text}()\` keeps the SDK's default timeout (${sdkTimeout.default}); set one that fits your users.`,
        'info',
        edit,
        `Add ${sdkTimeout.fix}`,
      );
    },
  };
}
