import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageIdForPath, type LanguageId } from '../engine/languages';
import { isBinary, SNIFF_BYTES } from './binary';
import { looksMinified } from './minified';
import { formatBytes } from './format-bytes';
import { isSkippedDirectory } from './skipped-directories';
import { stampOf, type FileStamp } from './cache/file-stamp';
import { IgnoreGate } from './ignore-gate';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** How many files and folders the walk checks between yields to the event loop. */
const YIELD_EVERY = 64;

export interface DiscoverOptions {
  /** Gitignore-style globs, relative to `excludeRoot`, of files and folders not to scan. */
  exclude: string[];
  excludeRoot: string;
  /** More gitignore-style globs, each set relative to its own folder (the CLI's `--exclude`, relative to the working directory). */
  extraExcludes?: { patterns: string[]; root: string }[];
  /** Honour `.gitignore` files (at every level, and those above the roots up to the repository root). Default true. */
  respectGitignore?: boolean;
  /** Files larger than this are skipped with a note. Default 5 MB. */
  maxFileBytes?: number;
}

export interface DiscoveredFile {
  /** Absolute path. */
  path: string;
  languageId: LanguageId;
  /** Size and times when the walk looked (it stats every file for its size): the scan cache compares them. */
  stamp: FileStamp;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface Discovery {
  /** Sorted by path, each real file once even when reachable through several symlinks or roots. */
  files: DiscoveredFile[];
  skipped: SkippedFile[];
}

/** A `.gitignore` (or `.git/info/exclude`) and the folder its patterns are relative to. */
interface IgnoreLevel {
  dir: string;
  patterns: string[];
  matcher: Ignore;
  /**
   * The same patterns without those that ignore only folders (`build/`): files are tested against this one.
   * A third to a half of a typical `.gitignore` is such patterns, and every file was tested against each.
   * Negations stay: `!keep/` can decide a file's folder, which the matcher checks on the way.
   */
  fileMatcher: Ignore;
  /** Quick "no pattern can match" checks before each matcher (ignore-gate.ts). */
  gate: IgnoreGate;
  fileGate: IgnoreGate;
}

function ignoreLevel(dir: string, patterns: string[]): IgnoreLevel {
  const matcher = ignore().add(patterns);
  const gate = new IgnoreGate(patterns);
  const forFiles = patterns.filter((pattern) => !ignoresOnlyFolders(pattern));
  if (forFiles.length === patterns.length) return { dir, patterns, matcher, fileMatcher: matcher, gate, fileGate: gate };
  return { dir, patterns, matcher, fileMatcher: ignore().add(forFiles), gate, fileGate: new IgnoreGate(forFiles) };
}

/**
 * What a level says about a path: `ignored`, `unignored` (re-included by a `!` pattern) or neither. Folders
 * are tested against every pattern, files against those that can match a file; a path that holds none of the
 * patterns' literal pieces is settled without testing them.
 */
function levelVerdict(level: IgnoreLevel, relative: string, isDir: boolean): { ignored: boolean; unignored: boolean } {
  if (!(isDir ? level.gate : level.fileGate).mayMatch(relative)) return NO_VERDICT;
  return (isDir ? level.matcher : level.fileMatcher).test(relative);
}

const NO_VERDICT = { ignored: false, unignored: false };

/** A pattern with a trailing slash matches folders only (gitignore(5)); trailing spaces are not part of it. */
function ignoresOnlyFolders(pattern: string): boolean {
  return !pattern.startsWith('!') && pattern.trimEnd().endsWith('/');
}

/**
 * The level without the patterns that ignore `folder` itself (or a folder above it), keeping those that
 * apply to what is inside: `generated/` goes, `*.tmp.py` stays.
 */
function withoutPatternsIgnoring(level: IgnoreLevel, folder: string): IgnoreLevel {
  const relative = relativeFor(level.dir, folder, true);
  if (relative === undefined) return level;
  const kept = level.patterns.filter((pattern) => !ignore().add(pattern).ignores(relative));
  return kept.length === level.patterns.length ? level : ignoreLevel(level.dir, kept);
}

/**
 * Finds the files to scan under the given files and folders. Folders are walked (following symlinks,
 * without looping), dependency/VCS/cache folders are never entered, `.gitignore` and `exclude` are honoured;
 * explicitly named files are taken whenever AISec reads their type. Binary and oversized files are skipped
 * with a note rather than read, so one bad file never costs the scan.
 */
export async function discoverFiles(roots: string[], options: DiscoverOptions): Promise<Discovery> {
  const walker = new Walker(options);
  for (const root of roots) await walker.visitRoot(path.resolve(root));
  return walker.result();
}

class Walker {
  private readonly files = new Map<string, DiscoveredFile>();
  private readonly skipped: SkippedFile[] = [];
  private readonly seenRealFiles = new Set<string>();
  private readonly visitedRealDirs = new Set<string>();
  private readonly excludes: IgnoreLevel[];
  private readonly respectGitignore: boolean;
  private readonly maxFileBytes: number;
  private considered = 0;

