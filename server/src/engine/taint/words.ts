import { mayHardcodeCredential } from '../secrets/detect';
import { SDK_TABLE } from '../sdks/table';
import { HANDLER_REGISTRATIONS } from './handlers';
import {
  DJANGO_MODULES,
  FORM_DATA_TYPE,
  HTML_PROPERTIES,
  JS_ENVIRONMENT,
  JS_REQUEST_PARAMETERS,
  JS_TOOL,
  JSX_HTML_ATTRIBUTE,
  MESSAGE_ROLE_SINKS,
  NEXT_HANDLERS,
  PYTHON_TOOL_DECORATORS,
  ROUTE_METHODS,
  SERVER_ACTION_DIRECTIVE,
  SLACK_BOLT_MODULES,
} from './objects';
import { BUILTIN_SPEC, SECRET_NAME, type SpecLanguage } from './spec';
import type { SinkKind, TaintLabel, TaintQuery } from './types';

/**
 * The words a flow needs: for each source label, what a text must contain for the engine to find a source of
 * that label in it; for each sink kind, the same for a sink. Read from the data the engine matches: the
 * specification (spec.ts, with the SDK table's calls through sdks/taint-spec.ts), the client kinds of the SDK
 * table (a call on a client is named by the client's kind, whatever the variable is called: the factory that
 * made it is in the text), the handler registrations (handlers.ts) and what the passes recognise by name
 * themselves (objects.ts: route decorators, tool decorators, message roles, `innerHTML`...).
 *
 * Why a pattern's names are in the text: a callee matches `subprocess.run` through an import (every part is
 * written, in the import or at the call), `.execute` through its written path, `eval` as a bare name, and
 * `openai.OpenAI.chat.completions.create` through a client of kind `openai.OpenAI` (the method path is written
 * at the call, the client's factory where it is made). Receiver conditions are left out (a superset).
 *
 * Two uses, one derivation: `taintWords` gives rules their `meta.requiresAll` (plain substrings, both languages
 * together), and `taintMayFlow` lets `analyzeTaint` skip the engine for a query that cannot have a flow in a
 * text (names as whole tokens, per language, plus tests words cannot express: a hard-coded credential, the
 * shape of an Express route). Labels and kinds that only user specs make can occur anywhere; when the
 * configuration adds sources or sinks (`extendsTaintFlows`), neither is used.
 */

/**
 * One way a source or sink can arise: all of `words` occur (as names), some name matches `receiver` (the spec's
 * receiver condition, tested like the matcher tests the receiver's name) and, when given, `test` holds on the text.
 */
interface Way {
  words: readonly string[];
  receiver?: RegExp;
  test?: (text: string) => boolean;
}

/** How a source label or sink kind can arise in one language; `anywhere` when no word is needed (`$call` sinks). */
interface Condition {
  ways: Way[];
  anywhere: boolean;
}

const LANGUAGES: readonly SpecLanguage[] = ['python', 'javascript'];

/** The client kinds of the SDK table (`openai.OpenAI`), split into parts. */
function clientKinds(language: SpecLanguage): string[][] {
  return SDK_TABLE.flatMap((sdk) => sdk[language]?.clients ?? []).map((client) => client.kind.split('.'));
}

/**
 * What makes a name hold a client of a kind (sdks/clients.ts): a factory call (import-qualified, so written in
 * full) or a call on another client that returns one (its method path is written).
 */
function kindWays(language: SpecLanguage, kind: string, seen = new Set<string>()): Way[] {
  if (seen.has(kind)) return [];
  seen.add(kind);
  const ways: Way[] = [];
  for (const client of SDK_TABLE.flatMap((sdk) => sdk[language]?.clients ?? [])) {
    if (client.kind === kind) for (const factory of client.made) ways.push({ words: factory.callee.split('.') });
    for (const call of client.calls) {
      if (call.returns !== kind) continue;
      if (call.method === '()') ways.push(...kindWays(language, client.kind, seen));
      else ways.push({ words: call.method.split('.') });
    }
  }
  return ways;
}

