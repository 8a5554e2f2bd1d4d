import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FileSystem } from '../file-system';

/**
 * Where an npm dependency's resolved version can be read without running anything: package-lock.json
 * (and npm-shrinkwrap.json), pnpm-lock.yaml, yarn.lock (classic and Berry), or the installed
 * node_modules/<name>/package.json. Lock files are looked for beside the manifest and in the folders
 * above it up to the repository root, so packages of a workspace find the root's lock file.
 */

export const NPM_LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];

export interface NpmResolution {
  version: string;
  /** A 40-hex commit when the dependency was resolved from git. */
  commit: string | undefined;
  /** Where it came from, relative to the manifest's folder (`package-lock.json`, `node_modules/x/package.json`). */
  origin: string;
}

interface LockIndex {
  /** Resolves a dependency of the package whose folder is `importer` (relative to the lock's folder, `.` for the root). */
  find(importer: string, name: string, spec: string): { version: string; commit: string | undefined } | undefined;
}

const MAX_LEVELS_UP = 5;

/**
 * The lock file that governs a manifest, if any: one beside it, or one in an enclosing workspace root
 * (a folder whose package.json declares `workspaces`, or that has pnpm-workspace.yaml). A lock file of an
 * unrelated project further up does not count.
 */
export function findNpmLockFile(files: FileSystem, manifestPath: string): string | undefined {
  const own = path.dirname(manifestPath);
  for (const folder of foldersUp(files, own)) {
    if (folder !== own && !isWorkspaceRoot(files, folder)) continue;
    for (const name of NPM_LOCK_FILES) {
      const candidate = path.join(folder, name);
      if (files.exists(candidate)) return candidate;
    }
  }
  return undefined;
}

function isWorkspaceRoot(files: FileSystem, folder: string): boolean {
  if (files.exists(path.join(folder, 'pnpm-workspace.yaml'))) return true;
  const text = files.read(path.join(folder, 'package.json'));
  if (text === undefined) return false;
  try {
    const data = JSON.parse(text) as { workspaces?: unknown };
    return data.workspaces !== undefined;
  } catch {
    return false;
  }
}

/** Creates a resolver for a manifest's dependencies; lock files are read and parsed at most once. */
export function npmVersionResolver(files: FileSystem, manifestPath: string): (name: string, spec: string) => NpmResolution | undefined {
  const base = path.dirname(manifestPath);
  const lockPath = findNpmLockFile(files, manifestPath);
  let index: LockIndex | undefined | null = null;
  return (name, spec) => {
    if (lockPath && index === null) index = readLock(files, lockPath);
    if (lockPath && index) {
      const importer = path.relative(path.dirname(lockPath), base).split(path.sep).join('/') || '.';
      const found = index.find(importer, name, spec);
      if (found) return { ...found, origin: path.relative(base, lockPath) };
    }
    for (const folder of foldersUp(files, base)) {
      const installed = path.join(folder, 'node_modules', name, 'package.json');
      const text = files.read(installed);
      if (text === undefined) continue;
      try {
        const data = JSON.parse(text) as { version?: unknown; gitHead?: unknown };
        if (typeof data.version === 'string') {
          const commit = typeof data.gitHead === 'string' && /^[0-9a-f]{40}$/.test(data.gitHead) ? data.gitHead : undefined;
          return { version: data.version, commit, origin: path.relative(base, installed) };
        }
      } catch {
        // A broken installed package.json tells us nothing.
      }
    }
    return undefined;
  };
}

function* foldersUp(files: FileSystem, start: string): Generator<string> {
  let folder = start;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    yield folder;
    const parent = path.dirname(folder);
    if (parent === folder || files.exists(path.join(folder, '.git'))) return;
    folder = parent;
  }
}

const parsed = new Map<string, { text: string; index: LockIndex | undefined }>();

function readLock(files: FileSystem, lockPath: string): LockIndex | undefined {
  const text = files.read(lockPath);
  if (text === undefined) return undefined;
  const cached = parsed.get(lockPath);
  if (cached && cached.text === text) return cached.index;
  let index: LockIndex | undefined;
  try {
    const name = path.basename(lockPath);
    if (name === 'pnpm-lock.yaml') index = pnpmIndex(text);
    else if (name === 'yarn.lock') index = yarnIndex(text);
    else if (name.endsWith('.json')) index = npmIndex(text);
  } catch {
    index = undefined;
  }
  if (parsed.size > 32) parsed.clear();
  parsed.set(lockPath, { text, index });
  return index;
}

