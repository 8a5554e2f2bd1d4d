/**
 * IPython syntax that is not Python: line magics (`%pip install x`), shell escapes (`!curl ... | sh`),
 * cell magics (`%%bash`), captured shell output (`files = !ls`) and help (`obj?`). Each such line is
 * neutralised into a comment of the same length, so the Python parse stays clean and every column of
 * every other line keeps its place; the lines are kept as `MagicLine`s for the notebook rules.
 */

export interface MagicLine {
  /** 0-based line within the cell. */
  line: number;
  /** `%name` line magic, `!` shell escape, or a line of a `%%bash`-like cell. */
  kind: 'line-magic' | 'shell' | 'cell-magic';
  /** The magic's name (`pip`, `env`) or, for shell lines, the command (`pip`, `curl`). */
  name: string;
  /** The text after the name. */
  args: string;
  /** Column where `args` starts in the line. */
  argsColumn: number;
}

/** Cell magics whose body is still Python. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3', 'ipython']);
/** Cell magics whose body is shell. */
const SHELL_CELL_MAGICS = new Set(['bash', 'sh', 'script', 'system']);

export interface NeutralisedCell {
  text: string;
  magics: MagicLine[];
}

export function neutraliseCell(text: string): NeutralisedCell {
  const lines = text.split(/(\r?\n)/);
  const magics: MagicLine[] = [];
  // split with a capture group keeps the line breaks at odd indexes
  const contentIndexes = lines.map((_, i) => i).filter((i) => i % 2 === 0);
  const firstLine = lines[0] ?? '';
  const cellMagic = /^%%(\w+)/.exec(firstLine);
  contentIndexes.forEach((index, lineNumber) => {
    const line = lines[index];
    if (cellMagic) {
      const name = cellMagic[1];
      if (lineNumber === 0) {
        magics.push({ line: 0, kind: 'line-magic', name, args: line.slice(cellMagic[0].length).trim(), argsColumn: cellMagic[0].length });
        lines[index] = commentOut(line, 0);
        return;
      }
      if (!PYTHON_CELL_MAGICS.has(name)) {
        if (SHELL_CELL_MAGICS.has(name) && line.trim()) magics.push(shellLine(lineNumber, line, 'cell-magic'));
        lines[index] = line.trim() ? commentOut(line, line.search(/\S/)) : line;
        return;
      }
    }
    const magic = /^(\s*)(%{1,2}|!{1,2})(\w*)/.exec(line);
    if (magic) {
      const start = magic[1].length;
      if (magic[2].startsWith('!')) {
        magics.push(shellLine(lineNumber, line.slice(0, start) + ' '.repeat(magic[2].length) + line.slice(start + magic[2].length), 'shell'));
      } else {
        const argsColumn = start + magic[2].length + magic[3].length;
        magics.push({ line: lineNumber, kind: 'line-magic', name: magic[3], args: line.slice(argsColumn), argsColumn });
      }
      lines[index] = commentOut(line, start);
      return;
    }
    const captured = /^(\s*[\w.]+(?:\s*,\s*[\w.]+)*\s*=)(\s*)([!%])/.exec(line);
    if (captured) {
      // `files = !ls` becomes `files =0#ls` (or `files=0#ls` shifted by one when there is no space).
      const bangAt = captured[1].length + captured[2].length;
      const rest = line.slice(bangAt + 1);
      const shell = captured[3] === '!';
      if (shell) magics.push(shellLine(lineNumber, ' '.repeat(bangAt + 1) + rest, 'shell'));
      lines[index] = captured[2].length > 0 ? `${line.slice(0, bangAt - 1)}0#${rest}` : `${line.slice(0, bangAt)}0#${rest}`;
      return;
    }
    const help = /^(\s*)\?{1,2}\S|\S\?{1,2}\s*$/.exec(line);
    if (help && !line.trimStart().startsWith('#')) {
      lines[index] = line.replace(/^(\s*)(\?{1,2})/, (_, space: string, marks: string) => space + '#'.repeat(marks.length)).replace(/\?{1,2}(\s*)$/, (m) => ' '.repeat(m.length));
    }
  });
  return { text: lines.join(''), magics };
}

function commentOut(line: string, at: number): string {
  return line.slice(0, at) + '#' + line.slice(at + 1);
}

/** A shell command line: its first word is the command name. */
function shellLine(lineNumber: number, line: string, kind: MagicLine['kind']): MagicLine {
  const match = /^(\s*)(\S+)/.exec(line);
  const name = match?.[2] ?? '';
  const argsColumn = match ? match[0].length : 0;
  return { line: lineNumber, kind, name, args: line.slice(argsColumn), argsColumn };
}
