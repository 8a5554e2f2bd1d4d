import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Read-only access to the files around a document (lock files, virtual environments, `.dockerignore`).
 * Synchronous because rules are; every method answers "absent" rather than throwing, so a missing or
 * unreadable file is never a rule failure. The engine only ever reads: nothing here writes or executes.
 */
export interface FileSystem {
  /** The text of a file, or undefined when it is missing, unreadable, not a file or too large. */
  read(filePath: string): string | undefined;
  exists(filePath: string): boolean;
  /** The entry names of a directory, or undefined when it is not a readable directory. */
  list(directory: string): string[] | undefined;
}

/** Files larger than this are treated as absent: lock files are big, but not this big. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** A file system with nothing in it, for documents that do not come from disk. */
export const EMPTY_FILE_SYSTEM: FileSystem = {
  read: () => undefined,
  exists: () => false,
  list: () => undefined,
};

/**
 * The node file system, read-only. Texts are cached by modification time and size so that re-analysing a
 * manifest on every keystroke does not re-read its lock file.
 */
export class NodeFileSystem implements FileSystem {
  private readonly texts = new Map<string, { mtimeMs: number; size: number; text: string }>();
  /** Paths found missing, remembered only when the files cannot change meanwhile (a CLI scan). */
  private readonly missing: Set<string> | undefined;

  /**
   * `rememberMissing`: a one-off scan looks for the same absent files (gateway configs, lock files, project
   * markers) from every file of a folder; remembering the misses saves a `stat` each time. An editor
   * session must not: the user may create the file a moment later.
   */
  constructor(options: { rememberMissing?: boolean } = {}) {
    this.missing = options.rememberMissing ? new Set() : undefined;
  }

  private knownMissing(filePath: string): boolean {
    return this.missing?.has(filePath) === true;
  }

  private noteMissing(filePath: string): void {
    if (!this.missing) return;
    if (this.missing.size > 100_000) this.missing.clear();
    this.missing.add(filePath);
  }

  read(filePath: string): string | undefined {
    if (this.knownMissing(filePath)) return undefined;
    try {
      // Most looks are for files that are not there: asking without an exception is several times cheaper.
      const stat = fs.statSync(filePath, { throwIfNoEntry: false });
      if (!stat) {
        this.noteMissing(filePath);
        return undefined;
      }
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
      const cached = this.texts.get(filePath);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
      const text = fs.readFileSync(filePath, 'utf8');
      if (this.texts.size > 256) this.texts.clear();
      this.texts.set(filePath, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch {
      this.noteMissing(filePath);
      return undefined;
    }
  }

  exists(filePath: string): boolean {
    if (this.knownMissing(filePath)) return false;
    try {
      if (fs.statSync(filePath, { throwIfNoEntry: false })) return true;
      this.noteMissing(filePath);
      return false;
    } catch {
      this.noteMissing(filePath);
      return false;
    }
  }

  list(directory: string): string[] | undefined {
    try {
      return fs.readdirSync(directory);
    } catch {
      return undefined;
    }
  }
}

let nodeFileSystem: NodeFileSystem | undefined;

/** The file system the engine uses when none is given: the disk for absolute paths, nothing otherwise. */
export function defaultFileSystem(filePath: string | undefined): FileSystem {
  if (!filePath || !path.isAbsolute(filePath)) return EMPTY_FILE_SYSTEM;
  return (nodeFileSystem ??= new NodeFileSystem());
}
