import type { SyntaxNode as Node } from '../syntax/node';
import type { JavaScriptSemantics } from '../semantic/javascript';
import type { PythonSemantics } from '../semantic/python';
import { sdkCatalog } from '../sdks/catalog';
import { javascriptSdkClients, type SdkClients } from '../sdks/clients';
import { SDK_TABLE } from '../sdks/table';

/**
 * Whether a call asks a model for something: an LLM API (OpenAI, Anthropic, Google, Mistral, Cohere, Ollama,
 * LiteLLM, LangChain `invoke`, Vercel AI SDK), a transformers pipeline or `model.generate`/`predict`. These are
 * the calls that make an endpoint expensive, so an attacker's reason to find it.
 */

/** Modules of the SDK table (their names gate the costlier name resolution). */
const PYTHON_SDK_MODULE_ROOTS = new Set([...sdkCatalog('python').modules].map((m) => m.split('.').slice(0, m.startsWith('google.') ? 2 : 1).join('.')));

/** Modules whose lower-case functions call a model (`openai.embeddings.create`, `litellm.embedding`), from the table. */
const PYTHON_LLM_MODULES = new Set(SDK_TABLE.flatMap((sdk) => sdk.python?.functionModules ?? []));

/** Name-based fallback for calls the SDK table cannot trace to a client: Method chains that call a model whatever the receiver is called. */
const MODEL_METHOD_CHAIN =
  /(?:\.chat\.completions\.(?:create|parse|stream)|\.completions\.create|\.responses\.(?:create|stream|parse)|\.messages\.(?:create|stream)|\.embeddings\.create|\.images\.(?:generate|edit)|\.audio\.(?:transcriptions|translations|speech)\.create|\.models\.generate_content(?:_stream)?|\.models\.generateContent(?:Stream)?|\.generate_content(?:_async)?|\.generateContent(?:Stream)?|\.a?invoke|\.a?stream_?events|\.astream|\.text_generation|\.textGeneration|\.chat_completion|\.chatCompletion|\.a?generate|\.predict(?:_proba)?|\.a?complete|\.chat|\.create_chat_completion|\.create_completion)$/;

/** Constructors and factories whose result is a model you call directly (`generator(prompt)`). */
const PYTHON_MODEL_FACTORY = /(?:^|\.)(?:pipeline|from_pretrained|SentenceTransformer|Llama|LLM|CrossEncoder)$/;

/** The AI SDK's React hooks hold replies in the browser; they call the app's own route, not a model. */
const AI_SDK_HOOK = /(^|\.)(useChat|useCompletion)$/;

const JS_AI_SDK = new Set(['generateText', 'streamText', 'generateObject', 'streamObject', 'embed', 'embedMany', 'streamUI']);

/** Hosts of model APIs, for raw HTTP calls (`fetch("https://api.openai.com/v1/...")`). */
export const MODEL_API_HOST =
  /(?:api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis\.com|aiplatform\.googleapis\.com|api\.mistral\.ai|api\.cohere\.(?:ai|com)|api\.groq\.com|api\.together\.xyz|api-inference\.huggingface\.co|router\.huggingface\.co|openrouter\.ai|api\.deepseek\.com|api\.replicate\.com|\.openai\.azure\.com|localhost:11434|api\.perplexity\.ai|api\.fireworks\.ai)/;

/**
 * The OpenAI-compatible API that self-hosted servers (vLLM, llama.cpp, LM Studio, LiteLLM, TGI) serve, on an
 * absolute or configured base URL; a relative `/v1/...` is the app's own route, called from its front end.
 */
