import { SDK_TABLE } from '../sdks/table';
import { HANDLER_REGISTRATIONS } from './handlers';
import {
  DJANGO_MODULES,
  FORM_DATA_TYPE,
  HTML_PROPERTIES,
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
import { BUILTIN_SPEC, type SpecLanguage } from './spec';
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
 * `taintWords` gives rules their `meta.requiresAll`: plain substrings, both languages together. Labels and kinds
 * that only user specs make, `$call` sinks (`model(x)`) and secrets (any literal under a credential's name is one)
 * can occur in any text; when the configuration adds sources or sinks (`extendsTaintFlows`) the words are not used.
 */

/** One way a source or sink can arise: all of `words` are written in the text (receiver conditions left out). */
interface Way {
  words: readonly string[];
}

/** How a source label or sink kind can arise in one language; `anywhere` when no word is needed (`$call` sinks). */
interface Condition {
  ways: Way[];
  anywhere: boolean;
}

const LANGUAGES: readonly SpecLanguage[] = ['python', 'javascript'];

const clientKindsByLanguage = new Map<SpecLanguage, string[][]>();

/** The client kinds of the SDK table (`openai.OpenAI`), split into parts. */
function clientKinds(language: SpecLanguage): string[][] {
  let kinds = clientKindsByLanguage.get(language);
  if (!kinds) clientKindsByLanguage.set(language, (kinds = SDK_TABLE.flatMap((sdk) => sdk[language]?.clients ?? []).map((client) => client.kind.split('.'))));
  return kinds;
}

const madeWays = new Map<string, Way[]>();

/**
 * `kindWays` from scratch, once per kind: every spec pattern that can be called on a client asks it again,
 * each time walking the whole SDK table (measured: building the ten taint rules' words about 20 % faster).
 */
function waysToMake(language: SpecLanguage, kind: string): Way[] {
  const key = `${language}:${kind}`;
  let ways = madeWays.get(key);
  if (!ways) madeWays.set(key, (ways = kindWays(language, kind)));
  return ways;
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
  const onClient = (kind: string, path: readonly string[]): Way[] => waysToMake(language, kind).map((made) => ({ words: [...path, ...made.words] }));
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

function addSpec(condition: Condition, pattern: string, language: SpecLanguage): void {
  const ways = patternWays(pattern, language);
  if (ways === 'anywhere') condition.anywhere = true;
  else condition.ways.push(...ways);
}

const names = (list: Iterable<string>, extra: readonly string[] = []): Way[] => [...list].map((word) => ({ words: [word, ...extra] }));

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
      default:
        return;
    }
  }
  switch (label) {
    case 'request':
      condition.ways.push(
        ...names(ROUTE_METHODS),
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
  // Hard-coded credentials are secrets: any string literal under a credential's name, in any text.
  condition = { ways: [], anywhere: !BUILTIN_LABELS.has(label) || label === 'secret' };
  sourceConditions.set(key, condition);
  for (const spec of BUILTIN_SPEC.sources) {
    if (spec.label !== label || (spec.language && spec.language !== language)) continue;
    addSpec(condition, spec.pattern, language);
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
    if (spec.kind === kind && (!spec.language || spec.language === language)) addSpec(condition, spec.pattern, language);
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
  return minimal(words);
}

/**
 * The same condition in fewer words: a word that contains another (`achat`, `chat_stream` after `chat`) adds
 * nothing to a substring test, which reads the whole text for every word that is absent. Shortest first.
 */
function minimal(words: Iterable<string>): string[] {
  const kept: string[] = [];
  // Code-unit order for ties: `localeCompare` would load ICU's collator, a sixth of the rules' start-up.
  for (const word of [...new Set(words)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))) {
    if (!kept.some((shorter) => word.includes(shorter))) kept.push(word);
  }
  return kept;
}

/**
 * Words for a rule's `meta.requiresAll` when it reports flows of `sources` into `sinks` (both languages): a list
 * for the sources and one for the sinks, each left out when its side can arise in any text. A rule with other
 * checks besides its flows joins their words with `anyOf`.
 */
export function taintWords(query: Pick<TaintQuery, 'sources' | 'sinks'>): string[][] {
  const sources = prefilterWords(LANGUAGES.flatMap((language) => query.sources.map((label) => sourceCondition(language, label))));
  const sinks = prefilterWords(LANGUAGES.flatMap((language) => query.sinks.map((kind) => sinkCondition(language, kind))));
  // Sinks first: their list is shorter and rarer, so most texts fail it before the sources are read.
  return [sinks, sources].filter((list): list is string[] => list !== undefined);
}

/**
 * `requiresAll` for a rule that reports when one of several conditions holds (`requiresAll` lists each, as
 * `taintWords` returns): (A and B) or C is (A or C) and (B or C). A condition without lists can hold anywhere.
 */
export function anyOf(...conditions: (readonly (readonly string[])[])[]): string[][] {
  if (conditions.some((lists) => lists.length === 0)) return [];
  let result: string[][] = [[]];
  for (const lists of conditions) result = result.flatMap((clause) => lists.map((list) => [...clause, ...list]));
  return result.map((clause) => minimal(clause));
}
