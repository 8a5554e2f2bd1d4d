import { createHash } from 'node:crypto';
import type { FileSystem } from '../../engine';
import { CACHE_DIRECTORY_NAME } from './directory-name';

/**
 * One look a rule took at a file beside the document (`context.files`) and what it saw, reduced to a
 * fingerprint. A cached result stays valid only while every look it depended on would see the same thing:
 * a lock file's text, whether a `.dockerignore` exists, a virtual environment's entries.
 */
export interface NeighbourRead {
  op: 'read' | 'exists' | 'list';
  path: string;
  /** What was seen: a hash of the text or the entry names, '1'/'0' for exists; null when absent. */
  seen: string | null;
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function fingerprintRead(text: string | undefined, hashes: Map<string, { text: string; hash: string }>, filePath: string): string | null {
  if (text === undefined) return null;
  // Every file of a folder may read the same lock file: hash each text once.
  const known = hashes.get(filePath);
  if (known && known.text === text) return known.hash;
  const hash = hashText(text);
  if (hashes.size > 256) hashes.clear();
  hashes.set(filePath, { text, hash });
  return hash;
}

/**
 * The entry names of a folder, without the cache's own folder: the first scan creates it beside the files
 * (a Dockerfile's context lists the project folder), and no rule's verdict depends on it.
 */
function fingerprintList(entries: string[] | undefined): string | null {
  if (entries === undefined) return null;
  return hashText(entries.filter((name) => name !== CACHE_DIRECTORY_NAME).sort().join('\0'));
}

/** Wraps a file system and records every look taken through it, for the cache entry of one file. */
export class RecordingFileSystem implements FileSystem {
  readonly reads: NeighbourRead[] = [];
  private readonly recorded = new Set<string>();

  constructor(
    private readonly inner: FileSystem,
    private readonly hashes: Map<string, { text: string; hash: string }>,
  ) {}

  private record(op: NeighbourRead['op'], filePath: string, seen: string | null): void {
    const key = `${op}\0${filePath}`;
    if (this.recorded.has(key)) return;
    this.recorded.add(key);
    this.reads.push({ op, path: filePath, seen });
  }

  read(filePath: string): string | undefined {
    const text = this.inner.read(filePath);
    this.record('read', filePath, fingerprintRead(text, this.hashes, filePath));
    return text;
  }

  exists(filePath: string): boolean {
    const exists = this.inner.exists(filePath);
    this.record('exists', filePath, exists ? '1' : '0');
    return exists;
  }

  list(directory: string): string[] | undefined {
    const entries = this.inner.list(directory);
    this.record('list', directory, fingerprintList(entries));
    return entries;
  }
}

/**
 * Answers "would this look see the same thing now?" for cached entries, asking the disk once per look for
 * the whole scan (a scan is a snapshot in time, and many files look at the same neighbours).
 */
export class NeighbourCheck {
  private readonly answers = new Map<string, string | null>();
  private readonly hashes = new Map<string, { text: string; hash: string }>();

  constructor(private readonly files: FileSystem) {}

  unchanged(read: NeighbourRead): boolean {
    const key = `${read.op}\0${read.path}`;
    let seen = this.answers.get(key);
    if (seen === undefined) {
      seen =
        read.op === 'read'
          ? fingerprintRead(this.files.read(read.path), this.hashes, read.path)
          : read.op === 'exists'
            ? this.files.exists(read.path)
              ? '1'
              : '0'
            : fingerprintList(this.files.list(read.path));
      this.answers.set(key, seen);
    }
    return seen === read.seen;
  }
}
