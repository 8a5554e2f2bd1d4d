import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatGitlab } from './format-gitlab';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { displayPath, reportNotes, type ScanReport } from './report';
import type { Format } from './scan-options';
import { UsageError } from './usage-error';

/** CPU time of the whole process (all threads) so far. */
export function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Writes the report to stdout or `--output`, and the notes to stderr. */
export function writeReport(report: ScanReport, options: { format: Format; output?: string }): void {
  const toTerminal = !options.output && process.stdout.isTTY === true;
  const color = toTerminal && !process.env.NO_COLOR;
  const body =
    options.format === 'json'
      ? formatJson(report)
      : options.format === 'sarif'
        ? formatSarif(report)
        : options.format === 'gitlab'
          ? formatGitlab(report)
          : formatText(report, { color });
  if (options.output) {
    const target = path.resolve(options.output);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, body);
    } catch (error) {
      throw new UsageError(`cannot write ${options.output}: ${(error as Error).message}`);
    }
  } else {
    process.stdout.write(body);
  }
  // Notes go to stderr in every format, so that a JSON or SARIF stream on stdout stays machine-readable.
  for (const note of reportNotes(report)) process.stderr.write(`aisec: ${displayPath(note.file, report.cwd)}: ${note.message}\n`);
}

/**
 * What SARIF locations are relative to: the working directory when everything scanned is inside it (CI runs
 * from the repository root, which is what code scanning expects), else the roots' common folder.
 */
export function sourceRootFor(cwd: string, roots: string[]): string {
  const inside = (dir: string, p: string) => {
    const relative = path.relative(dir, p);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  if (roots.every((root) => inside(cwd, root))) return cwd;
  let common = fs.statSync(roots[0]).isDirectory() ? roots[0] : path.dirname(roots[0]);
  while (!roots.every((root) => inside(common, root))) common = path.dirname(common);
  return common;
}
