import * as path from 'node:path';
import { applyEdits as applyJsonEdits, modify, parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';

/** The project configuration file as the editor sees it (the open buffer's text when it is open). */
export interface ProjectFileText {
  filePath: string;
  uri: string;
  text: string;
  /** The open document's version, or null when the edit applies to the file on disk. */
  version: number | null;
}

/**
 * The project file's text with the rule turned off, or undefined when the file's layout is one this
 * edit cannot change safely (the caller then falls back to the settings-based action).
 */
export function disableRuleInProjectFile(file: Pick<ProjectFileText, 'filePath' | 'text'>, ruleId: string): string | undefined {
  const name = path.basename(file.filePath);
  const after = name === '.aisec.json' ? disableInJson(file.text, ruleId) : name === 'pyproject.toml' ? disableInPyproject(file.text, ruleId) : undefined;
  return after !== undefined && after !== file.text && isOff(readRules(name, after), ruleId) ? after : undefined;
}

function readRules(name: string, text: string): unknown {
  try {
    if (name === '.aisec.json') return (JSON.parse(text) as { rules?: unknown }).rules;
    const parsed = parseToml(text) as { tool?: { aisec?: { rules?: unknown } } };
    return parsed.tool?.aisec?.rules;
  } catch {
    return undefined;
  }
}

function isOff(rules: unknown, ruleId: string): boolean {
  if (typeof rules !== 'object' || rules === null) return false;
  const entry = (rules as Record<string, unknown>)[ruleId];
  return entry === 'off' || (typeof entry === 'object' && entry !== null && (entry as { level?: unknown }).level === 'off');
}

function disableInJson(text: string, ruleId: string): string | undefined {
  const errors: ParseError[] = [];
  const root = parseJsonc(text, errors) as unknown;
  if (errors.length > 0 || typeof root !== 'object' || root === null || Array.isArray(root)) return undefined;
  const entry = ((root as { rules?: Record<string, unknown> }).rules ?? {})[ruleId];
  // `{ "level", "options" }` keeps its options: only the level changes.
  const target = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? ['rules', ruleId, 'level'] : ['rules', ruleId];
  const indentation = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const edits = modify(text, target, 'off', {
    formattingOptions: {
      insertSpaces: !indentation.startsWith('\t'),
      tabSize: indentation.startsWith('\t') ? 1 : indentation.length,
      eol: text.includes('\r\n') ? '\r\n' : '\n',
    },
  });
  return applyJsonEdits(text, edits);
}

/** A table header (`[a.b."c"]`, not an array of tables) reduced to its dotted key with plain parts. */
function tableKey(line: string): string | undefined {
  const match = /^\s*\[(?!\[)(.*)\]\s*(#.*)?$/.exec(line);
  if (!match) return undefined;
  const parts: string[] = [];
  const part = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(\.|$)/y;
  const inner = match[1];
  while (part.lastIndex < inner.length) {
    const found = part.exec(inner);
    if (!found) return undefined;
    parts.push(found[1] ?? found[2] ?? found[3]);
    if (found[4] === '') break;
  }
  return parts.join('\u0000');
}

const key = (...parts: string[]) => parts.join('\u0000');

/**
 * Sets `"<id>" = "off"` under `[tool.aisec.rules]` (or `level = "off"` in a `[tool.aisec.rules."<id>"]`
 * table), creating the rules table right after `[tool.aisec]` when it is missing. Line-based on purpose:
 * the rest of the file, its comments and layout stay as they are.
 */
function disableInPyproject(text: string, ruleId: string): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const headers = lines.flatMap((line, index) => {
    const found = tableKey(line);
    return found === undefined ? [] : [{ index, key: found }];
  });
  const tableEnd = (start: number) => {
    const next = headers.find((header) => header.index > start);
    let end = next ? next.index : lines.length;
    // Insert after the table's last content line, not after the blank lines that separate it from the next.
    while (end > start + 1 && lines[end - 1].trim() === '') end--;
    return end;
  };
  const quoted = JSON.stringify(ruleId);
  const set = (index: number, line: string) => lines.splice(index, 1, line);
  const insert = (index: number, ...added: string[]) => lines.splice(index, 0, ...added);

  const ruleTable = headers.find((header) => header.key === key('tool', 'aisec', 'rules', ruleId));
  const rulesTable = headers.find((header) => header.key === key('tool', 'aisec', 'rules'));
  const aisecTable = headers.find((header) => header.key === key('tool', 'aisec'));
  if (ruleTable) {
    const end = tableEnd(ruleTable.index);
    const level = lines.slice(ruleTable.index + 1, end).findIndex((line) => /^\s*level\s*=/.test(line));
    if (level >= 0) set(ruleTable.index + 1 + level, `${indentOf(lines[ruleTable.index + 1 + level])}level = "off"`);
    else insert(ruleTable.index + 1, 'level = "off"');
  } else if (rulesTable) {
    const end = tableEnd(rulesTable.index);
    const escaped = ruleId.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const entry = new RegExp(`^\\s*(["'])${escaped}\\1\\s*=`);
    const existing = lines.slice(rulesTable.index + 1, end).findIndex((line) => entry.test(line));
    if (existing >= 0) set(rulesTable.index + 1 + existing, `${indentOf(lines[rulesTable.index + 1 + existing])}${quoted} = "off"`);
    else insert(end, `${quoted} = "off"`);
  } else if (aisecTable) {
    const end = tableEnd(aisecTable.index);
    insert(end, '', '[tool.aisec.rules]', `${quoted} = "off"`);
  } else {
    return undefined;
  }
  return lines.join(eol);
}

function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? '';
}
