import type { SanitizerSpec, SinkSpec, SourceSpec, SpecLanguage, TaintSpec } from './spec';

/** What the evaluator knows about a callee (or an attribute read) when asking the specs about it. */
export interface CalleeInfo {
  /** Import-resolved name (`subprocess.run`), when the root is imported. */
  qualified: string | undefined;
  /**
   * The name by the SDK client the callee is called on (`cohere.Client.chat` for `co.chat`, see sdks/clients.ts),
   * when the import-resolved name says nothing. Matched like a qualified name; findings keep the code's own text.
   */
  client?: string;
  /** Dotted text path with `?` for parts that are not names (`?.chat.completions.create`). */
  path: string;
  /** The name of a plain call (`eval(...)`) when it is not shadowed by a local or module binding. */
  bare: string | undefined;
  /** The receiver's last name (`cursor` in `self.cursor.execute`), or the callee's own for `$call`. */
  receiver: string | undefined;
  /** The callee is a variable being called (`model(x)`), not a method or an imported function. */
  isVariableCall: boolean;
  /** Known to match no spec (its last name is in none): lookups answer at once. */
  unmatched?: boolean;
}

interface Compiled<T> {
  spec: T;
  receiver?: RegExp;
}

type Indexed<T> = Map<string, Compiled<T>[]>;

const GENERIC_MEMBERS = new Set(['json', 'args', 'form', 'values', 'data', 'files', 'get_json', 'get_data', 'cookies', 'headers', 'stream', 'view_args', 'create', 'parse', 'get', 'env', 'complete', 'run']);

/** A spec compiled for one language, indexed by the last name of each pattern so lookups are O(1). */
export class SpecIndex {
  private readonly sources: Indexed<SourceSpec>;
  private readonly sinks: Indexed<SinkSpec>;
  private readonly sanitizers: Indexed<SanitizerSpec>;

  constructor(spec_: TaintSpec, language: SpecLanguage) {
    const spec = spec_;
    this.sources = index(spec.sources, language);
    this.sinks = index(spec.sinks, language);
    this.sanitizers = index(spec.sanitizers, language);
    // The request vocabulary: names handlers and frameworks give request data. Python's built-in `input` is a
    // source only where it is called (a bare-name pattern below); JS keeps the word.
    const words = new Set(['request', 'req', 'websocket', 'ws', 'FormData', 'formData', 'tool_calls', 'use server', language === 'javascript' ? 'env' : 'environ']);
    if (language === 'javascript') words.add('input');
    const members = new Set<string>();
    /** Python bare-name sources (`input`): the engine matches them only as the callee of a call. */
    const called = new Set<string>();
    this.qualifiedSources = [];
    for (const spec of [...spec_.sources]) {
      if (spec.language && spec.language !== language) continue;
      if (language === 'python' && !spec.pattern.startsWith('.') && spec.pattern.includes('.')) {
        // Python files name these through their imports: the per-file hint adds the local names.
        this.qualifiedSources.push(spec.pattern);
        continue;
      }
      if (language === 'python' && !spec.pattern.includes('.') && !spec.pattern.startsWith('$')) {
        // `forward(self, input)` in PyTorch code is not the built-in: only `input(` (spaces, line continuations or
        // comments before the parenthesis) can be one. Most Python files of ML code name `input` otherwise.
        called.add(spec.pattern);
        continue;
      }
      const parts = spec.pattern.split('.').filter(Boolean);
      // `flask.request.json`: "request" is in the code for sure, "json" is everywhere.
      const last = parts[parts.length - 1];
      const word = GENERIC_MEMBERS.has(last) && parts.length > 1 ? parts[parts.length - 2] : last;
      // A method pattern is written `.name` in code (`chain.run(`), which a dictionary key "run" is not.
      (spec.pattern.startsWith('.') ? members : words).add(word);
    }
    const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const calledPart = called.size ? `|\\b(${[...called].map(escape).join('|')})(?:[\\s\\\\]|#[^\\n]*)*\\(` : '';
    this.sourceHint = new RegExp(`\\b(${[...words].map(escape).join('|')})\\b|\\.\\s*(${[...members].map(escape).join('|')})\\b${calledPart}`);
  }

