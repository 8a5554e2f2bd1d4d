import { sdkTaintSpec } from '../sdks/taint-spec';
import type { SinkKind, TaintLabel } from './types';
import { DESERIALIZERS } from '../families/deserialization';

/**
 * Taint specifications are data, so users extend them from configuration (`settings.taint`).
 *
 * A `pattern` names a callee (or, for sources, also an attribute read):
 * - `subprocess.run`: a qualified name, resolved through imports (`import subprocess as sp; sp.run`);
 * - `.execute`: any call whose callee path ends with these names (`cur.execute`, `self.db.execute`);
 *   `.chat.completions.create` matches `client.chat.completions.create`;
 * - `eval`: a bare call of a builtin or global that is not shadowed by a local or module binding;
 * - `$raise` / `$throw` (sinks only): the arguments of a raised (Python) or thrown (JS) exception's constructor,
 *   `receiver` matching the exception's class name.
 * `receiver` (a case-insensitive regular expression) narrows a method pattern by the receiver's name
 * (`cursor.execute`, not `pool.execute`); for `$call` patterns it is matched against the called name.
 */
export type SpecLanguage = 'python' | 'javascript';

export interface SourceSpec {
  pattern: string;
  label: TaintLabel;
  language?: SpecLanguage;
  receiver?: string;
  /** Only when the first argument or subscript is a string that looks like a secret's name (`OPENAI_API_KEY`). */
  secretName?: boolean;
}

export interface SinkSpec {
  pattern: string;
  kind: SinkKind;
  language?: SpecLanguage;
  receiver?: string;
  /** Which argument is dangerous: a position, a keyword (Python) or a property of the options object (JS); default 0. */
  argument?: number | string | 'any';
  /** Extra condition on the call: `shell` (shell=True / { shell: true }), `write-mode` (open(..., 'w')), `unsafe-yaml`, `unsafe-html` (unsafe_allow_html=True). */
  when?: 'shell' | 'write-mode' | 'unsafe-yaml' | 'unsafe-html';
  /** The match is a heuristic (a name-based guess); findings say so. */
  lowConfidence?: boolean;
}

export interface SanitizerSpec {
  pattern: string;
  language?: SpecLanguage;
  receiver?: string;
  /** Sink kinds the result is safe for (`*`: all). */
  clears?: SinkKind[];
  /** The result passed a type/shape/schema check. */
  validates?: boolean;
  /** The result has a length limit. */
  bounds?: boolean;
  lowConfidence?: boolean;
}

export interface TaintSpec {
  sources: SourceSpec[];
  sinks: SinkSpec[];
  sanitizers: SanitizerSpec[];
}

const PY = 'python' as const;
const JS = 'javascript' as const;

/** Model calls and prompts of the SDK table (sdks/table.ts), as sources and sinks. */
const SDK_SPEC = sdkTaintSpec();

/** Name-based fallback: receivers named like a model client, for calls whose client the SDK table could not trace. */
const LLM_RECEIVER = 'llm|chain|agent|model|client|chat|crew|engine|executor|graph|runnable|assistant|bot|^co$|cohere|mistral|groq|gemini|claude|openai|anthropic';
const MODEL_RECEIVER =
  '(^|_)(model|pipe|pipeline|clf|classifier|regressor|estimator|tokenizer|encoder|embedder|predictor|net|detector|generator|session|sess|ort_session)s?$|model$|pipe$|classifier$|tokenizer$';

const ANALYTICS_RECEIVER = '^(analytics|segment|mixpanel|mp|amplitude|amp|rudderanalytics|rudder|heap|posthog|ph)$|analytics$|mixpanel$|posthog$|amplitude$';
const SENTRY_PY = ['capture_message', 'set_context', 'set_extra', 'set_tag', 'set_user', 'add_breadcrumb'];
const SENTRY_JS = ['captureMessage', 'setContext', 'setExtra', 'setExtras', 'setTag', 'setTags', 'setUser', 'addBreadcrumb'];
const SENTRY_JS_PACKAGES = ['@sentry/node', '@sentry/browser', '@sentry/nextjs', '@sentry/react', '@sentry/bun', '@sentry/deno', '@sentry/vue'];

