import { maskSecret } from '../mask';
import type { SourceText } from '../source-text';
import type { Range } from '../types';

/**
 * A parser for pip's requirements-file format (requirements*.txt, constraints*.txt): comments, `\`
 * continuations, `-r`/`-c` includes, global options, per-requirement options (`--hash`), environment
 * markers, extras, and URL, VCS and path requirements. It keeps the source range of every part so that
 * findings point at the physical line that names a package. It never follows includes: the editor shows
 * one file, and the CLI scans each file on its own.
 */

export interface PipRequirement {
  /** The project name as written (`Torch`), or the `#egg=` name of a URL requirement, or undefined. */
  name: string | undefined;
  /** PEP 503 normalised name (`torch`, `typing-extensions`). */
  normalizedName: string | undefined;
  /** Range of the name (or of the URL/path when there is no name). */
  nameRange: Range;
  /** Version specifiers as written (`>=1.0,<2`), empty when none. */
  specifier: string;
  /** False when the specifier could not be read (reported as a parse problem). */
  specifierValid: boolean;
  specifierRange: Range | undefined;
  /** Where `==<version>` goes when pinning: after the name and extras (replacing the specifier if any). */
  pinRange: Range;
  extras: string[];
  marker: string | undefined;
  /** For URL, VCS and path requirements (`git+https://…`, `name @ https://…`, `./pkg`). */
  url: string | undefined;
  editable: boolean;
  /** Values of `--hash` options on the requirement's line. */
  hashes: string[];
  /** Whole logical line's range (first physical line to last). */
  range: Range;
}

export interface PipOption {
  /** Long name with dashes (`--extra-index-url`); short forms are expanded (`-i` → `--index-url`). */
  name: string;
  value: string | undefined;
  /** Range of the option and its value. */
  range: Range;
  valueRange: Range | undefined;
}

export interface PipInclude {
  kind: 'requirement' | 'constraint';
  path: string;
  range: Range;
}

export interface ParseProblem {
  message: string;
  range: Range;
}

export interface RequirementsFile {
  requirements: PipRequirement[];
  options: PipOption[];
  includes: PipInclude[];
  problems: ParseProblem[];
}

const SHORT_OPTIONS: Record<string, string> = {
  '-i': '--index-url',
  '-f': '--find-links',
  '-r': '--requirement',
  '-c': '--constraint',
  '-e': '--editable',
  '-Z': '--always-unzip',
};

/** Options that take a value; others are flags. */
const VALUE_OPTIONS = new Set([
  '--index-url',
  '--extra-index-url',
  '--find-links',
  '--trusted-host',
  '--requirement',
  '--constraint',
  '--editable',
  '--no-binary',
  '--only-binary',
  '--use-feature',
  '--hash',
  '--global-option',
  '--config-settings',
  '--install-option',
]);

/** PEP 503: runs of `-`, `_` and `.` are one `-`, case-insensitive. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A logical line: physical lines joined at `\` continuations, with a map back to source offsets. */
interface LogicalLine {
  text: string;
  /** For each character of `text`, its offset in the source. */
  offsets: number[];
  endOffset: number;
}

