import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import { NodeFileSystem } from '../../engine';
import type { AisecConfig, FileProvenance, FileResult, ScanTask } from '../types';
import { contentHash } from './content-hash';
import { currentStamp, isFileStamp, sameStamp, type FileStamp } from './file-stamp';
import { CACHE_GITIGNORE, markUsed, tidyCache } from './housekeeping';
import { NeighbourCheck, type NeighbourRead } from './neighbour-reads';
import { analyserKey, settingsKey, type AnalyserIdentity } from './settings-key';

import { CACHE_DIRECTORY_NAME } from './directory-name';

export { CACHE_DIRECTORY_NAME };
/**
 * Bumped when the stored format changes, so an older AISec's cache is never misread. v1 kept one file per
 * entry; v2 keeps one pack per settings key.
 */
const FORMAT = 'v2';

interface CacheEntry {
  path: string;
  contentHash: string;
  /** When set, a file with the same stamp is taken to hold the hashed bytes without being read. */
  stamp?: FileStamp;
  neighbours: NeighbourRead[];
  result: FileResult;
}

/** One settings key's entries, as read from its pack file, with what this scan changed. */
interface Pack {
  file: string;
  /** Entries by file path, as stored (each is checked when looked up). */
  entries: Map<string, unknown>;
  changed: boolean;
}

export interface CacheLookup {
  /** The stored result, when the file, the settings and every neighbour it read are unchanged. */
  result?: FileResult;
  /** Set when an entry existed but could not be used as stored (corrupt): the file is analysed again. */
  note?: string;
}

export interface CacheCounters {
  /** Files whose results came from the cache. */
  hits: number;
  /** Files analysed because no valid entry was found. */
  misses: number;
  stored: number;
}

/**
 * The scan cache (as Ruff's `.ruff_cache`): per file, a result keyed by the file's content hash, the analyser
 * (version, rule set, bundled code) and the effective configuration, plus the neighbours the rules read
 * (lock files, `.dockerignore`, virtual environment metadata), each of which must look the same for the entry
 * to be used.
 *
 * The entries of one settings key live in one pack file, as Ruff keeps one cache file per package: a cached
 * scan reads one file instead of one per source file (reading 4,500 entry files was a sixth of a cached scan of
 * the real-world corpus). The pack is read on first use and written once, at the end of a scan that analysed
 * something, to a temporary file renamed into place: two scans at once each see an old or a new pack, never
 * half of one, and the last to finish keeps its entries (the other's fresh results only cost it speed next
 * time). Entries of files that no longer exist are dropped when the pack is written, and packs and formats no
 * longer used are removed (housekeeping.ts). A pack that cannot be
 * read is ignored with a warning; an entry that is not as stored is ignored with a note on its file.
 */
export class ScanCache {
  readonly counters: CacheCounters = { hits: 0, misses: 0, stored: 0 };
  private readonly keys: string[];
  private readonly packs = new Map<string, Pack>();
  private readonly neighbours = new NeighbourCheck(new NodeFileSystem({ rememberMissing: true }));
  private writeError: string | undefined;
  private readonly unreadable: string[] = [];

  constructor(
    readonly directory: string,
    configs: readonly AisecConfig[],
    identity: AnalyserIdentity,
  ) {
    const analyser = analyserKey(identity);
    this.keys = configs.map((config) => settingsKey(analyser, config));
  }

  /** The first failure to write, if any (the scan goes on without storing; said once). */
  get problem(): string | undefined {
    return this.writeError;
  }

  /** Pack files that could not be read and were ignored (their files were analysed again). */
  get unreadablePacks(): readonly string[] {
    return this.unreadable;
  }

  lookup(task: ScanTask): CacheLookup {
    const found = this.readEntry(task);
    if (found.result) this.counters.hits++;
    else this.counters.misses++;
    return found;
  }

  private readEntry(task: ScanTask): CacheLookup {
    const raw = this.pack(task).entries.get(task.path);
    if (raw === undefined) return {};
    // The pack is keyed by each entry's own path, so only its shape needs checking.
    if (!isEntry(raw)) return { note: 'cache entry was unreadable and was ignored; the file was analysed again' };
    const entry = raw;
    // A stamp that still matches stands for the bytes (file-stamp.ts); otherwise they are read and hashed.
    // Discovery's stat of this scan is as current as another would be.
    const sameBytes =
      (entry.stamp !== undefined && sameStamp(entry.stamp, task.stamp ?? currentStamp(task.path))) || this.holdsBytes(task.path, entry.contentHash);
    if (!sameBytes) return {};
    if (!entry.neighbours.every((read) => this.neighbours.unchanged(read))) return {};
    return { result: entry.result };
  }