  /**
   * Words whose absence from a function's text proves it reads no source: the last names of every source
   * pattern plus the request vocabulary, and Python's bare-name sources as calls (`input(`). Functions without
   * them (and not handlers) are skipped.
   */
  readonly sourceHint: RegExp;
  /** Import-qualified source patterns (`flask.request.json`), left out of `sourceHint` for Python; read through `sourcesUnderImport`. */
  private readonly qualifiedSources: string[];

  private readonly underImport = new Map<string, { itself: boolean; members: readonly string[] }>();

  /**
   * What an import of `target` lets a file name of the import-qualified sources: the imported name itself
   * (`from flask import request`: `flask.request` is a source) and the next name after it (`import os`:
   * `environ` of `os.environ`). Asked for every import of every Python file, with the same few modules again
   * and again: answered once per module.
   */
  sourcesUnderImport(target: string): { itself: boolean; members: readonly string[] } {
    let found = this.underImport.get(target);
    if (!found) {
      const prefix = `${target}.`;
      const members = new Set<string>();
      let itself = false;
      for (const pattern of this.qualifiedSources) {
        if (pattern === target) itself = true;
        else if (pattern.startsWith(prefix)) members.add(pattern.slice(prefix.length).split('.')[0]);
      }
      this.underImport.set(target, (found = { itself, members: [...members] }));
    }
    return found;
  }

  /** Whether any spec ends with this name: most calls and reads match none, and skip building a CalleeInfo. */
  mentions(name: string): boolean {
    return this.sources.has(name) || this.sinks.has(name) || this.sanitizers.has(name);
  }

  source(info: CalleeInfo): SourceSpec | undefined {
    return find(this.sources, info)[0];
  }

  sinksFor(info: CalleeInfo): SinkSpec[] {
    return find(this.sinks, info);
  }

  /**
   * Sinks of a statement rather than a call: `$raise` (Python) and `$throw` (JS), whose arguments are the
   * exception's constructor arguments; a `receiver` pattern is matched against the exception's class name.
   */
  statementSinks(keyword: '$raise' | '$throw', className: string | undefined): SinkSpec[] {
    return find(this.sinks, { qualified: undefined, path: keyword, bare: keyword, receiver: className, isVariableCall: false });
  }

  sanitizer(info: CalleeInfo): SanitizerSpec | undefined {
    return find(this.sanitizers, info)[0];
  }
}

function lastName(pattern: string): string {
  // Called for every lookup: no split, no array.
  const dot = pattern.lastIndexOf('.');
  return dot < 0 ? pattern : pattern.slice(dot + 1);
}

function index<T extends { pattern: string; language?: SpecLanguage; receiver?: string }>(specs: readonly T[], language: SpecLanguage): Indexed<T> {
  const map: Indexed<T> = new Map();
  for (const spec of specs) {
    if (spec.language && spec.language !== language) continue;
    const key = lastName(spec.pattern);
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push({ spec, receiver: spec.receiver ? new RegExp(spec.receiver, 'i') : undefined });
  }
  return map;
}

function find<T extends { pattern: string }>(map: Indexed<T>, info: CalleeInfo): T[] {
  if (info.unmatched) return [];
  const found: T[] = [];
  const last = info.qualified ? lastName(info.qualified) : lastName(info.path);
  for (const entry of map.get(last) ?? []) if (matches(entry, info)) found.push(entry.spec);
  if (info.client) {
    const byClient = { ...info, qualified: info.client, client: undefined };
    const clientLast = lastName(info.client);
    for (const entry of map.get(clientLast) ?? []) if (!found.includes(entry.spec) && matches(entry, byClient)) found.push(entry.spec);
  }
  if (info.isVariableCall) {
    for (const entry of map.get('$call') ?? []) if (matches(entry, info)) found.push(entry.spec);
  }
  return found;
}

function matches<T extends { pattern: string }>(entry: Compiled<T>, info: CalleeInfo): boolean {
  const pattern = entry.spec.pattern;
  if (entry.receiver && !(info.receiver !== undefined && entry.receiver.test(info.receiver))) return false;
  if (pattern === '$call') return info.isVariableCall;
  if (pattern.startsWith('.')) {
    const path = `.${info.qualified ?? info.path}`;
    return path.endsWith(pattern) || `.${info.path}`.endsWith(pattern);
  }
  if (pattern.includes('.')) return info.qualified === pattern;
  return info.bare === pattern || info.qualified === pattern;
}
