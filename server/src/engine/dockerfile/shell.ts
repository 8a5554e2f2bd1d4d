import type { Instruction, JSONInstruction, Run } from 'dockerfile-ast';
import type { Node } from 'web-tree-sitter';
import { parseText } from '../parsing/parse';
import { decodeJsonString } from './instructions';
import { SourceText } from '../source-text';
import type { Range } from '../types';

/**
 * Shell commands inside RUN and shell-form CMD/ENTRYPOINT, parsed with tree-sitter-bash so rules look at
 * real commands (`curl ... | sh`) rather than at substrings (`echo curl | sh`). Line continuations (with
 * the file's escape character) and comment lines inside them are blanked out before parsing so that every
 * offset in the parsed script maps one to one onto the Dockerfile; heredoc bodies run by a shell are
 * parsed as scripts of their own; exec-form JSON arrays become one command (and `sh -c "..."` is parsed).
 */

export interface ShellWord {
  /** The word's value with quotes removed; expansions (`$X`, `$(...)`) are kept as written. */
  value: string;
  /** True when the value contains an expansion the build would substitute. */
  dynamic: boolean;
  range: Range;
}

export interface ShellAssignment {
  name: string;
  value: ShellWord | undefined;
  range: Range;
}

export interface ShellRedirect {
  operator: string;
  target: ShellWord | undefined;
}

export interface ShellCommand {
  /** The program run, after unwrapping `sudo`, `env`, `exec` and the like: `pip`, `curl`, `apt-get`. */
  name: string;
  /** The name as written (path included), e.g. `/usr/bin/curl`. */
  rawName: ShellWord;
  /** Arguments after the program name. */
  args: ShellWord[];
  /** Wrappers stripped to find `name`, in order (`sudo`, `env`). */
  wrappers: ShellWord[];
  /** `VAR=value` words before the command (or given to `env`). */
  assignments: ShellAssignment[];
  redirects: ShellRedirect[];
  /** The commands of the pipeline this command is part of (itself included), in order. */
  pipeline: ShellCommand[];
  range: Range;
  instruction: Instruction;
}

export interface ShellScript {
  instruction: Instruction;
  commands: ShellCommand[];
  /** Assignments that stand alone or follow `export`/`declare`: `export GIT_SSL_NO_VERIFY=1`. */
  assignments: ShellAssignment[];
}

const WRAPPERS = new Set(['sudo', 'doas', 'env', 'exec', 'nohup', 'time', 'nice', 'command', 'gosu', 'su-exec', 'chroot']);
/** Wrapper options that take a value (`sudo -u user`). */
const WRAPPER_OPTIONS_WITH_VALUE = new Set(['-u', '-g', '-C', '-h', '-p', '-U', '-n', '--user', '--group']);
const NON_POSIX_SHELL = /(^|[\\/])(powershell|pwsh|cmd)(\.exe)?$/i;