function commitOf(value: unknown): string | undefined {
  return typeof value === 'string' ? /(?:#|commit=|\/)([0-9a-f]{40})(?:$|[&)])/.exec(value)?.[1] : undefined;
}

/** package-lock.json / npm-shrinkwrap.json, lockfileVersion 1 to 3. */
function npmIndex(text: string): LockIndex {
  const data = JSON.parse(text) as {
    packages?: Record<string, { version?: unknown; resolved?: unknown }>;
    dependencies?: Record<string, { version?: unknown; resolved?: unknown }>;
  };
  return {
    find(importer, name) {
      const prefix = importer === '.' ? '' : `${importer}/`;
      const entry = data.packages?.[`${prefix}node_modules/${name}`] ?? data.packages?.[`node_modules/${name}`] ?? data.dependencies?.[name];
      if (!entry || typeof entry.version !== 'string') return undefined;
      const commit = commitOf(entry.resolved) ?? commitOf(entry.version);
      // v1 records git dependencies with the URL as "version".
      const version = /^\d/.test(entry.version) ? entry.version : '';
      return { version, commit };
    },
  };
}

/** pnpm-lock.yaml: `importers.<path>.<section>.<name>` ({ specifier, version } from v6, a string before). */
function pnpmIndex(text: string): LockIndex {
  const data = parseYaml(pnpmSectionsRead(text)) as Record<string, unknown>;
  const sections = ['dependencies', 'devDependencies', 'optionalDependencies'];
  return {
    find(importer, name) {
      const importers = data.importers as Record<string, Record<string, Record<string, unknown>>> | undefined;
      const owner = importers?.[importer] ?? (importer === '.' ? (data as Record<string, Record<string, unknown>>) : undefined);
      for (const section of sections) {
        const entry = (owner?.[section] as Record<string, unknown> | undefined)?.[name];
        const raw = typeof entry === 'string' ? entry : (entry as { version?: unknown } | undefined)?.version;
        if (typeof raw !== 'string') continue;
        const commit = commitOf(raw);
        const version = /^\d/.test(raw) ? raw.replace(/\(.*$/, '') : '';
        return { version, commit };
      }
      return undefined;
    },
  };
}

/** The top-level sections of a pnpm lock file that `pnpmIndex` reads (v5 keeps them at the top level). */
const PNPM_SECTIONS_READ = new Set(['lockfileVersion', 'importers', 'dependencies', 'devDependencies', 'optionalDependencies']);

/**
 * Only the sections `pnpmIndex` reads, in their order: a lock file is mostly its `packages` and `snapshots`
 * (700 KB of a monorepo's 800 KB), whose YAML parse took a second of every scan worker that met the file.
 * A section runs from a line that starts with its key at column 0 to the next such line.
 */
function pnpmSectionsRead(text: string): string {
  const kept: string[] = [];
  const keyLine = /^([A-Za-z][\w-]*):/gm;
  const starts: { key: string; at: number }[] = [];
  for (let match = keyLine.exec(text); match; match = keyLine.exec(text)) starts.push({ key: match[1], at: match.index });
  starts.forEach(({ key, at }, i) => {
    if (PNPM_SECTIONS_READ.has(key)) kept.push(text.slice(at, starts[i + 1]?.at ?? text.length));
  });
  return kept.join('');
}

/**
 * yarn.lock, classic (`"name@^1.0.0", name@~1.0:` then `  version "1.0.3"`) and Berry (`"name@npm:^1.0.0":`
 * then `  version: 1.0.3`). Entries are keyed by descriptor so the exact range from package.json wins.
 */
function yarnIndex(text: string): LockIndex {
  const byDescriptor = new Map<string, { version: string; commit: string | undefined }>();
  const byName = new Map<string, { version: string; commit: string | undefined }[]>();
  let descriptors: string[] = [];
  let current: { version: string; commit: string | undefined } | undefined;
  const flush = () => {
    if (!current || !current.version) return;
    for (const descriptor of descriptors) {
      byDescriptor.set(descriptor, current);
      const name = descriptorName(descriptor);
      byName.set(name, [...(byName.get(name) ?? []), current]);
    }
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      flush();
      descriptors = line
        .replace(/:\s*$/, '')
        .split(/,\s*/)
        .map((d) => d.trim().replace(/^"|"$/g, ''));
      current = { version: '', commit: undefined };
      continue;
    }
    const field = /^\s+(version|resolved|resolution):?\s+"?([^"]+)"?\s*$/.exec(line);
    if (!field || !current) continue;
    if (field[1] === 'version') current.version = field[2];
    else current.commit ??= commitOf(field[2]);
  }
  flush();
  return {
    find(_importer, name, spec) {
      const exact = byDescriptor.get(`${name}@${spec}`) ?? byDescriptor.get(`${name}@npm:${spec}`);
      if (exact) return exact;
      const candidates = byName.get(name) ?? [];
      const versions = new Set(candidates.map((c) => c.version));
      // Only an unambiguous name is a safe guess.
      return versions.size === 1 ? candidates[0] : undefined;
    },
  };
}

function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
  return at > 0 ? descriptor.slice(0, at) : descriptor;
}
