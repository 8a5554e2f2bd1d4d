import { parse as parseToml, TomlError } from 'smol-toml';
import type { SourceText } from '../source-text';
import type { Range } from '../types';
import { normalizePackageName, type ParseProblem } from './requirements';

/**
 * pyproject.toml dependencies: PEP 621 `[project].dependencies` and `[project.optional-dependencies]`,
 * PEP 735 `[dependency-groups]`, and Poetry's `[tool.poetry.dependencies]` / group tables. Values come from
 * smol-toml; positions from a scan of the text, since the parser gives none.
 */

export interface PyprojectDependency {
  name: string;
  normalizedName: string;
  /** PEP 508 specifier or Poetry constraint as written (`>=2`, `*`), empty when none. */
  constraint: string;
  /** For Poetry git dependencies: the pinned `rev`, or undefined. */
  git?: { url: string; rev: string | undefined };
  /** A local path, URL or direct reference: nothing to pin in a registry. */
  direct: boolean;
  /** `project.dependencies`, `tool.poetry.group.dev.dependencies`, … */
  table: string;
  range: Range;
  /**
   * Where a version constraint goes, when it can be placed exactly: an insertion point after the name and extras
   * inside a PEP 508 string (`pep508`: insert `>=1.2`), or a Poetry version string to replace (`poetry`: `"^1.2"`).
   */
  constraintEdit?: { range: Range; style: 'pep508' | 'poetry' };
}

export interface PyprojectManifest {
  dependencies: PyprojectDependency[];
  problems: ParseProblem[];
}

type TomlTable = Record<string, unknown>;

export function parsePyproject(source: SourceText): PyprojectManifest {
  const manifest: PyprojectManifest = { dependencies: [], problems: [] };
  let data: TomlTable;
  try {
    data = parseToml(source.text) as TomlTable;
  } catch (error) {
    const line = error instanceof TomlError ? Math.max(0, error.line - 1) : 0;
    const reason = (error as Error).message.split('\n')[0];
    manifest.problems.push({ message: `pyproject.toml is not valid TOML: ${reason}`, range: source.lineRange(line) });
    return manifest;
  }
  const locator = new TableLocator(source);
  const project = table(data.project);
  for (const requirement of stringArray(project?.dependencies)) {
    addPep508(manifest, locator, 'project', 'dependencies', requirement);
  }
  for (const [group, list] of Object.entries(table(project?.['optional-dependencies']) ?? {})) {
    for (const requirement of stringArray(list)) addPep508(manifest, locator, 'project.optional-dependencies', group, requirement);
  }
  for (const [group, list] of Object.entries(table(data['dependency-groups']) ?? {})) {
    for (const requirement of stringArray(list)) addPep508(manifest, locator, 'dependency-groups', group, requirement);
  }
  const poetry = table(table(data.tool)?.poetry);
  const poetryTables: [string, TomlTable | undefined][] = [
    ['tool.poetry.dependencies', table(poetry?.dependencies)],
    ['tool.poetry.dev-dependencies', table(poetry?.['dev-dependencies'])],
  ];
  for (const [group, body] of Object.entries(table(poetry?.group) ?? {})) {
    poetryTables.push([`tool.poetry.group.${group}.dependencies`, table(table(body)?.dependencies)]);
  }
  for (const [tableName, dependencies] of poetryTables) {
    for (const [name, value] of Object.entries(dependencies ?? {})) {
      if (name.toLowerCase() === 'python') continue;
      addPoetry(manifest, locator, tableName, name, value);
    }
  }
  return manifest;
}

function table(value: unknown): TomlTable | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as TomlTable) : undefined;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function addPep508(manifest: PyprojectManifest, locator: TableLocator, tableName: string, key: string, requirement: string): void {
  const name = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(requirement)?.[1];
  if (!name) return;
  const rest = requirement.slice(requirement.indexOf(name) + name.length).replace(/^\s*\[[^\]]*\]/, '');
  const beforeMarker = rest.split(';')[0].trim();
  const direct = beforeMarker.startsWith('@');
  const range = locator.stringInArray(tableName, key, requirement);
  const located = range.start.line === range.end.line && range.end.character - range.start.character === requirement.length + 2;
  const nameAndExtras = /^\s*[A-Za-z0-9._-]+\s*(\[[^\]]*\])?/.exec(requirement)?.[0] ?? name;
  const at = { line: range.start.line, character: range.start.character + 1 + nameAndExtras.length };
  manifest.dependencies.push({
    name,
    normalizedName: normalizePackageName(name),
    constraint: direct ? '' : beforeMarker.replace(/^\((.*)\)$/, '$1').trim(),
    direct,
    table: `${tableName}.${key}`,
    range,
    constraintEdit: located ? { range: { start: at, end: at }, style: 'pep508' } : undefined,
  });
}

