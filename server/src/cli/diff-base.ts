import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from '../scan/types';
import { UsageError } from './usage-error';

/** Lines (0-based) changed since the ref, per absolute file path; `'all'` for files git does not track yet. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

export interface DiffSummary {
  ref: string;
  /** Findings left out because they are on lines the change did not touch. */
  unchanged: number;
}

/**
 * The lines changed in the work tree (staged or not) since `ref`, read from `git diff` run as a program with
 * arguments, never through a shell (the ref is user input). Untracked files count as changed throughout.
 * Throws a UsageError that says what is wrong: no git, not a work tree, unknown ref.
 */
export async function changedLinesSince(ref: string, folder: string): Promise<ChangedLines> {
  if (ref.startsWith('-')) throw new UsageError(`--diff-base: "${ref}" is not a git ref`);
  const cwd = fs.statSync(folder).isDirectory() ? folder : path.dirname(folder);
  const inside = await git(['rev-parse', '--is-inside-work-tree'], cwd).catch((error: GitError) => error);
  if (inside instanceof GitError || inside.trim() !== 'true') {
    if (inside instanceof GitError && inside.missing) throw new UsageError('--diff-base needs git, which was not found on PATH');
    throw new UsageError(`--diff-base: ${cwd} is not inside a git work tree`);
  }
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  try {
    await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd);
  } catch {
    throw new UsageError(`--diff-base: unknown git ref "${ref}" (fetch it first, e.g. git fetch origin main)`);
  }
  const diff = await git(
    ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--no-renames', '--unified=0', '--no-relative', ref, '--'],
    top,
  );
  const changed = parseUnifiedDiff(diff, top);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name'], top);
  for (const name of untracked.split('\0').filter(Boolean)) changed.set(path.resolve(top, name), 'all');
  return changed;
}

/** Added or modified lines per file from `git diff --unified=0` output (paths relative to `top`). */
export function parseUnifiedDiff(diff: string, top: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      current = undefined;
      if (target === '/dev/null') continue;
      const name = unquote(target).replace(/^b\//, '');
      current = new Set();
      changed.set(path.resolve(top, name), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = 0; n < count; n++) current.add(start - 1 + n);
    }
  }
  return changed;
}

/** Keeps only findings that touch a changed line. `results` keep their order and length. */
export function keepChangedLines(results: FileResult[], changed: ChangedLines, ref: string): { results: FileResult[]; summary: DiffSummary } {
  const summary: DiffSummary = { ref, unchanged: 0 };
  const filtered = results.map((result) => {
    const lines = changed.get(realPath(result.path));
    const kept =
      lines === 'all'
        ? result.findings
        : result.findings.filter((finding) => {
            if (!lines) return false;
            for (let line = finding.range.start.line; line <= finding.range.end.line; line++) if (lines.has(line)) return true;
            return false;
          });
    summary.unchanged += result.findings.length - kept.length;
    return kept.length === result.findings.length ? result : { ...result, findings: kept };
  });
  return { results: filtered, summary };
}

/** git reports real paths; a scan root given through a symlink must still match. */
function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

class GitError extends Error {
  constructor(
    message: string,
    readonly missing: boolean,
  ) {
    super(message);
  }
}

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(new GitError(stderr.trim() || error.message, missing));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** git quotes unusual paths C-style ("a\tb"); with core.quotePath=false only control characters and quotes remain. */
function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  return name.slice(1, -1).replace(/\\(["\\])/g, '$1').replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}
