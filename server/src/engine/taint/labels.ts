import type { Taint, TaintLabel } from './types';
import { mergeTaints } from './value';

/**
 * How a label crosses a call the spec does not describe (a constructor, an SDK method, a helper from
 * elsewhere). Request data and model output flow into the result, since what comes back is usually made from
 * them (`json.loads(body)`, `parse(reply)`). A secret does not: a key passed to a client constructor or an API
 * call is used, not copied, so the client, the response or the loaded model is not the secret. A secret still
 * flows through assignment, string building, formatting, containers and headers (handled where they are
 * evaluated), and through the calls below, which return their argument or receiver in another form.
 */
export const CONSUMED_BY_CALLS: ReadonlySet<TaintLabel> = new Set(['secret']);

/** Calls whose result is (a form of) the value they are given: it still holds the secret. */
export interface ValuePreservingCalls {
  /** Builtins and qualified functions (`str`, `base64.b64encode`, `JSON.stringify`). */
  functions: ReadonlySet<string>;
  /** Methods on any receiver (`key.strip()`, `headers.get("Authorization")`, `token.toString()`). */
  methods: ReadonlySet<string>;
  /** Constructors that keep their arguments (exceptions, header and parameter containers). */
  constructors: RegExp;
}

const STRING_METHODS = [
  'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'casefold', 'encode', 'decode', 'replace', 'split', 'rsplit',
  'splitlines', 'partition', 'rpartition', 'removeprefix', 'removesuffix', 'zfill', 'ljust', 'rjust', 'center', 'format',
  'format_map', 'join',
];
const CONTAINER_METHODS = ['get', 'copy', 'items', 'values', 'pop', 'setdefault'];

export const PYTHON_VALUE_PRESERVING: ValuePreservingCalls = {
  functions: new Set([
    'str', 'repr', 'ascii', 'bytes', 'bytearray', 'format', 'dict', 'list', 'tuple', 'set', 'frozenset', 'sorted',
    'base64.b64encode', 'base64.b64decode', 'base64.urlsafe_b64encode', 'base64.standard_b64encode', 'json.dumps', 'json.loads',
    'urllib.parse.quote', 'urllib.parse.quote_plus', 'urllib.parse.urlencode', 'shlex.quote', 'copy.copy', 'copy.deepcopy',
    'textwrap.dedent',
  ]),
  // `get_secret_value()` unwraps a pydantic `SecretStr`.
  methods: new Set([...STRING_METHODS, ...CONTAINER_METHODS, 'get_secret_value']),
  constructors: /(?:Error|Exception|Warning)$/,
};

export const JAVASCRIPT_VALUE_PRESERVING: ValuePreservingCalls = {
  functions: new Set([
    'String', 'JSON.stringify', 'JSON.parse', 'encodeURIComponent', 'encodeURI', 'btoa', 'atob', 'Buffer.from', 'Object.assign',
    'Object.entries', 'Object.values', 'Array.from', 'structuredClone',
  ]),
  methods: new Set([
    'toString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'substring', 'substr', 'slice', 'padStart', 'padEnd',
    'split', 'concat', 'replace', 'replaceAll', 'repeat', 'at', 'normalize', 'join', 'get', 'entries', 'values', 'toJSON',
  ]),
  constructors: /(?:Error|Exception|^Headers|^URLSearchParams|^Map|^Buffer)$/,
};

/** What a call the evaluator knows by name is: its resolved or bare name, the method called, and whether it is `new X()`. */
export interface CallShape {
  qualified?: string;
  bare?: string;
  /** The callee's text path (`JSON.stringify`), for globals no import resolves. */
  path: string;
  method: string;
  /** The constructor's or function's last name (`ValueError`, `Headers`). */
  lastName: string;
  /** The callee's qualified name or text path, for calls the evaluator did not resolve (it skips methods no spec names). */
  resolve: () => string | undefined;
}

const lastParts = new WeakMap<ValuePreservingCalls, Set<string>>();

/**
 * What of a call's inputs is still in its result for the consumed labels: its arguments (`str(key)`,
 * `json.dumps(headers)`, `ValueError(key)`), only its receiver (`key.strip()`, `headers.get("Authorization")`,
 * where an argument would be a URL or a key name: `requests.get(url, headers=h)` returns a response), or nothing.
 */
export function preservedInputs(calls: ValuePreservingCalls, call: CallShape): 'arguments' | 'receiver' | undefined {
  if (call.bare && calls.functions.has(call.bare)) return 'arguments';
  if (calls.constructors.test(call.lastName)) return 'arguments';
  const qualified = call.qualified ?? (call.path.startsWith('?.') ? undefined : call.path);
  if (qualified && calls.functions.has(qualified)) return 'arguments';
  // `json.dumps(...)` reaches here unresolved (a method no spec names): resolve only names that could match.
  let parts = lastParts.get(calls);
  if (!parts) lastParts.set(calls, (parts = new Set([...calls.functions].map((f) => f.slice(f.lastIndexOf('.') + 1)))));
  if (!call.qualified && parts.has(call.lastName)) {
    const resolved = call.resolve();
    if (resolved !== undefined && calls.functions.has(resolved)) return 'arguments';
  }
  if (call.method && calls.methods.has(call.method)) return 'receiver';
  return undefined;
}

/**
 * The taint of a call's result that the spec does not describe, from its receiver's and arguments' taints
 * (`allArgs` is their merge, which the evaluators have at hand).
 */
export function callResultTaint(
  calls: ValuePreservingCalls,
  call: () => CallShape,
  receiver: Taint | undefined,
  args: Iterable<Taint | undefined>,
  allArgs: Taint | undefined,
): Taint | undefined {
  // Most calls carry no consumed label: they merge as they always did, without looking at the callee.
  if (!carriesConsumed(receiver) && !carriesConsumed(allArgs)) return mergeTaints([receiver, allArgs]);
  const preserved = preservedInputs(calls, call());
  if (preserved === 'arguments') return mergeTaints([receiver, allArgs]);
  const parts = [preserved === 'receiver' ? receiver : acrossCall(receiver)];
  for (const taint of args) parts.push(acrossCall(taint));
  return mergeTaints(parts);
}

const CONSUMED_LIST = [...CONSUMED_BY_CALLS];

/** Whether a taint carries a label that calls consume (checked on every call: kept cheap). */
export function carriesConsumed(taint: Taint | undefined): boolean {
  if (!taint) return false;
  for (let i = 0; i < CONSUMED_LIST.length; i++) if (taint.labels.has(CONSUMED_LIST[i])) return true;
  return false;
}

/** The part of a taint that comes out of a call that does not preserve values: without the consumed labels. */
export function acrossCall(taint: Taint | undefined): Taint | undefined {
  if (!taint) return undefined;
  let kept: Set<TaintLabel> | undefined;
  for (const label of CONSUMED_BY_CALLS) {
    if (taint.labels.has(label)) (kept ??= new Set(taint.labels)).delete(label);
  }
  if (!kept) return taint;
  return kept.size === 0 ? undefined : { ...taint, labels: kept };
}