/**
 * The ways a callee can match a spec pattern (matcher.ts): by import-qualified name or written path (every part
 * of the pattern is written), or by the name of the client it is called on (`<kind>.<method path>`: only the
 * method path is written; a pattern that is the kind itself, or ends inside it, needs the client made).
 */
function patternWays(pattern: string, language: SpecLanguage): Way[] | 'anywhere' {
  if (pattern === '$call') return 'anywhere';
  // A call on a client: the method path is written, and the client made (each way of making one).
  const onClient = (kind: string, path: readonly string[]): Way[] => kindWays(language, kind).map((made) => ({ words: [...path, ...made.words] }));
  if (pattern === '$raise') return [{ words: ['raise'] }];
  if (pattern === '$throw') return [{ words: ['throw'] }];
  const method = pattern.startsWith('.');
  const parts = (method ? pattern.slice(1) : pattern).split('.');
  const ways: Way[] = [{ words: parts }];
  for (const kind of clientKinds(language)) {
    if (method) {
      // `.${kind}.${path}` ends with the pattern: its first `i` parts are the kind's last `i`.
      for (let i = 1; i <= Math.min(kind.length, parts.length); i++) {
        if (kind.slice(kind.length - i).join('.') !== parts.slice(0, i).join('.')) continue;
        ways.push(...onClient(kind.join('.'), parts.slice(i)));
      }
    } else {
      const name = kind.join('.');
      if (pattern === name || pattern.startsWith(`${name}.`)) ways.push(...onClient(name, pattern === name ? [] : pattern.slice(name.length + 1).split('.')));
    }
  }
  return ways;
}

function addSpec(condition: Condition, spec: { pattern: string; receiver?: string }, language: SpecLanguage, test?: (text: string) => boolean): void {
  const ways = patternWays(spec.pattern, language);
  if (ways === 'anywhere') {
    condition.anywhere = true;
    return;
  }
  // Compiled as the matcher compiles it (matcher.ts).
  const receiver = spec.receiver ? receiverPattern(spec.receiver) : undefined;
  for (const way of ways) condition.ways.push({ ...way, ...(receiver ? { receiver } : {}), ...(test ? { test } : {}) });
}

const receiverPatterns = new Map<string, RegExp>();
function receiverPattern(source: string): RegExp {
  let pattern = receiverPatterns.get(source);
  if (!pattern) receiverPatterns.set(source, (pattern = new RegExp(source, 'i')));
  return pattern;
}

const names = (list: Iterable<string>, extra: readonly string[] = []): Way[] => [...list].map((word) => ({ words: [word, ...extra] }));

/** A gap between tokens of JS code: blanks and comments. */
const JS_GAP = String.raw`(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*)*`;
/**
 * `app.get('/path', handler)`: a route method (objects.ts) called with a string first (type arguments may
 * come between), the shape the JS pass requires of a route registration.
 */
const JS_ROUTE_CALL = new RegExp(String.raw`\.${JS_GAP}(?:${[...ROUTE_METHODS].join('|')})${JS_GAP}(?:<|(?:\?\.)?\(${JS_GAP}["'\x60])`);
const SECRET_NAME_ANYWHERE = new RegExp(SECRET_NAME.source, SECRET_NAME.flags.replace('g', ''));
const secretNamed = (text: string) => SECRET_NAME_ANYWHERE.test(text);

