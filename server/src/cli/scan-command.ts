import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverFiles, type SkippedFile } from '../scan/discover';
import { scanFiles, defaultWorkerScript, PrestartedWorker } from '../scan/scanner';
import { cacheDirectory } from '../scan/cache/location';
import { openScanCache } from '../scan/cache/open';
import { scanFilesCached } from '../scan/cache/cached-scan';
import { tuneV8ForBatchScan } from '../scan/batch-tuning';
import type { ScanTask } from '../scan/types';
import { checkAdoptionOptions, gateFindings } from './adoption';
import { changedLinesSince } from './diff-base';
import { ConfigResolver } from './project-config';
import { createProgress } from './progress';
import { isAtOrAbove, type FailLevel, type ScanReport } from './report';
import type { ScanCommandOptions } from './scan-options';
import { runStdinScan } from './stdin-scan';
import { UsageError } from './usage-error';
import { AISEC_VERSION } from './version';
import { cpuMilliseconds, sourceRootFor, writeReport } from './write-report';

export { FAIL_LEVELS, FORMATS, type Format, type ScanCommandOptions } from './scan-options';

/** `aisec scan`: discover, analyse in parallel, report. Returns whether any finding reached the fail level. */
export async function runScan(paths: string[], options: ScanCommandOptions): Promise<{ failed: boolean }> {
  const started = performance.now();
  const cwd = process.cwd();
  checkAdoptionOptions(options);
  if (options.stdinFilename !== undefined) return runStdinScan(paths, options, started, cwd);
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(cwd, p));
  for (const [i, root] of roots.entries()) {
    if (!fs.existsSync(root)) throw new UsageError(`no such file or folder: ${paths[i] ?? root}`);
  }

  if (options.unsafeFixes && !options.fix) throw new UsageError('--unsafe-fixes needs --fix');
  // Asked before scanning, so that a wrong ref or a folder outside git fails at once.
  const changedLines = options.diffBase === undefined ? undefined : await changedLinesSince(options.diffBase, roots[0]);
  const fix = options.fix ? (options.unsafeFixes ? 'all' : 'safe') : undefined;
  // This process is the scan: V8 is set for throughput before any worker starts (see batch-tuning.ts), and
  // before discovery: a cached scan, which is this thread alone, then spends less time compiling its own code
  // (six alternating pairs of cached scans of the corpus: 0.74-0.97 CPU-s against 1.22-1.39, wall 0.97 s
  // against 1.04 on average).
  tuneV8ForBatchScan();
  const prestarted = prestartWorker(cwd, options, fix !== undefined);
  try {
    return await scanRoots(paths, roots, options, { started, cwd, fix, changedLines, prestarted });
  } finally {
    prestarted?.dispose();
  }
}

/**
 * Starts one worker before discovery when the scan is going to analyse files afresh (no cache, fixing, or no
 * cache yet): it loads on the core that discovery leaves idle. With a cache in place most files are usually
 * unchanged, and the pool starts workers only for those that are not.
 */
function prestartWorker(cwd: string, options: ScanCommandOptions, fixing: boolean): PrestartedWorker | undefined {
  const script = defaultWorkerScript();
  if (!script) return undefined;
  try {
    if (options.cache && !fixing && fs.existsSync(cacheDirectory(cwd, options))) return undefined;
  } catch {
    // A configuration that cannot be read: the scan reports it below, as it would without a prestarted worker.
    return undefined;
  }
  return new PrestartedWorker(script);
}

async function scanRoots(
  paths: string[],
  roots: string[],
  options: ScanCommandOptions,
  run: { started: number; cwd: string; fix: 'all' | 'safe' | undefined; changedLines: Awaited<ReturnType<typeof changedLinesSince>> | undefined; prestarted: PrestartedWorker | undefined },
): Promise<{ failed: boolean }> {
  const { started, cwd, fix, changedLines, prestarted } = run;
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
      maxFileBytes: options.maxFileSize === undefined ? undefined : Math.round(options.maxFileSize * 1024 * 1024),
      extraExcludes: options.exclude?.length ? [{ patterns: options.exclude, root: cwd }] : undefined,
    });
    skipped.push(...discovery.skipped);
    for (const file of discovery.files) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      const configIndex = resolver.forFile(file.path, rootConfig);
      if (configIndex === undefined) continue;
      tasks.push({ path: file.path, languageId: file.languageId, configIndex, stamp: file.stamp, ...(fix ? { fix } : {}) });
    }
  }
  tasks.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (tasks.length === 0) {
    process.stderr.write(
      `aisec: nothing to scan in ${paths.length > 0 ? paths.join(', ') : '.'}: no Python, JavaScript/TypeScript, notebook, ` +
        'Dockerfile, compose or manifest files outside ignored folders\n',
    );
  }

  // Fixing writes files: every file is analysed afresh, and nothing is cached.
  const cache = options.cache && !fix ? openScanCache(cwd, options, configs, { version: AISEC_VERSION, workerScript: defaultWorkerScript() }) : undefined;
  const progress = createProgress(options.progress);
  let scan;
  try {
    const scanOptions = { configs, jobs: options.jobs, prestarted, onProgress: (done: number, total: number) => progress.update(done, total) };
    scan = cache ? await scanFilesCached(tasks, cache, scanOptions) : await scanFiles(tasks, scanOptions);
  } finally {
    progress.stop();
  }
  for (const pack of cache?.unreadablePacks ?? []) {
    process.stderr.write(`aisec: the scan cache ${pack} could not be read and was ignored; its files were analysed again\n`);
  }
  if (cache?.problem) process.stderr.write(`aisec: ${cache.problem}; results were not cached\n`);

  // Baseline, then changed lines: the baseline must see every finding to tell which of its entries are stale.
  const gated = gateFindings(scan.results, (i) => configs[tasks[i].configIndex], options, changedLines);
  const report: ScanReport = {
    cwd,
    sourceRoot: sourceRootFor(cwd, roots),
    files: gated.results,
    ...gated.summaries,
    skipped,
    durationMs: performance.now() - started,
    cpuMs: cpuMilliseconds(),
    workers: scan.workers,
    ...(cache ? { cachedFiles: cache.counters.hits } : {}),
  };
  writeReport(report, options);

  const failLevelOf = (configIndex: number): FailLevel => options.failLevel ?? configs[configIndex].failLevel;
  if (options.writeBaseline !== undefined) return { failed: false };
  const failed = gated.results.some((file, i) => file.findings.some((f) => isAtOrAbove(f, failLevelOf(tasks[i].configIndex))));
  return { failed };
}

