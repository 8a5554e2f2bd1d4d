import { scanFiles, type ScanOptions, type ScanResult } from '../scanner';
import type { FileResult, ScanTask } from '../types';
import type { ScanCache } from './scan-cache';

/**
 * Scans through the cache: files with a valid entry take their stored result, the others are analysed on
 * the workers (recording what they depend on) and stored. Results come back in the tasks' order, as from
 * `scanFiles`; a corrupt entry's note is added to the fresh result of its file.
 */
export async function scanFilesCached(tasks: ScanTask[], cache: ScanCache, options: ScanOptions): Promise<ScanResult> {
  const results: (FileResult | undefined)[] = new Array(tasks.length);
  const missing: number[] = [];
  const notes = new Map<number, string>();
  for (const [i, task] of tasks.entries()) {
    const found = cache.lookup(task);
    if (found.result) results[i] = found.result;
    else {
      missing.push(i);
      if (found.note) notes.set(i, found.note);
    }
  }
  const hits = tasks.length - missing.length;
  if (hits > 0) options.onProgress?.(hits, tasks.length);
  const scan = await scanFiles(
    missing.map((i) => ({ ...tasks[i], record: true })),
    { ...options, onProgress: (done) => options.onProgress?.(hits + done, tasks.length) },
  );
  for (const [j, result] of scan.results.entries()) {
    const i = missing[j];
    const { provenance, ...fresh } = result;
    // A file the analysis gave up on (crash, time limit) has no provenance and is not stored: try again next time.
    if (provenance) cache.store(tasks[i], fresh, provenance);
    const note = notes.get(i);
    if (note) fresh.notes.unshift(note);
    results[i] = fresh;
  }
  cache.flush();
  return { results: results as FileResult[], workers: scan.workers };
}