/** PostHog `capture`, Segment/Mixpanel/Amplitude `track`, Amplitude `log_event`, Sentry messages, context and breadcrumbs. */
const ANALYTICS_SINKS: SinkSpec[] = [
  ...['.capture', '.track', '.identify', '.log_event', '.logEvent', '.group_identify', '.groupIdentify'].map((pattern) => ({
    pattern,
    kind: 'analytics',
    argument: 'any' as const,
    receiver: ANALYTICS_RECEIVER,
  })),
  ...['posthog.capture', 'posthog.identify'].map((pattern) => ({ pattern, kind: 'analytics', language: PY, argument: 'any' as const })),
  ...SENTRY_PY.flatMap((m) => [
    { pattern: `sentry_sdk.${m}`, kind: 'analytics', language: PY, argument: 'any' as const },
    { pattern: `.${m}`, kind: 'analytics', language: PY, argument: 'any' as const, receiver: '^(sentry_sdk|sentry|scope)$' },
  ]),
  ...SENTRY_JS.flatMap((m) => [
    { pattern: `.${m}`, kind: 'analytics', language: JS, argument: 'any' as const, receiver: '^(sentry|scope)$' },
    ...SENTRY_JS_PACKAGES.map((pkg) => ({ pattern: `${pkg}.${m}`, kind: 'analytics', language: JS, argument: 'any' as const })),
  ]),
];

const flaskRequest = ['json', 'get_json', 'args', 'form', 'values', 'data', 'files', 'get_data', 'cookies', 'headers', 'stream', 'view_args'];