/** Sources the passes find themselves, by label: handler parameters, request objects, secrets, tool arguments. */
function engineSources(language: SpecLanguage, label: TaintLabel, condition: Condition): void {
  const registrations = HANDLER_REGISTRATIONS.filter((r) => r.language === language);
  if (language === 'python') {
    switch (label) {
      case 'request':
        // Route and Slack listener decorators; Django views (a `request` parameter); registered chat handlers.
        condition.ways.push(...names(ROUTE_METHODS, ['@']), { words: ['@', SLACK_BOLT_MODULES.python] }, ...names(DJANGO_MODULES, ['request']));
        for (const r of registrations) condition.ways.push({ words: [...r.module.split('.'), ...(r.by === 'decorator' ? ['@'] : [])] });
        return;
      case 'tool-args':
        condition.ways.push(...PYTHON_TOOL_DECORATORS.map((name) => ({ words: ['@', ...name.split('.')] })));
        // `call.function.arguments` of model output: needs model output first.
        condition.ways.push(...sourceCondition(language, 'llm-output').ways);
        return;
      case 'secret':
        // `os.environ[...]` is read by the spec's `os.environ` pattern; literals bound to credential names are secrets too.
        condition.ways.push({ words: [], test: mayHardcodeCredential });
        return;
      default:
        return;
    }
  }
  switch (label) {
    case 'request':
      condition.ways.push(
        ...names(ROUTE_METHODS).map((way) => ({ ...way, test: (text: string) => JS_ROUTE_CALL.test(text) })),
        ...names(NEXT_HANDLERS),
        { words: [SERVER_ACTION_DIRECTIVE] },
        { words: [FORM_DATA_TYPE] },
        { words: [JS_REQUEST_PARAMETERS.always] },
        { words: [JS_REQUEST_PARAMETERS.inHandlers, JS_REQUEST_PARAMETERS.type] },
        { words: [JS_TOOL.callee, JS_TOOL.key, JS_REQUEST_PARAMETERS.inHandlers] },
        { words: [SLACK_BOLT_MODULES.javascript] },
        ...registrations.map((r) => ({ words: [r.module] })),
      );
      return;
    case 'tool-args':
      condition.ways.push({ words: [JS_TOOL.callee, JS_TOOL.key] }, ...sourceCondition(language, 'llm-output').ways);
      return;
    case 'secret':
      condition.ways.push({ words: [JS_ENVIRONMENT], test: secretNamed }, { words: [], test: mayHardcodeCredential });
      return;
    default:
      return;
  }
}

/** Sinks the passes find themselves: message roles, and (JS) `innerHTML` assignments and `dangerouslySetInnerHTML`. */
function engineSinks(language: SpecLanguage, kind: SinkKind, condition: Condition): void {
  for (const [role, roleKind] of MESSAGE_ROLE_SINKS) if (roleKind === kind) condition.ways.push({ words: [role] });
  if (language === 'javascript' && kind === 'html') condition.ways.push(...names(HTML_PROPERTIES), { words: [JSX_HTML_ATTRIBUTE] });
}

const BUILTIN_LABELS = new Set<TaintLabel>(['request', 'user-input', 'llm-output', 'tool-args', 'secret']);
const sourceConditions = new Map<string, Condition>();
const sinkConditions = new Map<string, Condition>();

function sourceCondition(language: SpecLanguage, label: TaintLabel): Condition {
  const key = `${language}:${label}`;
  let condition = sourceConditions.get(key);
  if (condition) return condition;
  condition = { ways: [], anywhere: !BUILTIN_LABELS.has(label) };
  sourceConditions.set(key, condition);
  for (const spec of BUILTIN_SPEC.sources) {
    if (spec.label !== label || (spec.language && spec.language !== language)) continue;
    // `os.getenv("OPENAI_API_KEY")`: a secret only under a credential's name, which the text then holds.
    addSpec(condition, spec, language, spec.secretName ? secretNamed : undefined);
  }
  engineSources(language, label, condition);
  return condition;
}

function sinkCondition(language: SpecLanguage, kind: SinkKind): Condition {
  const key = `${language}:${kind}`;
  let condition = sinkConditions.get(key);
  if (condition) return condition;
  condition = { ways: [], anywhere: false };
  for (const spec of BUILTIN_SPEC.sinks) {
    if (spec.kind === kind && (!spec.language || spec.language === language)) addSpec(condition, spec, language);
  }
  engineSinks(language, kind, condition);
  sinkConditions.set(key, condition);
  return condition;
}

/**
 * One word per way, for the prefilter: the longest (names of one part are more telling than `get` or `os`);
 * undefined when some way needs no word at all (it can arise in any text).
 */