function logicalLines(source: SourceText): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let current: LogicalLine | undefined;
  for (let line = 0; line < source.lineCount; line++) {
    const text = source.lineText(line);
    const start = source.lineStart(line);
    const continued = /(^|[^\\])\\$/.test(text) || text === '\\';
    const body = continued ? text.slice(0, -1) : text;
    if (!current) current = { text: '', offsets: [], endOffset: start };
    for (let i = 0; i < body.length; i++) {
      current.text += body[i];
      current.offsets.push(start + i);
    }
    current.endOffset = start + body.length;
    // A comment line ends a continuation, as in pip.
    if (!continued || /^\s*#/.test(body)) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Strips a comment: `#` at the start or after whitespace (a `#` inside a URL fragment is kept). */
function commentStart(text: string): number {
  const match = /(^|\s)#/.exec(text);
  return match ? match.index + match[1].length : text.length;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const VCS_SCHEME = /^(git|hg|svn|bzr)\+/i;
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;

export function parseRequirements(source: SourceText): RequirementsFile {
  const file: RequirementsFile = { requirements: [], options: [], includes: [], problems: [] };
  for (const line of logicalLines(source)) {
    const end = commentStart(line.text);
    parseLine(line, line.text.slice(0, end), source, file);
  }
  return file;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  const result: Token[] = [];
  const pattern = /\S+/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    result.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return result;
}

function parseLine(line: LogicalLine, text: string, source: SourceText, file: RequirementsFile): void {
  const rangeOf = (start: number, end: number): Range => {
    const startOffset = line.offsets[start] ?? line.endOffset;
    const endOffset = end > 0 ? (line.offsets[end - 1] ?? line.endOffset - 1) + 1 : startOffset;
    return source.rangeOf(startOffset, endOffset);
  };
  const parts = tokens(text);
  if (parts.length === 0) return;

  if (parts[0].text.startsWith('-')) {
    // A line of global options (or an include / editable requirement).
    for (let i = 0; i < parts.length; i++) {
      const option = readOption(parts, i);
      if (!option) {
        file.problems.push({ message: `unexpected "${parts[i].text}" among options`, range: rangeOf(parts[i].start, parts[i].end) });
        return;
      }
      i = option.lastIndex;
      const range = rangeOf(option.start, option.end);
      const valueRange = option.value !== undefined ? rangeOf(option.valueStart, option.end) : undefined;
      if (VALUE_OPTIONS.has(option.name) && option.value === undefined) {
        file.problems.push({ message: `option ${option.name} needs a value`, range });
        continue;
      }
      if (option.name === '--requirement' || option.name === '--constraint') {
        file.includes.push({ kind: option.name === '--requirement' ? 'requirement' : 'constraint', path: option.value ?? '', range });
      } else if (option.name === '--editable') {
        file.requirements.push(parseRequirement(text, option.valueStart, rangeOf, true, file));
        return;
      } else {
        file.options.push({ name: option.name, value: option.value, range, valueRange });
      }
    }
    return;
  }
  file.requirements.push(parseRequirement(text, parts[0].start, rangeOf, false, file));
}

interface ReadOption {
  name: string;
  value: string | undefined;
  start: number;
  valueStart: number;
  end: number;
  lastIndex: number;
}

function readOption(parts: Token[], index: number): ReadOption | undefined {
  const token = parts[index];
  if (!token.text.startsWith('-')) return undefined;
  let name = token.text;
  let value: string | undefined;
  let valueStart = token.end;
  let end = token.end;
  let lastIndex = index;
  const equals = name.indexOf('=');
  if (name.startsWith('--') && equals > 0) {
    value = name.slice(equals + 1);
    valueStart = token.start + equals + 1;
    name = name.slice(0, equals);
  } else if (!name.startsWith('--') && name.length > 2) {
    // `-rbase.txt`, `-ehttps://…`
    value = name.slice(2);
    valueStart = token.start + 2;
    name = name.slice(0, 2);
  }
  name = SHORT_OPTIONS[name] ?? name;
  if (value === undefined && VALUE_OPTIONS.has(name) && parts[index + 1]) {
    value = parts[index + 1].text;
    valueStart = parts[index + 1].start;
    end = parts[index + 1].end;
    lastIndex = index + 1;
  }
  return { name, value, start: token.start, valueStart, end, lastIndex };
}

function parseRequirement(
  text: string,
  start: number,
  rangeOf: (start: number, end: number) => Range,
  editable: boolean,
  file: RequirementsFile,
): PipRequirement {
  // Per-requirement options (`--hash=…`) follow the requirement after whitespace.
  const optionAt = /\s--?[A-Za-z]/.exec(text.slice(start));
  const requirementEnd = optionAt ? start + optionAt.index : text.length;
  const hashes: string[] = [];
  if (optionAt) {
    const parts = tokens(text).filter((t) => t.start >= requirementEnd);
    for (let i = 0; i < parts.length; i++) {
      const option = readOption(parts, i);
      if (!option) continue;
      i = option.lastIndex;
      if (option.name === '--hash' && option.value) hashes.push(option.value);
    }
  }
  const body = text.slice(start, requirementEnd).trimEnd();
  const bodyEnd = start + body.length;
  const whole = rangeOf(start, Math.max(text.trimEnd().length, start));
  const base = {
    hashes,
    editable,
    range: { start: rangeOf(0, 0).start, end: whole.end },
  };

  const isPath = /^(\.{1,2}[\\/]|[\\/]|~|[A-Za-z]:[\\/])/.test(body) || body === '.' || /\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/i.test(body);
  if (URL_SCHEME.test(body) || VCS_SCHEME.test(body) || isPath) {
    // A URL or path requirement; markers need whitespace before `;` here, as in pip.
    const markerAt = body.search(/\s;/);
    const url = (markerAt >= 0 ? body.slice(0, markerAt) : body).trim();
    const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url)?.[1];
    const urlRange = rangeOf(start, start + url.length);
    return {
      ...base,
      name: egg,
      normalizedName: egg ? normalizePackageName(egg) : undefined,
      nameRange: urlRange,
      specifier: '',
      specifierValid: true,
      specifierRange: undefined,
      pinRange: urlRange,
      extras: [],
      marker: markerAt >= 0 ? body.slice(markerAt).replace(/^\s*;/, '').trim() : undefined,
      url,
    };
  }

  const name = NAME.exec(body)?.[0];
  if (!name) {
    file.problems.push({ message: `cannot read a requirement from "${body}"`, range: rangeOf(start, bodyEnd) });
    return {
      ...base,
      name: undefined,
      normalizedName: undefined,
      nameRange: rangeOf(start, bodyEnd),
      specifier: '',
      specifierValid: true,
      specifierRange: undefined,
      pinRange: rangeOf(start, bodyEnd),
      extras: [],
      marker: undefined,
      url: undefined,
    };
  }
  let cursor = start + name.length;
  const nameRange = rangeOf(start, cursor);
  let extras: string[] = [];
  const extrasMatch = /^\s*\[([^\]]*)\]/.exec(text.slice(cursor, bodyEnd));
  if (extrasMatch) {
    extras = extrasMatch[1].split(',').map((e) => e.trim()).filter(Boolean);
    cursor += extrasMatch[0].length;
  }
  const afterName = cursor;
  const semicolon = text.indexOf(';', cursor);
  const specEnd = semicolon >= 0 && semicolon < bodyEnd ? semicolon : bodyEnd;
  const marker = semicolon >= 0 && semicolon < bodyEnd ? text.slice(semicolon + 1, bodyEnd).trim() : undefined;
  const rawSpec = text.slice(cursor, specEnd);
  const at = /^\s*@\s*(\S+)/.exec(rawSpec);
  if (at) {
    // PEP 508 direct reference: `name @ https://…`.
    const url = at[1];
    const urlStart = cursor + rawSpec.indexOf(url);
    return {
      ...base,
      name,
      normalizedName: normalizePackageName(name),
      nameRange,
      specifier: '',
      specifierValid: true,
      specifierRange: undefined,
      pinRange: rangeOf(afterName, urlStart + url.length),
      extras,
      marker,
      url,
    };
  }
  const specifier = rawSpec.trim().replace(/^\((.*)\)$/, '$1').trim();
  const specStart = specifier ? cursor + rawSpec.indexOf(rawSpec.trim()) : afterName;
  const specRange = specifier ? rangeOf(specStart, specStart + rawSpec.trim().length) : undefined;
  const specifierValid = !specifier || /^(~=|===?|!=|<=?|>=?)/.test(specifier);
  if (!specifierValid) {
    file.problems.push({ message: `cannot read the version specifier "${specifier}" of ${name}`, range: specRange ?? nameRange });
  }
  return {
    ...base,
    name,
    normalizedName: normalizePackageName(name),
    nameRange,
    specifier,
    specifierValid,
    specifierRange: specRange,
    pinRange: specRange ?? { start: rangeOf(afterName, afterName).start, end: rangeOf(afterName, afterName).start },
    extras,
    marker,
    url: undefined,
  };
}

/** Whether a specifier pins one exact version (`==1.2.3`, `===1.2.3`); `==1.*` does not. */
export function isExactPin(specifier: string): boolean {
  return specifier.split(',').some((clause) => /^\s*===?\s*[^*\s]+\s*$/.test(clause) && !/\.\*\s*$/.test(clause));
}

/** Whether a VCS or archive URL names an immutable artifact: a commit hash after `@`, or a hash fragment. */
export function isImmutableUrl(url: string): boolean {
  if (/[#&](sha256|sha384|sha512|md5|sha1)=[0-9a-f]+/i.test(url)) return true;
  if (VCS_SCHEME.test(url)) {
    const withoutFragment = url.split('#')[0];
    const path = withoutFragment.replace(/^[^:]+:\/\/[^/]*/, '');
    const ref = path.includes('@') ? path.slice(path.lastIndexOf('@') + 1) : undefined;
    return ref !== undefined && /^[0-9a-f]{7,40}$/i.test(ref);
  }
  return false;
}

/** Whether a URL or path requirement points at the local file system (nothing to pin). */
export function isLocalReference(url: string): boolean {
  return !URL_SCHEME.test(url) || /^file:/i.test(url);
}

/** A URL for display: credentials in it (`https://user:token@host/`) are masked, never printed in full. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@\s]+)@/i, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    const secret = colon >= 0 ? userinfo.slice(colon + 1) : userinfo;
    const user = colon >= 0 ? userinfo.slice(0, colon) + ':' : '';
    return `${scheme}${user}${maskSecret(secret)}@`;
  });
}
