import * as fs from 'node:fs';
import * as path from 'node:path';

/** The first line of the `.gitignore` the cache writes into its folder: it marks the folder as AISec's own. */
export const CACHE_GITIGNORE = '# Created by aisec: the scan cache never belongs in a commit.\n*\n';

/** A pack no scan has used for this long (an older version's, a configuration since changed) is removed. */
const UNUSED_PACK_MS = 30 * 24 * 60 * 60 * 1000;
/** A temporary file this old was left by a scan that was killed while writing. */
const LEFTOVER_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps the cache folder from growing with every upgrade and configuration change, as each of those starts a
 * new pack (and an upgrade of the format a new folder). Run after a scan wrote the cache:
 * - other formats' folders (`v1`, ...) are removed, but only when the folder's `.gitignore` is the one AISec
 *   writes and they hold nothing but what the cache names (settings keys), so a `--cache-dir` pointed at a
 *   folder that also holds the user's own `v1` is never touched;
 * - in the current format, packs not used for 30 days and temporary files older than a day are removed.
 * Scans refresh the time of the packs they use (`markUsed`). Failures are ignored: tidying only saves space.
 */
export function tidyCache(directory: string, format: string, now = Date.now()): void {
  if (!ownedByAisec(directory)) return;
  for (const name of entriesOf(directory)) {
    const folder = path.join(directory, name);
    if (/^v\d+$/.test(name) && name !== format && entriesOf(folder).every((entry) => CACHE_NAME.test(entry))) remove(folder);
  }
  const current = path.join(directory, format);
  for (const name of entriesOf(current)) {
    if (!CACHE_NAME.test(name)) continue;
    const file = path.join(current, name);
    const age = now - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now);
    if (age > (name.endsWith('.tmp') ? LEFTOVER_MS : UNUSED_PACK_MS)) remove(file);
  }
}

/**
 * What the cache names its files and folders: a settings key (32 hex digits), as a folder (v1), a pack, or a
 * temporary file beside one. A folder holding anything else is not only AISec's, and is left alone.
 */
const CACHE_NAME = /^[0-9a-f]{32}(\.json(\.\d+\.\d+\.[0-9a-f]+\.tmp)?)?$/;

/** Records that a scan used this pack, so that tidying keeps it. */
export function markUsed(file: string, now = Date.now()): void {
  try {
    fs.utimesSync(file, new Date(now), new Date(now));
  } catch {
    // Read-only or gone: only the tidying's idea of its age is affected.
  }
}

function ownedByAisec(directory: string): boolean {
  try {
    return fs.readFileSync(path.join(directory, '.gitignore'), 'utf8').startsWith(CACHE_GITIGNORE.split('\n')[0]);
  } catch {
    return false;
  }
}

function entriesOf(directory: string): string[] {
  try {
    return fs.readdirSync(directory);
  } catch {
    return [];
  }
}

function remove(target: string): void {
  try {
    fs.rmSync(target, { recursive: true, force: true });
  } catch {
    // Another scan may be tidying too; what is left goes next time.
  }
}