export const BUILTIN_SPEC: TaintSpec = {
  sources: [
    ...['flask', 'quart'].flatMap((m) => flaskRequest.map((a) => ({ pattern: `${m}.request.${a}`, label: 'request', language: PY }))),
    ...['text_input', 'text_area', 'chat_input', 'file_uploader', 'camera_input'].map((f) => ({ pattern: `streamlit.${f}`, label: 'request', language: PY })),
    { pattern: 'input', label: 'user-input', language: PY },
    { pattern: 'sys.argv', label: 'user-input', language: PY },
    { pattern: 'os.environ', label: 'secret', language: PY, secretName: true },
    { pattern: 'os.getenv', label: 'secret', language: PY, secretName: true },
    { pattern: 'os.environ.get', label: 'secret', language: PY, secretName: true },
    { pattern: '.env', label: 'secret', language: JS, receiver: '^process$', secretName: true },
    // Model output: every model call of the SDK table (sdks/table.ts), then name-based fallbacks for
    // receivers of unknown provenance.
    ...SDK_SPEC.sources,
    ...['.invoke', '.ainvoke', '.run', '.arun', '.predict_messages', '.complete', '.acomplete', '.chat', '.achat', '.query', '.aquery', '.kickoff'].map(
      (pattern) => ({ pattern, label: 'llm-output', language: PY, receiver: LLM_RECEIVER }),
    ),
    ...['.invoke', '.call', '.chat', '.complete'].map((pattern) => ({ pattern, label: 'llm-output', language: JS, receiver: LLM_RECEIVER })),
    // The AI SDK's names are distinctive enough to trust without the import (re-exports, wrappers).
    ...['generateText', 'streamText', 'generateObject'].map((pattern) => ({ pattern, label: 'llm-output', language: JS })),
  ],
  sinks: [
    // Code execution
    ...['eval', 'exec', 'compile'].map((pattern) => ({ pattern, kind: 'code-exec', language: PY })),
    { pattern: 'eval', kind: 'code-exec', language: JS },
    { pattern: 'Function', kind: 'code-exec', language: JS, argument: 'any' },
    ...['vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.Script', 'vm.compileFunction'].map((pattern) => ({ pattern, kind: 'code-exec', language: JS })),
    // Shell
    ...['os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'asyncio.create_subprocess_shell'].map((pattern) => ({ pattern, kind: 'shell', language: PY })),
    ...['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen'].map((pattern) => ({
      pattern,
      kind: 'shell',
      language: PY,
      when: 'shell' as const,
    })),
    ...['child_process.exec', 'child_process.execSync'].map((pattern) => ({ pattern, kind: 'shell', language: JS })),
    ...['child_process.spawn', 'child_process.spawnSync'].map((pattern) => ({ pattern, kind: 'shell', language: JS, when: 'shell' as const })),
    // SQL built from strings
    ...['.execute', '.executemany', '.executescript'].map((pattern) => ({ pattern, kind: 'sql', language: PY, receiver: 'cur|conn|con$|db|session|engine|connection|sql' })),
    ...['.raw', 'sqlalchemy.text', 'pandas.read_sql', 'pandas.read_sql_query'].map((pattern) => ({ pattern, kind: 'sql', language: PY })),
    ...['.query', '.execute', '.raw'].map((pattern) => ({ pattern, kind: 'sql', language: JS, receiver: 'db|pool|client|conn|connection|knex|sequelize|sql|pg|mysql|database' })),
    ...['.$queryRawUnsafe', '.$executeRawUnsafe'].map((pattern) => ({ pattern, kind: 'sql', language: JS })),
    // HTML
    ...['markupsafe.Markup', 'flask.Markup', 'flask.render_template_string', 'django.utils.safestring.mark_safe', 'streamlit.html', 'streamlit.components.v1.html'].map(
      (pattern) => ({ pattern, kind: 'html', language: PY }),
    ),
    { pattern: 'streamlit.markdown', kind: 'html', language: PY, when: 'unsafe-html' },
    { pattern: 'streamlit.write', kind: 'html', language: PY, when: 'unsafe-html' },
    ...['document.write', 'document.writeln'].map((pattern) => ({ pattern, kind: 'html', language: JS })),
    { pattern: '.insertAdjacentHTML', kind: 'html', language: JS, argument: 1 },
    // Requests to a model-chosen URL (SSRF)
    ...['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].flatMap((m) => [
      { pattern: `requests.${m}`, kind: 'request', language: PY },
      { pattern: `httpx.${m}`, kind: 'request', language: PY },
    ]),
    { pattern: 'requests.request', kind: 'request', language: PY, argument: 1 },
    { pattern: 'urllib.request.urlopen', kind: 'request', language: PY },
    { pattern: 'fetch', kind: 'request', language: JS },
    ...['axios', 'axios.get', 'axios.post', 'axios.put', 'axios.delete', 'got', 'node-fetch', 'undici.request', 'undici.fetch'].map((pattern) => ({ pattern, kind: 'request', language: JS })),
    // File paths written or deleted
    { pattern: 'open', kind: 'file-path', language: PY, when: 'write-mode' },
    ...['os.remove', 'os.unlink', 'os.rmdir', 'shutil.rmtree', 'shutil.move'].map((pattern) => ({ pattern, kind: 'file-path', language: PY })),
    ...['fs.writeFile', 'fs.writeFileSync', 'fs.appendFile', 'fs.appendFileSync', 'fs.createWriteStream', 'fs.unlink', 'fs.unlinkSync', 'fs.rm', 'fs.rmSync', 'fs/promises.writeFile', 'fs/promises.rm', 'fs/promises.unlink', 'fs.promises.writeFile'].map(
      (pattern) => ({ pattern, kind: 'file-path', language: JS }),
    ),
    // Deserialization
    // The deserialization family is shared with the supply-chain rules (families/deserialization.ts).
    ...DESERIALIZERS.filter((d) => d.taintSink !== false).flatMap((d) =>
      d.names.map((pattern): SinkSpec => ({ pattern, kind: 'deserialization', language: PY, ...(d.when === 'unsafe-yaml' ? { when: d.when } : {}) })),
    ),
    { pattern: 'node-serialize.unserialize', kind: 'deserialization', language: JS },
    // Model inference
    { pattern: '$call', kind: 'model-inference', language: PY, receiver: MODEL_RECEIVER, argument: 'any' },
    ...['.predict', '.predict_proba', '.forward', '.generate', '.encode', '.embed_query', '.embed_documents', '.transform'].map((pattern) => ({
      pattern,
      kind: 'model-inference',
      language: PY,
      receiver: MODEL_RECEIVER,
      argument: 'any' as const,
    })),
    { pattern: '.predict', kind: 'model-inference', language: PY, argument: 'any' },
    { pattern: '.predict_proba', kind: 'model-inference', language: PY, argument: 'any' },
    ...['torch.tensor', 'torch.as_tensor', 'torch.from_numpy', 'torch.Tensor'].map((pattern) => ({ pattern, kind: 'model-inference', language: PY })),
    { pattern: '$call', kind: 'model-inference', language: JS, receiver: MODEL_RECEIVER, argument: 'any' },
    ...['.predict', '.run', '.executeAsync', '.classify', '.embed'].map((pattern) => ({ pattern, kind: 'model-inference', language: JS, receiver: MODEL_RECEIVER, argument: 'any' as const })),
    // Prompts: the SDK table's instructions, prompts and message lists (sdks/table.ts), then LangChain's
    // message and template classes and name-based fallbacks for receivers of unknown provenance.
    ...SDK_SPEC.sinks,
    ...['.GenerativeModel', 'GenerativeModel', '.GenerateContentConfig', 'GenerateContentConfig'].map((pattern) => ({ pattern, kind: 'prompt-system', language: PY, argument: 'system_instruction' })),
    { pattern: '.getGenerativeModel', kind: 'prompt-system', language: JS, argument: 'systemInstruction' },
    ...['SystemMessage', '.SystemMessage'].map((pattern) => ({ pattern, kind: 'prompt-system', argument: 0 })),
    ...['SystemMessage', '.SystemMessage'].map((pattern) => ({ pattern, kind: 'prompt-system', language: PY, argument: 'content' })),
    ...['HumanMessage', '.HumanMessage'].map((pattern) => ({ pattern, kind: 'prompt-user', argument: 0 })),
    ...['.from_template', '.fromTemplate', 'PromptTemplate', '.PromptTemplate'].map((pattern) => ({ pattern, kind: 'prompt-template', argument: 0 })),
    { pattern: 'PromptTemplate', kind: 'prompt-template', language: PY, argument: 'template' },
    { pattern: '.PromptTemplate', kind: 'prompt-template', language: PY, argument: 'template' },
    ...['.invoke', '.ainvoke', '.run', '.complete', '.acomplete', '.query', '.chat', '.call', '.stream'].map((pattern) => ({
      pattern,
      kind: 'prompt-string',
      receiver: '^(llm|chat|chain|agent|model|engine|query_engine|chat_engine|index)$|llm$|_chain$|_agent$|chat_model$',
    })),
    ...['generateText', 'streamText', 'generateObject', 'streamObject'].flatMap((pattern) => [
      { pattern, kind: 'prompt-system', language: JS, argument: 'system' },
      { pattern, kind: 'prompt-string', language: JS, argument: 'prompt' },
    ]),
    // Logging (used by data-leak rules)
    ...['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log'].flatMap((m) => [
      { pattern: `logging.${m}`, kind: 'logging', language: PY, argument: 'any' as const },
      { pattern: `.${m}`, kind: 'logging', language: PY, argument: 'any' as const, receiver: '^_?(log|logger|LOGGER|LOG|_logger)$|logger$' },
    ]),
    { pattern: 'print', kind: 'logging', language: PY, argument: 'any' },
    // Exception messages end up in logs, error trackers and sometimes responses.
    { pattern: '$raise', kind: 'exception', language: PY, argument: 'any' },
    { pattern: '$throw', kind: 'exception', language: JS, argument: 'any' },
    // Analytics and error trackers: what is sent leaves for a third party.
    ...ANALYTICS_SINKS,
    ...['log', 'info', 'warn', 'error', 'debug', 'trace'].flatMap((m) => [
      { pattern: `console.${m}`, kind: 'logging', language: JS, argument: 'any' as const },
      { pattern: `.${m}`, kind: 'logging', language: JS, argument: 'any' as const, receiver: '^(console|log|logger|pino|winston)$|logger$' },
    ]),
  ],
  sanitizers: [
    { pattern: 'shlex.quote', language: PY, clears: ['shell'] },
    { pattern: 'shlex.split', language: PY, clears: ['shell'] },
    ...['html.escape', 'markupsafe.escape', 'bleach.clean', 'django.utils.html.escape', 'flask.escape'].map((pattern) => ({ pattern, language: PY, clears: ['html'] })),
    { pattern: 'ast.literal_eval', language: PY, clears: ['code-exec', 'shell', 'sql', 'deserialization'] },
    ...['os.path.basename', 'werkzeug.utils.secure_filename', 'pathvalidate.sanitize_filename'].map((pattern) => ({ pattern, language: PY, clears: ['file-path'] })),
    ...['int', 'float', 'bool', 'len', 'uuid.UUID', 'hash', 'type', 'id', 'isinstance', 'abs', 'round', 'ord'].map((pattern) => ({ pattern, language: PY, clears: ['*'] })),
    { pattern: 'urllib.parse.quote', language: PY, clears: ['request', 'shell', 'html'] },
    // Pydantic and marshmallow
    ...['.model_validate', '.model_validate_json', '.parse_obj', '.parse_raw', '.validate_python', '.validate_json'].map((pattern) => ({ pattern, language: PY, validates: true })),
    { pattern: '.load', language: PY, validates: true, receiver: 'schema' },
    { pattern: '.loads', language: PY, validates: true, receiver: 'schema' },
    // JS
    { pattern: 'dompurify.sanitize', language: JS, clears: ['html'] },
    { pattern: '.sanitize', language: JS, clears: ['html'], receiver: 'purify' },
    { pattern: 'sanitize-html', language: JS, clears: ['html'] },
    { pattern: 'escape-html', language: JS, clears: ['html'] },
    { pattern: 'he.encode', language: JS, clears: ['html'] },
    { pattern: 'he.escape', language: JS, clears: ['html'] },
    { pattern: 'validator.escape', language: JS, clears: ['html'] },
    { pattern: 'shell-quote.quote', language: JS, clears: ['shell'] },
    { pattern: 'path.basename', language: JS, clears: ['file-path'] },
    { pattern: 'encodeURIComponent', language: JS, clears: ['request', 'shell', 'html'] },
    ...['parseInt', 'parseFloat', 'Number', 'Boolean', 'isNaN'].map((pattern) => ({ pattern, language: JS, clears: ['*'] })),
    ...['.parse', '.parseAsync', '.safeParse', '.safeParseAsync', '.validate', '.validateSync', '.validateAsync'].map((pattern) => ({
      pattern,
      language: JS,
      validates: true,
      receiver: 'schema|validator|^z$|body|input|request|payload|params|query|dto|^v$|joi|yup',
    })),
    { pattern: 'valibot.parse', language: JS, validates: true },
  ],
};

/** The name-based fallback: functions whose names say they validate or sanitize (lower confidence). */
export const NAMED_SANITIZER = /^_*(saniti[sz]e|escape|clean|scrub|redact|strip_?html)/i;
export const NAMED_VALIDATOR = /^_*(validate|verify|check|ensure)_?/i;
/** Functions whose names say they cut text to a length (`truncate`, `textwrap.shorten`, `limit_chars`): the result is bounded. */
export const NAMED_TRUNCATOR = /^_*(truncat|shorten|clamp_?(len|length|text)|limit_?(len|length|size|chars|characters|text|tokens)|cap_?(len|length|chars))/i;
export const SECRET_NAME = /(api[_-]?key|secret|token|passw|credential|private[_-]?key|auth)/i;
