import type { ShellCommand, ShellWord, SourceText, TextEdit } from '../../server/src/engine/api';

/**
 * Small questions Dockerfile rules ask of a parsed shell command. Options are matched as the tools parse
 * them: `-k` also inside a bundle of short flags (`-fsSLk`), `--insecure` exactly or with `=value`.
 */

/** The first argument that is the option, by its short letter (also inside `-fsSk` bundles) or long name. */
export function findOption(command: ShellCommand, short: string | undefined, long: readonly string[]): ShellWord | undefined {
  for (const arg of command.args) {
    const value = arg.value;
    if (value === '--') return undefined;
    if (value.startsWith('--')) {
      const name = value.split('=')[0];
      if (long.includes(name)) return arg;
    } else if (short && /^-[A-Za-z0-9]+$/.test(value) && value.slice(1).includes(short)) {
      return arg;
    }
  }
  return undefined;
}

/** Arguments that are not options (and not values of the listed options that take one). */
export function positionalArgs(command: ShellCommand, optionsWithValue: readonly string[] = []): ShellWord[] {
  const result: ShellWord[] = [];
  for (let i = 0; i < command.args.length; i++) {
    const value = command.args[i].value;
    if (value.startsWith('-')) {
      if (optionsWithValue.includes(value)) i++;
      continue;
    }
    result.push(command.args[i]);
  }
  return result;
}

/** `pip install`, `pip3 install`, `python -m pip install`, `uv pip install`: the words after `install`, else undefined. */
export function pipInstallArgs(command: ShellCommand): ShellWord[] | undefined {
  const words = command.args.map((a) => a.value);
  let at = -1;
  if (/^pip(3(\.\d+)?)?$/.test(command.name)) at = 0;
  else if (/^python(3(\.\d+)?)?$/.test(command.name)) {
    const m = words.indexOf('-m');
    if (m >= 0 && words[m + 1] === 'pip') at = m + 2;
  } else if (command.name === 'uv' && words[0] === 'pip') at = 1;
  if (at < 0) return undefined;
  // Global options may come before the subcommand (`pip --no-cache-dir install`).
  while (at < words.length && words[at].startsWith('-')) at++;
  if (words[at] !== 'install') return undefined;
  return command.args.slice(at + 1);
}

/** A shell that reads a script from its standard input or arguments. */
export function isInterpreter(name: string): boolean {
  return /^((ba|da|z|k|a|fi)?sh|python[\d.]*|perl|ruby|node|php)$/.test(name);
}

export function isDownloader(name: string): boolean {
  return name === 'curl' || name === 'wget' || name === 'fetch' || name === 'aria2c';
}

/** Deletes a word and the spaces after it (or before it, at the end of a command). */
export function deleteWordEdit(source: SourceText, word: ShellWord): TextEdit {
  const start = source.offsetAt(word.range.start);
  let end = source.offsetAt(word.range.end);
  const text = source.text;
  let from = start;
  if (/[ \t]/.test(text[end] ?? '')) {
    while (/[ \t]/.test(text[end] ?? '')) end++;
  } else {
    while (from > 0 && /[ \t]/.test(text[from - 1])) from--;
  }
  return { range: source.rangeOf(from, end), newText: '' };
}
