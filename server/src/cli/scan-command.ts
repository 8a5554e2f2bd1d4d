import * as fs from 'node:fs';
import * as path from 'node:path';
import { initEngine } from '../engine';
import { languageIdForPath } from '../engine/languages';
import { analyzeText } from '../scan/analyze-file';
import { discoverFiles, type SkippedFile } from '../scan/discover';
import { decodeText } from '../scan/read-file';
import { scanFiles } from '../scan/scanner';
import type { ScanTask } from '../scan/types';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { ConfigResolver } from './project-config';
import { createProgress } from './progress';
import { isAtOrAbove, reportNotes, displayPath, type FailLevel, type ScanReport } from './report';
import { UsageError } from './usage-error';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_LEVELS = ['info', 'warning', 'error', 'none'] as const;

export interface ScanCommandOptions {
  format: Format;
  output?: string;
  config?: string;
  failLevel?: FailLevel;
  jobs?: number;
  progress: boolean;
  gitignore: boolean;
  /** Extra exclude globs, relative to the working directory. */
  exclude?: string[];
  /** Apply safe fixes and write files back. */
  fix?: boolean;
  /** With `fix`, apply unsafe fixes too. */
  unsafeFixes?: boolean;
  /** Read the code from standard input and report it under this path (for editors and hooks). */
  stdinFilename?: string;
}

/** `aisec scan`: discover, analyse in parallel, report. Returns whether any finding reached the fail level. */
export async function runScan(paths: string[], options: ScanCommandOptions): Promise<{ failed: boolean }> {
  const started = performance.now();
  const cwd = process.cwd();
  if (options.stdinFilename !== undefined) return runStdinScan(paths, options, started, cwd);
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(cwd, p));
  for (const [i, root] of roots.entries()) {
    if (!fs.existsSync(root)) throw new UsageError(`no such file or folder: ${paths[i] ?? root}`);
  }

  if (options.unsafeFixes && !options.fix) throw new UsageError('--unsafe-fixes needs --fix');
  const fix = options.fix ? (options.unsafeFixes ? 'all' : 'safe') : undefined;
  const resolver = new ConfigResolver(options.config);
  const configs = resolver.configs;
  const seen = new Set<string>();
  const tasks: ScanTask[] = [];
  const skipped: SkippedFile[] = [];
  for (const root of roots) {
    const rootConfig = resolver.forRoot(root);
    const discovery = await discoverFiles([rootConfig.root], {
      exclude: rootConfig.config.exclude,
      excludeRoot: rootConfig.excludeRoot,
      respectGitignore: options.gitignore,
      extraExcludes: options.exclude?.length ? [{ patterns: options.exclude, root: cwd }] : undefined,
    });
    skipped.push(...discovery.skipped);
    for (const file of discovery.files) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      const configIndex = resolver.forFile(file.path, rootConfig);
      if (configIndex === undefined) continue;
      tasks.push({ path: file.path, languageId: file.languageId, configIndex, ...(fix ? { fix } : {}) });
    }
  }
  tasks.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (tasks.length === 0) {
    process.stderr.write(
      `aisec: nothing to scan in ${paths.length > 0 ? paths.join(', ') : '.'}: no Python, JavaScript/TypeScript, notebook, ` +
        'Dockerfile, compose or manifest files outside ignored folders\n',
    );
  }

  const progress = createProgress(options.progress);
  let scan;
  try {
    scan = await scanFiles(tasks, { configs, jobs: options.jobs, onProgress: (done, total) => progress.update(done, total) });
  } finally {
    progress.stop();
  }

  const report: ScanReport = {
    cwd,
    sourceRoot: sourceRootFor(cwd, roots),
    files: scan.results,
    skipped,
    durationMs: performance.now() - started,
    cpuMs: cpuMilliseconds(),
    workers: scan.workers,
  };
  writeReport(report, options);

  const failLevelOf = (configIndex: number): FailLevel => options.failLevel ?? configs[configIndex].failLevel;
  const failed = scan.results.some((file, i) => file.findings.some((f) => isAtOrAbove(f, failLevelOf(tasks[i].configIndex))));
  return { failed };
}

/**
 * `aisec scan --stdin-filename PATH`: analyses standard input as the file PATH (which need not exist), with
 * the configuration that PATH would get. Editors and hooks pipe unsaved buffers this way.
 */
async function runStdinScan(paths: string[], options: ScanCommandOptions, started: number, cwd: string): Promise<{ failed: boolean }> {
  const name = options.stdinFilename as string;
  if (paths.length > 0) throw new UsageError('--stdin-filename reads standard input: give no paths');
  if (options.fix) throw new UsageError('--fix cannot be used with --stdin-filename');
  const file = path.resolve(cwd, name);
  const languageId = languageIdForPath(file);
  if (!languageId) throw new UsageError(`--stdin-filename ${name}: not a file type AISec reads`);
  const resolver = new ConfigResolver(options.config);
  // The path need not exist: its configuration is the one of its nearest existing folder.
  let existing = file;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const rootConfig = resolver.forRoot(existing);
  const config = resolver.configs[rootConfig.configIndex];
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const read = decodeText(Buffer.concat(chunks));
  await initEngine();
  const task: ScanTask = { path: file, languageId, configIndex: rootConfig.configIndex };
  const result = analyzeText(task, config, read.text, read.note ? [read.note] : []);
  const report: ScanReport = {
    cwd,
    sourceRoot: sourceRootFor(cwd, [path.dirname(file)]),
    files: [result],
    skipped: [],
    fromStdin: true,
    durationMs: performance.now() - started,
    cpuMs: cpuMilliseconds(),
    workers: 0,
  };
  writeReport(report, options);
  const failLevel = options.failLevel ?? config.failLevel;
  return { failed: result.findings.some((f) => isAtOrAbove(f, failLevel)) };
}

function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function writeReport(report: ScanReport, options: ScanCommandOptions): void {
  const toTerminal = !options.output && process.stdout.isTTY === true;
  const color = toTerminal && !process.env.NO_COLOR;
  const body =
    options.format === 'json' ? formatJson(report) : options.format === 'sarif' ? formatSarif(report) : formatText(report, { color });
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
function sourceRootFor(cwd: string, roots: string[]): string {
  const inside = (dir: string, p: string) => {
    const relative = path.relative(dir, p);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  if (roots.every((root) => inside(cwd, root))) return cwd;
  let common = fs.statSync(roots[0]).isDirectory() ? roots[0] : path.dirname(roots[0]);
  while (!roots.every((root) => inside(common, root))) common = path.dirname(common);
  return common;
}