  constructor(options: DiscoverOptions) {
    this.excludes = [{ patterns: options.exclude, root: options.excludeRoot }, ...(options.extraExcludes ?? [])]
      .filter((set) => set.patterns.length > 0)
      .map((set) => ignoreLevel(path.resolve(set.root), set.patterns));
    this.respectGitignore = options.respectGitignore ?? true;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  result(): Discovery {
    const files = [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files, skipped: this.skipped };
  }

  async visitRoot(root: string): Promise<void> {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(root);
    } catch (error) {
      this.skip(root, describeFsError(error));
      return;
    }
    if (stat.isDirectory()) {
      // A folder named on the command line is scanned even when it is itself ignored or excluded (the user
      // asked for it); the rules still apply to what is inside it.
      const above = this.respectGitignore ? gitignoresAbove(root) : [];
      const levels = above.map((level) => withoutPatternsIgnoring(level, root));
      const excludes = this.excludes.map((set) => withoutPatternsIgnoring(set, root));
      await this.walkDirectory(root, levels, excludes);
    } else if (stat.isFile()) {
      const languageId = languageIdForPath(root);
      if (!languageId) {
        this.skip(root, 'not a file type AISec reads');
        return;
      }
      await this.considerFile(root, languageId, { stats: stat, named: true });
    } else {
      this.skip(root, 'not a regular file or folder');
    }
  }

  /**
   * Synchronous, like the file checks below: one folder's `realpath`, `readdir` and `.gitignore` cost tens of
   * microseconds, and each trip through the thread pool waits for a thread to wake up (on a busy machine,
   * milliseconds), which left a cached scan idle for a third of its time.
   */
  private async walkDirectory(dir: string, parentLevels: IgnoreLevel[], excludes: IgnoreLevel[]): Promise<void> {
    await this.yieldNow();
    let real: string;
    try {
      real = fs.realpathSync.native(dir);
    } catch (error) {
      this.skip(dir, describeFsError(error));
      return;
    }
    if (this.visitedRealDirs.has(real)) {
      // Reached again through a symlink: a loop, or a second way into a folder already scanned.
      return;
    }
    this.visitedRealDirs.add(real);

    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.skip(dir, describeFsError(error));
      return;
    }
    const levels = this.respectGitignore ? withGitignore(dir, entries, parentLevels) : parentLevels;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    const subdirectories: string[] = [];
    const candidates: { file: string; languageId: LanguageId; real?: string }[] = [];
    for (const entry of entries) {
      const full = childPath(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.promises.stat(full);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // A dangling link is not something the user asked to scan.
        }
        if (isDir) {
          const targetReal = await fs.promises.realpath(full).catch(() => undefined);
          if (targetReal && isAncestorOrSame(targetReal, real)) {
            this.skip(full, 'symlink loop (points to a folder that contains it)');
            continue;
          }
        }
      }
      if (isDir) {
        if (isSkippedDirectory(entry.name) || isVirtualEnv(full)) continue;
        if (isIgnored(full, true, levels, excludes)) continue;
        subdirectories.push(full);
      } else if (isFile) {
        const languageId = languageIdForPath(full);
        if (!languageId) continue;
        if (isIgnored(full, false, levels, excludes)) continue;
        // A plain file's real path is its folder's real path and its name; only a link needs resolving.
        candidates.push({ file: full, languageId, real: entry.isSymbolicLink() ? undefined : childPath(real, entry.name) });
      }
    }
    for (const c of candidates) await this.considerFile(c.file, c.languageId, { real: c.real });
    for (const sub of subdirectories) await this.walkDirectory(sub, levels, excludes);
  }

  /**
   * File checks are synchronous: a `stat` and an 8 KB read through the thread pool cost more in
   * scheduling than in work (they dominated a cached scan), so the walk yields to the event loop every
   * so many files instead, for progress and for the language server's workspace scan. `known` carries what
   * the caller already has: the stats of a named file, the real path of a plain file in a walked folder.
   */
  private async considerFile(file: string, languageId: LanguageId, known: { stats?: fs.Stats; real?: string; named?: boolean }): Promise<void> {
    await this.yieldNow();
    const named = known.named ?? false;
    let real: string;
    let stats: fs.Stats;
    try {
      real = known.real ?? fs.realpathSync.native(file);
      stats = known.stats ?? fs.statSync(file);
    } catch (error) {
      this.skip(file, describeFsError(error));
      return;
    }
    const size = stats.size;
    if (this.seenRealFiles.has(real)) return;
    this.seenRealFiles.add(real);
    if (size > this.maxFileBytes) {
      this.skip(file, `larger than ${formatBytes(this.maxFileBytes)} (${formatBytes(size)})`);
      return;
    }
    try {
      const head = readHead(file);
      if (isBinary(head)) {
        this.skip(file, 'binary file (NUL byte in the first 8 KB)');
        return;
      }
      if (!named && isJavaScript(languageId) && looksMinified(head, size)) {
        this.skip(file, 'minified JavaScript (built code; name the file to analyse it anyway)');
        return;
      }
    } catch (error) {
      this.skip(file, describeFsError(error));
      return;
    }
    this.files.set(file, { path: file, languageId, stamp: stampOf(stats) });
  }

  /** Lets the event loop run (progress, the language server's other work) every so many files and folders. */
  private async yieldNow(): Promise<void> {
    if (++this.considered % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }

  private skip(file: string, reason: string): void {
    this.skipped.push({ path: file, reason });
  }
}