export const OPENAI_COMPATIBLE_PATH = /(?:https?:\/\/[^\s'"`]*|\}|\+\s*['"`])\/v1\/(?:chat\/completions|completions|embeddings|responses)\b/;

/** Names bound at module level to a model object (`generator = pipeline(...)`), computed once per document. */
export function pythonModelObjects(root: Node, semantics: PythonSemantics): Set<string> {
  const names = new Set<string>();
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    const callee = semantics.calleeName(right) ?? right.childForFieldName('function')?.text ?? '';
    if (PYTHON_MODEL_FACTORY.test(callee)) names.add(left.text);
  }
  return names;
}

/** Local names bound by importing an LLM module or something from one (`litellm`, `genai`, `completion`). */
export function pythonLlmImportNames(semantics: PythonSemantics): Set<string> {
  const names = new Set<string>();
  for (const statement of semantics.importStatements) {
    const from = statement.type === 'import_from_statement' ? (statement.childForFieldName('module_name')?.text ?? '') : undefined;
    for (const name of statement.childrenForFieldName('name')) {
      if (!name) continue;
      const original = (name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text) ?? '';
      const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : from !== undefined ? original : original.split('.')[0];
      const module = from ?? original;
      if (local && PYTHON_SDK_MODULE_ROOTS.has(module.split('.').slice(0, module.startsWith('google.') ? 2 : 1).join('.'))) names.add(local);
    }
  }
  return names;
}

export function pythonModelCallName(call: Node, semantics: PythonSemantics, modelObjects: Set<string>, llmImportNames?: Set<string>, clients?: SdkClients): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const text = callee.text.replace(/\s+/g, '');
  // The SDK table first: a call on a client of known provenance (`co.chat`, `bedrock.converse`).
  const onClient = clients?.callAt(callee);
  if (onClient) return onClient.call.returns ? undefined : text;
  if (callee.type === 'identifier' && modelObjects.has(callee.text)) return callee.text;
  // Resolving names is costly; only calls rooted in an LLM import can resolve to an LLM module function.
  const root = /^[A-Za-z_]\w*/.exec(text)?.[0] ?? '';
  const mayBeModuleCall = !llmImportNames || llmImportNames.has(root);
  const qualified = mayBeModuleCall && (callee.type === 'identifier' || callee.type === 'attribute') ? semantics.qualifiedName(callee) : undefined;
  if (qualified) {
    const parts = qualified.split('.');
    const root = PYTHON_LLM_MODULES.has(parts.slice(0, 2).join('.')) ? parts.slice(0, 2).join('.') : parts[0];
    const last = parts[parts.length - 1];
    const known = sdkCatalog('python').resolve(qualified);
    if (known) return known.call.returns ? undefined : qualified;
    // `openai.OpenAI()` builds a client; `litellm.completion()` calls the model.
    if (PYTHON_LLM_MODULES.has(root) && parts.length > root.split('.').length && /^[a-z]/.test(last) && !/^(?:api_key|base_url|configure|Client)$/.test(last)) {
      return qualified;
    }
  }
  if (callee.type === 'attribute' && MODEL_METHOD_CHAIN.test(`.${text.split('.').slice(1).join('.')}`)) {
    // `.chat(`, `.predict(`, `.invoke(` are common words (boto3's `lambda_client.invoke`): only on a receiver named like a model.
    if (/\.(?:chat|predict|predict_proba|complete|acomplete|generate|agenerate|invoke|ainvoke|astream|astream_events|stream_events)$/.test(text) && !isModelReceiver(text)) {
      return undefined;
    }
    return text;
  }
  return undefined;
}

export function javascriptModelCallName(call: Node, semantics: JavaScriptSemantics): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const qualified = semantics.qualifiedName(callee);
  if (qualified?.startsWith('ai.') && JS_AI_SDK.has(qualified.slice(3))) return callee.text;
  // The SDK table: module functions (`@openai/agents.run`) and calls on clients of known provenance (`groq.chat.completions.create`).
  const known = qualified ? sdkCatalog('javascript').resolve(qualified) : javascriptSdkClients(semantics.root, semantics).callAt(callee);
  if (known && !known.call.returns && !AI_SDK_HOOK.test(qualified ?? '')) return callee.text.replace(/\s+/g, '');
  if (callee.type === 'identifier' && JS_AI_SDK.has(callee.text) && qualified === undefined && semantics.importedModules.has('ai')) return callee.text;
  if (callee.type === 'identifier' && (callee.text === 'fetch' || qualified === 'axios')) {
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    // Only the host: a URL's path or query may carry a key (`?key=...`).
    const host = first ? MODEL_API_HOST.exec(first.text)?.[0] : undefined;
    if (host) return `${callee.text}(${host.replace(/^\./, '')})`;
    const path = first ? /\/v1\/[\w/]+$/.exec(OPENAI_COMPATIBLE_PATH.exec(first.text)?.[0] ?? '')?.[0] : undefined;
    if (path) return `${callee.text}(${path})`;
    return undefined;
  }
  if (callee.type !== 'member_expression') return undefined;
  const text = callee.text.replace(/\s+/g, '').replace(/\?\./g, '.');
  const chain = `.${text.split('.').slice(1).join('.')}`;
  if (/^axios\.(?:post|get|request)$/.test(text) || qualified?.startsWith('axios.')) {
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    return first && (MODEL_API_HOST.test(first.text) || OPENAI_COMPATIBLE_PATH.test(first.text)) ? text : undefined;
  }
  if (!MODEL_METHOD_CHAIN.test(chain)) return undefined;
  if (/\.(?:chat|predict|complete|generate|invoke|stream)$/.test(text) && !isModelReceiver(text)) return undefined;
  return text;
}

/** Receivers named like a model, a client or a chain: the last part before the method (`self.llm` → `llm`). */
const MODEL_RECEIVER =
  /(?:^|_)(?:model|llm|chain|agent|pipe|pipeline|ollama|openai|anthropic|engine|bot|gpt|claude|gemini|generator|runnable|graph|clf|classifier|regressor|estimator|rag|qa|retriever|workflow|executor|assistant|crew|ai|client|chat)s?$|(?:Model|Llm|LLM|Chain|Agent|Pipeline|Generator|Classifier|Runnable|Graph|Bot|Client)$|^app$/;
const NOT_MODEL_RECEIVER = /(?:lambda|boto|sfn|stepfunctions|sqs|sns|s3|dynamo|http|redis|db|sql)_?client$/i;

function isModelReceiver(calleeText: string): boolean {
  const parts = calleeText.split('.');
  const receiver = (parts[parts.length - 2] ?? '').replace(/\(.*\)$/, '');
  return MODEL_RECEIVER.test(receiver) && !NOT_MODEL_RECEIVER.test(receiver);
}
