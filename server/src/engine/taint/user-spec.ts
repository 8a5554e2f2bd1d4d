import type { SanitizerSpec, SinkSpec, SourceSpec, TaintSpec } from './spec';

/**
 * The `taint` configuration key: users extend the built-in specs with their own wrappers, as data.
 *
 * ```json
 * "taint": {
 *   "sources":    [{ "pattern": "myapp.http.body", "label": "request", "language": "python" }],
 *   "sinks":      [{ "pattern": ".run_sql", "kind": "sql", "argument": 0 }],
 *   "sanitizers": [{ "pattern": "myapp.safety.clean_prompt", "clears": ["prompt-system"] },
 *                  { "pattern": "myapp.schemas.validate_request", "validates": true, "bounds": true }]
 * }
 * ```
 * Invalid entries are skipped with a problem message each; they never stop the analysis.
 */
export interface UserSpecResult {
  spec: TaintSpec;
  problems: string[];
}

const LANGUAGES = new Set(['python', 'javascript']);
const WHEN = new Set(['shell', 'write-mode', 'unsafe-yaml', 'unsafe-html']);

export function readUserSpec(raw: unknown): UserSpecResult {
  const spec: TaintSpec = { sources: [], sinks: [], sanitizers: [] };
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { spec, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { spec, problems: ['taint: must be an object with "sources", "sinks" and/or "sanitizers"'] };
  const object = raw as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!['sources', 'sinks', 'sanitizers'].includes(key)) problems.push(`taint: unknown key "${key}" (expected sources, sinks, sanitizers)`);
  }
  readList(object.sources, 'sources', problems, (entry, where) => {
    const base = common(entry, where, problems);
    if (!base) return;
    if (typeof entry.label !== 'string' || !entry.label) return void problems.push(`${where}: "label" must be a non-empty string`);
    spec.sources.push({ ...base, label: entry.label } as SourceSpec);
  });
  readList(object.sinks, 'sinks', problems, (entry, where) => {
    const base = common(entry, where, problems);
    if (!base) return;
    if (typeof entry.kind !== 'string' || !entry.kind) return void problems.push(`${where}: "kind" must be a non-empty string`);
    const argument = entry.argument;
    if (argument !== undefined && !(typeof argument === 'string' || (typeof argument === 'number' && Number.isInteger(argument) && argument >= 0))) {
      return void problems.push(`${where}: "argument" must be a position (0, 1...), a keyword or property name, or "any"`);
    }
    if (entry.when !== undefined && !WHEN.has(entry.when as string)) return void problems.push(`${where}: "when" must be one of ${[...WHEN].join(', ')}`);
    spec.sinks.push({ ...base, kind: entry.kind, argument: argument as SinkSpec['argument'], when: entry.when as SinkSpec['when'] });
  });
  readList(object.sanitizers, 'sanitizers', problems, (entry, where) => {
    const base = common(entry, where, problems);
    if (!base) return;
    const clears = entry.clears;
    if (clears !== undefined && !(Array.isArray(clears) && clears.every((c) => typeof c === 'string'))) {
      return void problems.push(`${where}: "clears" must be a list of sink kinds (or ["*"])`);
    }
    if (clears === undefined && entry.validates !== true && entry.bounds !== true) {
      return void problems.push(`${where}: a sanitizer needs "clears", "validates": true or "bounds": true`);
    }
    spec.sanitizers.push({ ...base, clears: clears as string[] | undefined, validates: entry.validates === true, bounds: entry.bounds === true } as SanitizerSpec);
  });
  return { spec, problems };
}

function readList(value: unknown, name: string, problems: string[], read: (entry: Record<string, unknown>, where: string) => void): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) return void problems.push(`taint.${name}: must be a list`);
  value.forEach((entry, i) => {
    const where = `taint.${name}[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return void problems.push(`${where}: must be an object`);
    read(entry as Record<string, unknown>, where);
  });
}

function common(entry: Record<string, unknown>, where: string, problems: string[]): { pattern: string; language?: 'python' | 'javascript'; receiver?: string } | undefined {
  const { pattern, language, receiver } = entry;
  if (typeof pattern !== 'string' || !/^(\$call|\.?[\w$@/-]+(\.[\w$-]+)*)$/.test(pattern)) {
    problems.push(`${where}: "pattern" must be a dotted name like "pkg.func", ".method" or "func"`);
    return undefined;
  }
  if (language !== undefined && !LANGUAGES.has(language as string)) {
    problems.push(`${where}: "language" must be "python" or "javascript"`);
    return undefined;
  }
  if (receiver !== undefined) {
    if (typeof receiver !== 'string') return void problems.push(`${where}: "receiver" must be a regular expression string`);
    try {
      new RegExp(receiver, 'i');
    } catch {
      problems.push(`${where}: "receiver" is not a valid regular expression`);
      return undefined;
    }
  }
  return { pattern, language: language as 'python' | 'javascript' | undefined, receiver: receiver as string | undefined };
}

/**
 * Whether the configuration adds taint sources or sinks (not only sanitizers, which can only remove flows). Then
 * any text may hold a flow, so the words derived from the built-in specification (words.ts) prove nothing: the
 * prefilter and the engine's gate stand aside.
 */
export function extendsTaintFlows(raw: unknown): boolean {
  if (raw === undefined || raw === null) return false;
  const { spec } = readUserSpec(raw);
  return spec.sources.length + spec.sinks.length > 0;
}