function addPoetry(manifest: PyprojectManifest, locator: TableLocator, tableName: string, name: string, value: unknown): void {
  const range = locator.key(tableName, name);
  const base = { name, normalizedName: normalizePackageName(name), table: tableName, range };
  if (typeof value === 'string') {
    const valueRange = locator.valueAfter(range, /^\s*=\s*/);
    manifest.dependencies.push({ ...base, constraint: value.trim(), direct: false, constraintEdit: valueRange && { range: valueRange, style: 'poetry' } });
    return;
  }
  // Several constraints for different markers: each entry is a table.
  const entries = Array.isArray(value) ? value.map(table) : [table(value)];
  for (const entry of entries) {
    if (!entry) continue;
    if (typeof entry.git === 'string') {
      const rev = typeof entry.rev === 'string' ? entry.rev : undefined;
      manifest.dependencies.push({ ...base, constraint: '', direct: true, git: { url: entry.git, rev } });
    } else if (typeof entry.path === 'string' || typeof entry.url === 'string') {
      manifest.dependencies.push({ ...base, constraint: '', direct: true });
    } else {
      const valueRange = entries.length === 1 ? locator.valueAfter(range, /^\s*=\s*\{.*?\bversion\s*=\s*/) : undefined;
      manifest.dependencies.push({
        ...base,
        constraint: typeof entry.version === 'string' ? entry.version.trim() : '',
        direct: false,
        constraintEdit: valueRange && { range: valueRange, style: 'poetry' },
      });
    }
  }
}

/**
 * Finds where keys and array strings sit in the text, by table: good enough for the layouts people write
 * (`[project]` with `dependencies = [...]`, `[tool.poetry.dependencies]` with `name = ...`). When a value
 * cannot be located the table header (or the first line) is used.
 */
class TableLocator {
  private readonly headers = new Map<string, number>();
  private readonly used = new Set<number>();

  constructor(private readonly source: SourceText) {
    for (let line = 0; line < source.lineCount; line++) {
      const header = /^\s*\[([^[\]]+)\]\s*(#.*)?$/.exec(source.lineText(line));
      if (header) this.headers.set(header[1].replace(/\s+/g, '').replace(/"/g, ''), line);
    }
  }

  private tableLines(name: string): { start: number; end: number } | undefined {
    const start = this.headers.get(name);
    if (start === undefined) return undefined;
    let end = this.source.lineCount;
    for (const line of this.headers.values()) if (line > start && line < end) end = line;
    return { start, end };
  }

  private fallback(tableName: string): Range {
    const line = this.headers.get(tableName) ?? this.headers.get(tableName.split('.').slice(0, -1).join('.')) ?? 0;
    return this.source.lineRange(line);
  }

  /** The range of a quoted string inside `key = [ ... ]` of a table (or of `[table.key]`'s parent). */
  stringInArray(tableName: string, key: string, value: string): Range {
    const lines = this.tableLines(tableName);
    if (!lines) return this.fallback(tableName);
    const keyPattern = new RegExp(`^\\s*("?)${escape(key)}\\1\\s*=\\s*\\[`);
    let inArray = false;
    for (let line = lines.start + 1; line < lines.end; line++) {
      const text = this.source.lineText(line);
      let from = 0;
      if (!inArray) {
        const match = keyPattern.exec(text);
        if (!match) continue;
        inArray = true;
        from = match[0].length;
      }
      for (const quote of ['"', "'"]) {
        const needle = `${quote}${value}${quote}`;
        const at = text.indexOf(needle, from);
        if (at >= 0 && !this.used.has(this.source.lineStart(line) + at)) {
          this.used.add(this.source.lineStart(line) + at);
          return { start: { line, character: at }, end: { line, character: at + needle.length } };
        }
      }
      if (/^[^#"']*\]/.test(text.slice(from)) && !/["']/.test(text.slice(from))) inArray = false;
    }
    return this.fallback(tableName);
  }

  /** The range of the quoted string that follows `prefix` right after a key's range on its line. */
  valueAfter(keyRange: Range, prefix: RegExp): Range | undefined {
    const line = keyRange.end.line;
    const rest = this.source.lineText(line).slice(keyRange.end.character);
    const lead = prefix.exec(rest);
    if (!lead) return undefined;
    const quoted = /^("[^"\\]*"|'[^']*')/.exec(rest.slice(lead[0].length));
    if (!quoted) return undefined;
    const start = keyRange.end.character + lead[0].length;
    return { start: { line, character: start }, end: { line, character: start + quoted[0].length } };
  }

  /** The range of `name` in `name = ...` inside a table. */
  key(tableName: string, name: string): Range {
    const lines = this.tableLines(tableName);
    if (!lines) return this.fallback(tableName);
    const pattern = new RegExp(`^(\\s*)(["']?)${escape(name)}\\2\\s*=`);
    for (let line = lines.start + 1; line < lines.end; line++) {
      const match = pattern.exec(this.source.lineText(line));
      if (match) {
        const start = match[1].length;
        return { start: { line, character: start }, end: { line, character: start + name.length + match[2].length * 2 } };
      }
    }
    return this.fallback(tableName);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