function isIgnored(full: string, isDir: boolean, levels: IgnoreLevel[], excludes: IgnoreLevel[]): boolean {
  return excludes.some((set) => excluded(set, full, isDir)) || gitignoreVerdict(full, isDir, levels);
}

/** Later (deeper) .gitignore files override earlier ones, including re-inclusion with "!pattern". */
function gitignoreVerdict(full: string, isDir: boolean, levels: IgnoreLevel[]): boolean {
  let ignored = false;
  for (const level of levels) {
    const relative = relativeFor(level.dir, full, isDir);
    if (relative === undefined) continue;
    const verdict = levelVerdict(level, relative, isDir);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

function excluded(set: IgnoreLevel, full: string, isDir: boolean): boolean {
  const relative = relativeFor(set.dir, full, isDir);
  return relative !== undefined && levelVerdict(set, relative, isDir).ignored;
}

/** The path as gitignore matching wants it: relative, forward slashes, folders with a trailing slash. */
function relativeFor(base: string, full: string, isDir: boolean): string | undefined {
  // The walk makes paths by joining names onto resolved folders, so a path below `base` starts with it; the
  // prefix test spares `path.relative` (a tenth of a cached scan's gitignore matching) for nearly every path.
  const below = full.length > base.length + 1 && full.charCodeAt(base.length) === SEPARATOR && full.startsWith(base);
  const relative = below ? full.slice(base.length + 1) : path.relative(base, full);
  if (!below && (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))) return undefined;
  const posix = path.sep === '/' ? relative : relative.split(path.sep).join('/');
  return isDir ? `${posix}/` : posix;
}

const SEPARATOR = path.sep.charCodeAt(0);

function withGitignore(dir: string, entries: fs.Dirent[], parentLevels: IgnoreLevel[]): IgnoreLevel[] {
  if (!entries.some((e) => e.name === '.gitignore' && (e.isFile() || e.isSymbolicLink()))) return parentLevels;
  const patterns = readIgnoreFile(path.join(dir, '.gitignore'));
  return patterns ? [...parentLevels, ignoreLevel(dir, patterns)] : parentLevels;
}

/**
 * The ignore files that apply to a scan root from above it: those of its ancestors up to the repository
 * root (the folder holding `.git`), plus `.git/info/exclude`. Without a repository, only the root's own.
 */
function gitignoresAbove(root: string): IgnoreLevel[] {
  const ancestors: string[] = [];
  let dir = path.dirname(root);
  let repositoryRoot: string | undefined = fs.existsSync(path.join(root, '.git')) ? root : undefined;
  while (!repositoryRoot) {
    ancestors.push(dir);
    if (fs.existsSync(path.join(dir, '.git'))) repositoryRoot = dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const levels: IgnoreLevel[] = [];
  if (!repositoryRoot) return levels;
  const exclude = readIgnoreFile(path.join(repositoryRoot, '.git', 'info', 'exclude'));
  if (exclude) levels.push(ignoreLevel(repositoryRoot, exclude));
  for (const ancestor of ancestors.reverse()) {
    const patterns = readIgnoreFile(path.join(ancestor, '.gitignore'));
    if (patterns) levels.push(ignoreLevel(ancestor, patterns));
  }
  return levels;
}

/** The patterns of an ignore file (comments and blank lines dropped), or undefined when there is none. */
function readIgnoreFile(file: string): string[] | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  } catch {
    return undefined;
  }
}

function isVirtualEnv(dir: string): boolean {
  return fs.existsSync(childPath(dir, 'pyvenv.cfg'));
}

const sniffBuffer = Buffer.alloc(SNIFF_BYTES);

/** The first 8 KB of a file, in a buffer reused by the next call. */
function readHead(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const bytesRead = fs.readSync(fd, sniffBuffer, 0, SNIFF_BYTES, 0);
    return sniffBuffer.subarray(0, bytesRead);
  } finally {
    fs.closeSync(fd);
  }
}

function isJavaScript(languageId: LanguageId): boolean {
  return languageId === 'javascript' || languageId === 'javascriptreact';
}

function isAncestorOrSame(candidate: string, dir: string): boolean {
  const relative = path.relative(candidate, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'symlink loop';
  return `cannot read (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * A folder entry's path: the folder's path (absolute and normalized, as every folder the walk visits is) and the
 * name `readdir` gave, which holds no separator. What `path.join` returns for these, without its normalizing
 * pass over the whole string (measured: a twentieth of a fully cached scan went to joining).
 */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}
