import * as fs from 'node:fs';

/** What a file looked like on disk: its size and its modification and change times. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * How long a file must have been left alone before its stamp can vouch for its bytes. A write in the same
 * clock tick as the read leaves the stamp as it was, and some file systems count whole seconds (Git's
 * "racily clean" files); a file changed this recently is always read and hashed.
 */
export const SETTLE_MS = 2000;

/**
 * The file's stamp, taken before its bytes are read, when it can later stand for them: the file has not been
 * changed for SETTLE_MS. The change time (`ctime`) cannot be set back by tools that restore modification
 * times (`touch -d`, `tar`, `rsync -t`), so an edit always changes the stamp.
 */
export function settledStamp(file: string): FileStamp | undefined {
  const stamp = currentStamp(file);
  if (!stamp) return undefined;
  return Date.now() - Math.max(stamp.mtimeMs, stamp.ctimeMs) >= SETTLE_MS ? stamp : undefined;
}

export function currentStamp(file: string): FileStamp | undefined {
  try {
    return stampOf(fs.statSync(file));
  } catch {
    return undefined;
  }
}

/** The stamp in stats already taken (discovery stats every file for its size). */
export function stampOf(stats: fs.Stats): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

export function sameStamp(a: FileStamp, b: FileStamp | undefined): boolean {
  return b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

export function isFileStamp(value: unknown): value is FileStamp {
  if (!value || typeof value !== 'object') return false;
  const stamp = value as Partial<FileStamp>;
  return [stamp.size, stamp.mtimeMs, stamp.ctimeMs].every((n) => typeof n === 'number' && Number.isFinite(n));
}