/** Parses the shell of one instruction; undefined for instructions that run no shell or an unknown shell. */
export function parseInstructionShell(
  instruction: Instruction,
  source: SourceText,
  shell: string[] | undefined,
  escape = '\\',
): ShellScript | undefined {
  const keyword = instruction.getKeyword();
  if (keyword !== 'RUN' && keyword !== 'CMD' && keyword !== 'ENTRYPOINT') return undefined;
  const script: ShellScript = { instruction, commands: [], assignments: [] };
  const argsRange = instruction.getArgumentsRange();
  if (!argsRange) return script;
  const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
  const raw = instruction.getRawArgumentsContent() ?? '';
  if (json.length > 0 && raw.trimStart().startsWith('[')) {
    collectExecForm(instruction, json, source, script);
    return script;
  }
  if (shell && shell.length > 0 && NON_POSIX_SHELL.test(shell[0])) return undefined;
  const start = source.offsetAt(argsRange.start);
  const end = source.offsetAt(argsRange.end);
  const heredocs = keyword === 'RUN' ? ((instruction as Run).getHeredocs?.() ?? []) : [];
  if (heredocs.length === 0) {
    const body = blankContinuations(source.text.slice(start, end), escape);
    parseScript(body, start, source, instruction, script);
    return script;
  }
  // With heredocs, the first line holds the command; each body is a script when that command is a shell.
  const firstLineEnd = source.offsetAt({ line: argsRange.start.line, character: source.lineText(argsRange.start.line).length });
  const firstLine = source.text.slice(start, firstLineEnd);
  parseScript(firstLine, start, source, instruction, script);
  const command = firstLine.replace(/<<-?\s*(["']?)[A-Za-z_][\w-]*\1/g, '').trim();
  if (command === '' || /^(\S*\/)?(ba|da|z|k|a)?sh(\s+-\w+)*\s*$/.test(command)) {
    for (const heredoc of heredocs) {
      const content = heredoc.getContentRange();
      if (!content) continue;
      const from = source.offsetAt(content.start);
      parseScript(source.text.slice(from, source.offsetAt(content.end)), from, source, instruction, script);
    }
  }
  return script;
}

/**
 * Replaces each escape-newline continuation and each comment line inside a continued instruction with
 * spaces of the same length, so the result is one shell line whose offsets equal the original's.
 */
export function blankContinuations(body: string, escape: string): string {
  const lines = body.split(/(?<=\n)/);
  let out = '';
  lines.forEach((line, index) => {
    const content = line.replace(/\r?\n$/, '');
    const eol = line.slice(content.length);
    if (index > 0 && /^\s*#/.test(content)) {
      out += ' '.repeat(line.length);
      return;
    }
    const trailing = new RegExp(`${escapeRegExp(escape)}[ \\t]*$`).exec(content);
    const kept = trailing && eol ? content.slice(0, trailing.index) + ' '.repeat(content.length - trailing.index) : content;
    out += kept + ' '.repeat(eol.length);
  });
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseScript(body: string, baseOffset: number, source: SourceText, instruction: Instruction, script: ShellScript): void {
  if (!body.trim()) return;
  const local = new SourceText(body);
  const toRange = (node: Node): Range => ({
    start: source.positionAt(baseOffset + local.offsetAt({ line: node.startPosition.row, character: node.startPosition.column })),
    end: source.positionAt(baseOffset + local.offsetAt({ line: node.endPosition.row, character: node.endPosition.column })),
  });
  const tree = parseText('bash', body, undefined, 1_000);
  try {
    visit(tree.rootNode, { toRange, instruction, script, pipeline: undefined });
  } finally {
    tree.delete();
  }
}

interface VisitState {
  toRange: (node: Node) => Range;
  instruction: Instruction;
  script: ShellScript;
  pipeline: ShellCommand[] | undefined;
}

function visit(node: Node, state: VisitState): void {
  switch (node.type) {
    case 'command': {
      const command = buildCommand(node, state, []);
      if (command) state.script.commands.push(command);
      for (const child of node.namedChildren) if (child && child.type === 'command_substitution') visit(child, { ...state, pipeline: undefined });
      for (const child of node.namedChildren) {
        if (child && (child.type === 'string' || child.type === 'concatenation')) visitSubstitutions(child, state);
      }
      return;
    }
    case 'redirected_statement': {
      const body = node.childForFieldName('body');
      const redirects = node.namedChildren.filter((c): c is Node => !!c && c !== body && /redirect$/.test(c.type));
      if (body?.type === 'command') {
        const command = buildCommand(body, state, redirects);
        if (command) state.script.commands.push(command);
        for (const child of body.namedChildren) if (child && child.type === 'command_substitution') visit(child, { ...state, pipeline: undefined });
        return;
      }
      if (!body) return;
      // tree-sitter-bash parses `a && b > f` as a redirect of the whole list; the shell applies it to `b` only.
      const before = state.script.commands.length;
      visit(body, state);
      const last = state.script.commands.length > before ? state.script.commands[state.script.commands.length - 1] : undefined;
      if (last) last.redirects.push(...redirects.map((r) => redirectOf(r, state)));
      return;
    }
    case 'pipeline': {
      const members: ShellCommand[] = [];
      for (const child of node.namedChildren) if (child) visit(child, { ...state, pipeline: members });
      return;
    }
    case 'variable_assignment': {
      state.script.assignments.push(assignmentOf(node, state));
      return;
    }
    case 'heredoc_body':
      return;
    default:
      for (const child of node.namedChildren) if (child) visit(child, { ...state, pipeline: undefined });
  }
}

function visitSubstitutions(node: Node, state: VisitState): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'command_substitution') visit(child, { ...state, pipeline: undefined });
    else if (child.type === 'string' || child.type === 'concatenation') visitSubstitutions(child, state);
  }
}

function buildCommand(node: Node, state: VisitState, redirectNodes: Node[]): ShellCommand | undefined {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return undefined;
  const assignments: ShellAssignment[] = [];
  const redirects: ShellRedirect[] = redirectNodes.map((r) => redirectOf(r, state));
  const words: ShellWord[] = [wordOf(nameNode, state)];
  for (const child of node.namedChildren) {
    if (!child || child.equals(nameNode)) continue;
    if (child.type === 'variable_assignment') assignments.push(assignmentOf(child, state));
    else if (/redirect$/.test(child.type)) redirects.push(redirectOf(child, state));
    else if (child.startIndex > nameNode.startIndex) words.push(wordOf(child, state));
  }
  const wrappers: ShellWord[] = [];
  let index = 0;
  while (index < words.length - 1 && WRAPPERS.has(basename(words[index].value))) {
    const wrapper = basename(words[index].value);
    wrappers.push(words[index]);
    index++;
    while (index < words.length - 1) {
      const word = words[index].value;
      if (wrapper === 'env' && /^[A-Za-z_]\w*=/.test(word)) {
        const eq = word.indexOf('=');
        const range = words[index].range;
        assignments.push({ name: word.slice(0, eq), value: { ...words[index], value: word.slice(eq + 1) }, range });
        index++;
      } else if (word.startsWith('-')) {
        index += WRAPPER_OPTIONS_WITH_VALUE.has(word) ? 2 : 1;
        if (word === '--') break;
      } else break;
    }
  }
  if (index >= words.length) return undefined;
  const members = state.pipeline ?? [];
  const command: ShellCommand = {
    name: basename(words[index].value),
    rawName: words[index],
    args: words.slice(index + 1),
    wrappers,
    assignments,
    redirects,
    pipeline: members,
    range: state.toRange(node),
    instruction: state.instruction,
  };
  members.push(command);
  return command;
}

function basename(value: string): string {
  return value.slice(value.lastIndexOf('/') + 1);
}

function assignmentOf(node: Node, state: VisitState): ShellAssignment {
  const name = node.childForFieldName('name')?.text ?? '';
  const value = node.childForFieldName('value');
  return { name, value: value ? wordOf(value, state) : undefined, range: state.toRange(node) };
}

function redirectOf(node: Node, state: VisitState): ShellRedirect {
  const target = node.childForFieldName('destination');
  const operator = node.children.find((c) => c && !c.isNamed)?.text ?? '';
  return { operator, target: target ? wordOf(target, state) : undefined };
}

function wordOf(node: Node, state: VisitState): ShellWord {
  const { value, dynamic } = unquote(node);
  return { value, dynamic, range: state.toRange(node) };
}

/** The value of a shell word with quoting removed; expansions stay as written and mark it dynamic. */
export function unquote(node: Node): { value: string; dynamic: boolean } {
  switch (node.type) {
    case 'word':
    case 'number':
      return { value: node.text.replace(/\\(.)/g, '$1'), dynamic: false };
    case 'command_name':
      return node.firstNamedChild ? unquote(node.firstNamedChild) : { value: node.text, dynamic: false };
    case 'raw_string':
      return { value: node.text.slice(1, -1), dynamic: false };
    case 'ansi_c_string':
      return { value: node.text.slice(2, -1), dynamic: false };
    case 'string': {
      const inner = node.text.slice(1, -1);
      const dynamic = node.namedChildren.some((c) => c && c.type !== 'string_content');
      return { value: inner.replace(/\\([$`"\\])/g, '$1'), dynamic };
    }
    case 'concatenation': {
      let value = '';
      let dynamic = false;
      for (const child of node.children) {
        if (!child) continue;
        const part = unquote(child);
        value += part.value;
        dynamic ||= part.dynamic;
      }
      return { value, dynamic };
    }
    default:
      return { value: node.text, dynamic: true };
  }
}

function collectExecForm(
  instruction: Instruction,
  json: ReturnType<JSONInstruction['getJSONStrings']>,
  source: SourceText,
  script: ShellScript,
): void {
  const words: ShellWord[] = json.map((arg) => ({ value: decodeJsonString(source, arg.getRange(), arg.getJSONValue()), dynamic: false, range: arg.getRange() }));
  const first = basename(words[0].value);
  if (/^(ba|da|z|a)?sh$/.test(first) && words[1]?.value === '-c' && words[2]) {
    // `["sh", "-c", "curl ... | sh"]`: the script is the JSON string's content (escapes shift offsets slightly).
    const start = source.offsetAt(words[2].range.start) + 1;
    const body = source.text.slice(start, source.offsetAt(words[2].range.end) - 1);
    parseScript(body, start, source, instruction, script);
    return;
  }
  const command: ShellCommand = {
    name: first,
    rawName: words[0],
    args: words.slice(1),
    wrappers: [],
    assignments: [],
    redirects: [],
    pipeline: [],
    range: instruction.getArgumentsRange() ?? instruction.getRange(),
    instruction,
  };
  command.pipeline.push(command);
  script.commands.push(command);
}