  private holdsBytes(file: string, hash: string): boolean {
    try {
      return contentHash(fs.readFileSync(file)) === hash;
    } catch {
      return false;
    }
  }

  /** Keeps a freshly analysed file's result until `flush`. Never throws. */
  store(task: ScanTask, result: FileResult, provenance: FileProvenance): void {
    const { provenance: _omitted, ...stored } = result;
    const entry: CacheEntry = {
      path: task.path,
      contentHash: provenance.contentHash,
      ...(provenance.stamp ? { stamp: provenance.stamp } : {}),
      neighbours: provenance.neighbours,
      result: stored,
    };
    const pack = this.pack(task);
    pack.entries.set(task.path, entry);
    pack.changed = true;
    this.counters.stored++;
  }

  /**
   * Writes the packs this scan changed. Never throws: a cache that cannot be written only costs speed, and
   * the failure is kept for `problem`.
   */
  flush(): void {
    let wrote = false;
    for (const pack of this.packs.values()) {
      if (!pack.changed) {
        if (pack.entries.size > 0) markUsed(pack.file);
        continue;
      }
      if (this.writeError) continue;
      for (const file of pack.entries.keys()) if (!fs.existsSync(file)) pack.entries.delete(file);
      try {
        this.prepare(path.dirname(pack.file));
        writeAtomically(pack.file, JSON.stringify({ entries: [...pack.entries.values()] }));
        pack.changed = false;
        wrote = true;
      } catch (error) {
        this.writeError = `cannot write the cache in ${this.directory}: ${(error as Error).message}`;
      }
    }
    if (wrote) tidyCache(this.directory, FORMAT);
  }

  /** The pack of the task's settings, read on first use. */
  private pack(task: ScanTask): Pack {
    const key = this.keys[task.configIndex];
    let pack = this.packs.get(key);
    if (!pack) this.packs.set(key, (pack = this.readPack(path.join(this.directory, FORMAT, `${key}.json`))));
    return pack;
  }

  private readPack(file: string): Pack {
    const pack: Pack = { file, entries: new Map(), changed: false };
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return pack; // No pack yet (or none readable): every file is a miss.
    }
    try {
      const stored = (JSON.parse(text) as { entries?: unknown }).entries;
      if (!Array.isArray(stored)) throw new Error('unexpected shape');
      for (const entry of stored) {
        const filePath = (entry as { path?: unknown } | null)?.path;
        if (typeof filePath === 'string') pack.entries.set(filePath, entry);
      }
    } catch {
      this.unreadable.push(file);
      // Rewritten at the end of this scan, so the warning is given once.
      pack.changed = true;
    }
    return pack;
  }

  /** Creates the cache folder (with a `.gitignore` that keeps it out of commits) and the format's folder. */
  private prepare(folder: string): void {
    fs.mkdirSync(folder, { recursive: true });
    const gitignore = path.join(this.directory, '.gitignore');
    if (!fs.existsSync(gitignore)) {
      writeAtomically(gitignore, CACHE_GITIGNORE);
    }
  }
}

/** Writes beside the target and renames over it: readers see the old file or the new one, never a mix. */
function writeAtomically(target: string, text: string): void {
  const temporary = `${target}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function isEntry(value: unknown): value is CacheEntry {
  if (!value || typeof value !== 'object') return false;
  const entry = value as Partial<CacheEntry>;
  const result = entry.result as Partial<FileResult> | undefined;
  return (
    typeof entry.path === 'string' &&
    typeof entry.contentHash === 'string' &&
    (entry.stamp === undefined || isFileStamp(entry.stamp)) &&
    Array.isArray(entry.neighbours) &&
    entry.neighbours.every((read) => read && typeof read.path === 'string' && ['read', 'exists', 'list'].includes(read.op)) &&
    !!result &&
    typeof result.path === 'string' &&
    Array.isArray(result.findings) &&
    Array.isArray(result.notes) &&
    typeof result.lines === 'number'
  );
}
