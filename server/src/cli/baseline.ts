import * as fs from 'node:fs';
import * as path from 'node:path';
import { BaselineError, matchBaseline, readBaseline, serializeBaseline, type Baseline } from '../scan/baseline';
import type { AisecConfig, FileResult } from '../scan/types';
import { UsageError } from './usage-error';

/** What the baseline took out of a report, for its summary. */
export interface BaselineSummary {
  /** Baseline files in use. */
  files: string[];
  /** Findings the baseline accepts (not reported, never fail the run). */
  baselined: number;
  /** Baseline entries that match nothing any more (fixed, or their code changed): rewrite the baseline to drop them. */
  stale: number;
}

/**
 * `--baseline FILE` (or the `baseline` key of each file's configuration): drops the findings a baseline
 * accepts. `results` keep their order and length (one per scan task); only their findings shrink.
 */
export function applyBaseline(
  results: FileResult[],
  configOf: (index: number) => AisecConfig,
  explicitFile: string | undefined,
): { results: FileResult[]; summary?: BaselineSummary } {
  const groups = new Map<string, number[]>();
  results.forEach((_, index) => {
    const file = explicitFile ? path.resolve(explicitFile) : configOf(index).baseline;
    if (!file) return;
    const members = groups.get(file) ?? [];
    members.push(index);
    groups.set(file, members);
  });
  if (groups.size === 0) return { results };
  const filtered = [...results];
  const summary: BaselineSummary = { files: [...groups.keys()], baselined: 0, stale: 0 };
  for (const [file, members] of groups) {
    const baseline = load(file);
    const match = matchBaseline(baseline, members.map((i) => results[i]));
    summary.stale += match.stale;
    members.forEach((resultIndex, k) => {
      const result = results[resultIndex];
      const kept = result.findings.filter((_, j) => !match.baselined[k][j]);
      summary.baselined += result.findings.length - kept.length;
      filtered[resultIndex] = { ...result, findings: kept };
    });
  }
  return { results: filtered, summary };
}

/** `--write-baseline FILE`: records every finding of the scan as accepted. */
export function writeBaseline(file: string, results: readonly FileResult[]): number {
  const target = path.resolve(file);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, serializeBaseline(target, results));
  } catch (error) {
    throw new UsageError(`cannot write the baseline ${file}: ${(error as Error).message}`);
  }
  return results.reduce((sum, result) => sum + result.findings.length, 0);
}

function load(file: string): Baseline {
  try {
    return readBaseline(file);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}
