import * as fs from 'node:fs';
import * as path from 'node:path';
import { initEngine } from '../engine';
import { languageIdForPath } from '../engine/languages';
import { analyzeText } from '../scan/analyze-file';
import { decodeText } from '../scan/read-file';
import type { ScanTask } from '../scan/types';
import { ConfigResolver } from './project-config';
import { isAtOrAbove, type ScanReport } from './report';
import type { ScanCommandOptions } from './scan-options';
import { UsageError } from './usage-error';
import { cpuMilliseconds, sourceRootFor, writeReport } from './write-report';

/**
 * `aisec scan --stdin-filename PATH`: analyses standard input as the file PATH (which need not exist), with
 * the configuration that PATH would get. Editors and hooks pipe unsaved buffers this way.
 */
export async function runStdinScan(paths: string[], options: ScanCommandOptions, started: number, cwd: string): Promise<{ failed: boolean }> {
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

