import * as path from 'node:path';
import { severityRank, type Severity } from '../engine';
import type { SkippedFile } from '../scan/discover';
import type { FileResult, ScannedFinding } from '../scan/types';
import type { BaselineSummary } from './baseline';
import type { DiffSummary } from './diff-base';

export type FailLevel = Severity | 'none';

/** Everything a scan produced, ready for a formatter. */
export interface ScanReport {
  /** Paths are shown relative to this folder (the working directory). */
  cwd: string;
  /** The folder SARIF's `%SRCROOT%` stands for. */
  sourceRoot: string;
  /** Scanned files, sorted by path. */
  files: FileResult[];
  skipped: SkippedFile[];
  durationMs: number;
  /** The code came from standard input: there is no file to fix. */
  fromStdin?: boolean;
  /** CPU time of the whole process, all threads (user + system): the cost of the scan whatever the machine's load. */
  cpuMs: number;
  workers: number;
  /** Set when a baseline was in use: what it accepted and how many of its entries are stale. */
  baseline?: BaselineSummary;
  /** Set with `--diff-base`: findings left out because their lines did not change. */
  diffBase?: DiffSummary;
  /** Files whose results came from the scan cache (absent when the cache was off). */
  cachedFiles?: number;
}

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export function countBySeverity(report: ScanReport): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const file of report.files) for (const finding of file.findings) counts[finding.severity]++;
  return counts;
}

export function totalFixed(report: ScanReport): { fixes: number; files: number } {
  const fixedFiles = report.files.filter((file) => (file.fixed ?? 0) > 0);
  return { fixes: fixedFiles.reduce((sum, file) => sum + (file.fixed ?? 0), 0), files: fixedFiles.length };
}

export function totalLines(report: ScanReport): number {
  return report.files.reduce((sum, file) => sum + file.lines, 0);
}

/** A path as the user wants to read it: relative to the working directory when inside it, with forward slashes. */
export function displayPath(file: string, base: string): string {
  const relative = path.relative(base, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

export function isAtOrAbove(finding: ScannedFinding, level: FailLevel): boolean {
  return level !== 'none' && severityRank(finding.severity) >= severityRank(level);
}

/** Notes for the report: skipped files, then notes the analysis left on scanned files. */
export function reportNotes(report: ScanReport): { file: string; message: string }[] {
  return [
    ...report.skipped.map((s) => ({ file: s.path, message: `skipped: ${s.reason}` })),
    ...report.files.flatMap((f) => f.notes.map((message) => ({ file: f.path, message }))),
  ];
}
