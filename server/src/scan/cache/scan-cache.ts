import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import { NodeFileSystem } from '../../engine';
import type { AisecConfig, FileProvenance, FileResult, ScanTask } from '../types';
import { contentHash } from './content-hash';
import { currentStamp, isFileStamp, sameStamp, type FileStamp } from './file-stamp';
import { NeighbourCheck, type NeighbourRead } from './neighbour-reads';
import { analyserKey, settingsKey, type AnalyserIdentity } from './settings-key';

import { CACHE_DIRECTORY_NAME } from './directory-name';

export { CACHE_DIRECTORY_NAME };
/** Bumped when the entry format changes, so an older AISec's entries are never misread. */
const FORMAT = 'v1';

interface CacheEntry {
  path: string;
  contentHash: string;
  /** When set, a file with the same stamp is taken to hold the hashed bytes without being read. */
  stamp?: FileStamp;
  neighbours: NeighbourRead[];
  result: FileResult;
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
 * to be used. Entries are written to a temporary file and renamed into place, so two scans at once never see
 * a half-written entry; an unreadable entry is ignored with a note. Entries of other settings are left alone
 * (their folder is named by the settings' key) and an entry is overwritten when its file is re-analysed.
 */
export class ScanCache {
  readonly counters: CacheCounters = { hits: 0, misses: 0, stored: 0 };
  private readonly keys: string[];
  private readonly checked = new Set<string>();
  private readonly neighbours = new NeighbourCheck(new NodeFileSystem({ rememberMissing: true }));
  private writeError: string | undefined;

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

  lookup(task: ScanTask): CacheLookup {
    const found = this.readEntry(task);
    if (found.result) this.counters.hits++;
    else this.counters.misses++;
    return found;
  }

  private readEntry(task: ScanTask): CacheLookup {
    let raw: string;
    try {
      raw = fs.readFileSync(this.entryPath(task), 'utf8');
    } catch {
      return {};
    }
    let entry: CacheEntry;
    try {
      entry = JSON.parse(raw) as CacheEntry;
      if (!isEntry(entry)) throw new Error('unexpected shape');
    } catch {
      return { note: 'cache entry was unreadable and was ignored; the file was analysed again' };
    }
    if (entry.path !== task.path) return {};
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

  /** Keeps a freshly analysed file's result. Never throws: a cache that cannot be written only costs speed. */
  store(task: ScanTask, result: FileResult, provenance: FileProvenance): void {
    if (this.writeError) return;
    const { provenance: _omitted, ...stored } = result;
    const entry: CacheEntry = {
      path: task.path,
      contentHash: provenance.contentHash,
      ...(provenance.stamp ? { stamp: provenance.stamp } : {}),
      neighbours: provenance.neighbours,
      result: stored,
    };
    const target = this.entryPath(task);
    try {
      this.prepare(path.dirname(target));
      writeAtomically(target, JSON.stringify(entry));
      this.counters.stored++;
    } catch (error) {
      this.writeError = `cannot write the cache in ${this.directory}: ${(error as Error).message}`;
    }
  }

  private entryPath(task: ScanTask): string {
    const name = createHash('sha256').update(task.path).digest('hex').slice(0, 32);
    return path.join(this.directory, FORMAT, this.keys[task.configIndex], `${name}.json`);
  }

  /** Creates the cache folder (with a `.gitignore` that keeps it out of commits) and a settings folder. */
  private prepare(folder: string): void {
    if (this.checked.has(folder)) return;
    fs.mkdirSync(folder, { recursive: true });
    const gitignore = path.join(this.directory, '.gitignore');
    if (!fs.existsSync(gitignore)) {
      writeAtomically(gitignore, '# Created by aisec: the scan cache never belongs in a commit.\n*\n');
    }
    this.checked.add(folder);
  }
}

/** Writes beside the target and renames over it: readers see the old entry or the new one, never a mix. */
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
