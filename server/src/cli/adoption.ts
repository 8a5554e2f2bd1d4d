import type { AisecConfig, FileResult } from '../scan/types';
import { applyBaseline, writeBaseline, type BaselineSummary } from './baseline';
import { keepChangedLines, type ChangedLines, type DiffSummary } from './diff-base';
import type { ScanCommandOptions } from './scan-options';
import { UsageError } from './usage-error';

/** Options that only make sense alone. */
export function checkAdoptionOptions(options: ScanCommandOptions): void {
  for (const [flag, value] of [['--baseline', options.baseline], ['--write-baseline', options.writeBaseline], ['--diff-base', options.diffBase]] as const) {
    // Standard input has no file on disk to fingerprint against a baseline or to diff: say so rather than ignore it.
    if (value !== undefined && options.stdinFilename !== undefined) throw new UsageError(`${flag} cannot be used with --stdin-filename`);
  }
  if (options.writeBaseline !== undefined && options.baseline !== undefined) {
    throw new UsageError('--write-baseline records every finding: use it without --baseline');
  }
  if (options.writeBaseline !== undefined && options.diffBase !== undefined) {
    throw new UsageError('--write-baseline records every finding: use it without --diff-base');
  }
}

/**
 * What an existing repository adopting AISec gates on: with `--write-baseline` every finding is recorded and
 * reported; otherwise the baseline's accepted findings are dropped, then (with `--diff-base`) those on lines
 * the change did not touch. Results keep their order and length (one per scan task).
 */
export function gateFindings(
  results: FileResult[],
  configOf: (index: number) => AisecConfig,
  options: ScanCommandOptions,
  changedLines: ChangedLines | undefined,
): { results: FileResult[]; summaries: { baseline?: BaselineSummary; diffBase?: DiffSummary } } {
  if (options.writeBaseline !== undefined) {
    const count = writeBaseline(options.writeBaseline, results);
    process.stderr.write(`aisec: wrote ${count} ${count === 1 ? 'finding' : 'findings'} to the baseline ${options.writeBaseline}\n`);
    return { results, summaries: {} };
  }
  const baselined = applyBaseline(results, configOf, options.baseline);
  const summaries: { baseline?: BaselineSummary; diffBase?: DiffSummary } = {};
  if (baselined.summary) summaries.baseline = baselined.summary;
  if (!changedLines || options.diffBase === undefined) return { results: baselined.results, summaries };
  const diffed = keepChangedLines(baselined.results, changedLines, options.diffBase);
  summaries.diffBase = diffed.summary;
  return { results: diffed.results, summaries };
}