function prefilterWords(conditions: readonly Condition[]): string[] | undefined {
  const words = new Set<string>();
  for (const condition of conditions) {
    if (condition.anywhere) return undefined;
    for (const way of condition.ways) {
      if (way.words.length === 0) return undefined;
      words.add(way.words.reduce((a, b) => (b.length > a.length ? b : a)));
    }
  }
  return [...words].sort();
}

/**
 * Words for a rule's `meta.requiresAll` when it reports flows of `sources` into `sinks` (both languages): a list
 * for the sources and one for the sinks, each left out when its side can arise in any text. A rule with other
 * checks besides its flows joins their words with `anyOf`.
 */
export function taintWords(query: Pick<TaintQuery, 'sources' | 'sinks'>): string[][] {
  const sources = prefilterWords(LANGUAGES.flatMap((language) => query.sources.map((label) => sourceCondition(language, label))));
  const sinks = prefilterWords(LANGUAGES.flatMap((language) => query.sinks.map((kind) => sinkCondition(language, kind))));
  return [sources, sinks].filter((list): list is string[] => list !== undefined);
}

/**
 * `requiresAll` for a rule that reports when one of several conditions holds (`requiresAll` lists each, as
 * `taintWords` returns): (A and B) or C is (A or C) and (B or C). A condition without lists can hold anywhere.
 */
export function anyOf(...conditions: (readonly (readonly string[])[])[]): string[][] {
  if (conditions.some((lists) => lists.length === 0)) return [];
  let result: string[][] = [[]];
  for (const lists of conditions) result = result.flatMap((clause) => lists.map((list) => [...clause, ...list]));
  return result.map((clause) => [...new Set(clause)].sort());
}

/** The names of a text (identifier-like runs), to test words against as whole names. */
export function nameTokens(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z0-9_$]+/g) ?? []);
}

/**
 * Whether a word may occur as a name in a text: each of its name parts (`@sentry/node` → sentry, node; `use
 * server` → use, server) is one of its names. A word without name parts (`@`) is looked up as text.
 */
function mayOccur(word: string, text: string, tokens: ReadonlySet<string>): boolean {
  const parts = word.match(/[A-Za-z0-9_$]+/g);
  if (!parts) return text.includes(word);
  return parts.every((part) => tokens.has(part));
}

/** Whether some name of the text matches a receiver pattern: the receiver of a call is one of its names. */
function someName(pattern: RegExp, tokens: ReadonlySet<string>): boolean {
  let found = receiverMatches.get(tokens)?.get(pattern);
  if (found === undefined) {
    found = false;
    for (const token of tokens) {
      if (pattern.test(token)) {
        found = true;
        break;
      }
    }
    let cache = receiverMatches.get(tokens);
    if (!cache) receiverMatches.set(tokens, (cache = new Map()));
    cache.set(pattern, found);
  }
  return found;
}
const receiverMatches = new WeakMap<ReadonlySet<string>, Map<RegExp, boolean>>();

function wayHolds(way: Way, text: string, tokens: ReadonlySet<string>): boolean {
  return way.words.every((word) => mayOccur(word, text, tokens)) && (!way.receiver || someName(way.receiver, tokens)) && (!way.test || way.test(text));
}

/** Whether one of the conditions holds; ways tested on the text (a hard-coded credential) cost more than names, so they come last. */
function anyHolds(conditions: readonly Condition[], text: string, tokens: ReadonlySet<string>): boolean {
  if (conditions.some((condition) => condition.anywhere)) return true;
  for (const tested of [false, true]) {
    for (const condition of conditions) {
      for (const way of condition.ways) if (!way.test === !tested && wayHolds(way, text, tokens)) return true;
    }
  }
  return false;
}

/**
 * Whether the built-in specification could find a flow of `query` in a text of this language: a source of one
 * of its labels and a sink of one of its kinds. False proves the engine would report none of them.
 */
export function taintMayFlow(language: SpecLanguage, query: Pick<TaintQuery, 'sources' | 'sinks'>, text: string, tokens: ReadonlySet<string>): boolean {
  return (
    anyHolds(query.sinks.map((kind) => sinkCondition(language, kind)), text, tokens) &&
    anyHolds(query.sources.map((label) => sourceCondition(language, label)), text, tokens)
  );
}
