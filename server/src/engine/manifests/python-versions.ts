import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { FileSystem } from '../file-system';
import { normalizePackageName } from './requirements';

/**
 * Where a Python package's version can be learnt without running anything: a virtual environment's
 * `*.dist-info/METADATA` files, or a lock file (`poetry.lock`, `uv.lock`, `Pipfile.lock`). Used by fixes
 * that pin a requirement to the version the project actually uses.
 */

export interface KnownVersion {
  version: string;
  /** Where the version came from, for the fix title (`.venv`, `poetry.lock`). */
  origin: string;
  kind: VersionSource['kind'];
}

export interface VersionSource {
  /** Shown to the user, relative to the manifest's folder when possible. */
  origin: string;
  /** An environment says what is installed; a lock file what the project resolved. */
  kind: 'environment' | 'lock';
  lookup(normalizedName: string): string | undefined;
}

/** How many folders above the manifest to look for environments and lock files. */
const MAX_LEVELS_UP = 5;
const VENV_NAMES = ['.venv', 'venv'];
const LOCK_FILES: { file: string; read: (text: string) => Map<string, string> }[] = [
  { file: 'poetry.lock', read: readTomlPackages },
  { file: 'uv.lock', read: readTomlPackages },
  { file: 'Pipfile.lock', read: readPipfileLock },
];

/**
 * The version sources for a manifest, nearest first: the configured interpreter's environment, then for
 * each folder from the manifest's up: `.venv`, `venv`, `poetry.lock`, `uv.lock`, `Pipfile.lock`.
 */
export function pythonVersionSources(files: FileSystem, manifestPath: string, interpreter?: string): VersionSource[] {
  const sources: VersionSource[] = [];
  const base = path.dirname(manifestPath);
  const label = (target: string) => path.relative(base, target) || path.basename(target);
  if (interpreter) {
    // A relative interpreter path (`.venv/bin/python` in .aisec.json) is taken from the manifest's folder.
    const environment = environmentRoot(path.resolve(base, interpreter));
    const sitePackages = sitePackagesFolders(files, environment);
    if (sitePackages.length > 0) sources.push(environmentSource(files, sitePackages, `the configured interpreter (${interpreter})`));
  }
  let folder = base;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    for (const name of VENV_NAMES) {
      const environment = path.join(folder, name);
      const sitePackages = sitePackagesFolders(files, environment);
      if (sitePackages.length > 0) sources.push(environmentSource(files, sitePackages, label(environment)));
    }
    for (const lock of LOCK_FILES) {
      const lockPath = path.join(folder, lock.file);
      const text = files.read(lockPath);
      if (text === undefined) continue;
      const packages = cachedParse(lockPath, text, lock.read);
      if (packages) sources.push({ origin: label(lockPath), kind: 'lock', lookup: (name) => packages.get(name) });
    }
    const parent = path.dirname(folder);
    if (parent === folder || files.exists(path.join(folder, '.git'))) break;
    folder = parent;
  }
  return sources;
}

/** The first version any source knows for a package. */
export function findPythonVersion(sources: readonly VersionSource[], normalizedName: string): KnownVersion | undefined {
  for (const source of sources) {
    const version = source.lookup(normalizedName);
    if (version) return { version, origin: source.origin, kind: source.kind };
  }
  return undefined;
}

/** `/p/.venv/bin/python3` → `/p/.venv`; `C:\p\.venv\Scripts\python.exe` → `C:\p\.venv`; a folder stays. */
function environmentRoot(interpreter: string): string {
  const base = path.basename(interpreter).toLowerCase();
  if (/^python[\d.]*(\.exe)?$/.test(base)) return path.dirname(path.dirname(interpreter));
  return interpreter;
}

function sitePackagesFolders(files: FileSystem, environment: string): string[] {
  const folders: string[] = [];
  const lib = path.join(environment, 'lib');
  for (const entry of files.list(lib) ?? []) {
    if (/^python\d/.test(entry)) {
      const candidate = path.join(lib, entry, 'site-packages');
      if (files.exists(candidate)) folders.push(candidate);
    }
  }
  const windows = path.join(environment, 'Lib', 'site-packages');
  if (folders.length === 0 && files.exists(windows)) folders.push(windows);
  return folders;
}

/**
 * Indexes `*.dist-info` folders by the name in their folder name (cheap: one directory listing), and
 * reads a package's METADATA only when asked, for the authoritative Name and Version.
 */
function environmentSource(files: FileSystem, sitePackages: string[], origin: string): VersionSource {
  let index: Map<string, string> | undefined;
  const build = () => {
    index = new Map();
    for (const folder of sitePackages) {
      for (const entry of files.list(folder) ?? []) {
        const match = /^(.+?)-([^-]+)\.dist-info$/.exec(entry);
        if (match && !index.has(normalizePackageName(match[1]))) index.set(normalizePackageName(match[1]), path.join(folder, entry));
      }
    }
    return index;
  };
  return {
    origin,
    kind: 'environment',
    lookup(name) {
      const distInfo = (index ?? build()).get(name);
      if (!distInfo) return undefined;
      const metadata = files.read(path.join(distInfo, 'METADATA'));
      const version = metadata ? /^Version:\s*(\S+)\s*$/m.exec(metadata)?.[1] : undefined;
      return version ?? /-([^-]+)\.dist-info$/.exec(distInfo)?.[1];
    },
  };
}

const parsedLocks = new Map<string, { text: string; packages: Map<string, string> | undefined }>();

/** Lock files are parsed once per content; an unreadable lock file is skipped, never fatal. */
function cachedParse(
  key: string,
  text: string,
  read: (text: string) => Map<string, string>,
): Map<string, string> | undefined {
  const cached = parsedLocks.get(key);
  if (cached && cached.text === text) return cached.packages;
  let packages: Map<string, string> | undefined;
  try {
    packages = read(text);
  } catch {
    packages = undefined;
  }
  if (parsedLocks.size > 64) parsedLocks.clear();
  parsedLocks.set(key, { text, packages });
  return packages;
}

/** `poetry.lock` and `uv.lock`: `[[package]]` tables with `name` and `version`. */
function readTomlPackages(text: string): Map<string, string> {
  const data = parseToml(text) as { package?: { name?: unknown; version?: unknown }[] };
  const packages = new Map<string, string>();
  for (const entry of Array.isArray(data.package) ? data.package : []) {
    if (typeof entry?.name === 'string' && typeof entry.version === 'string') {
      packages.set(normalizePackageName(entry.name), entry.version);
    }
  }
  return packages;
}

/** `Pipfile.lock`: JSON with `default` and `develop` maps of name to `{ "version": "==1.2.3" }`. */
function readPipfileLock(text: string): Map<string, string> {
  const data = JSON.parse(text) as Record<string, Record<string, { version?: unknown }>>;
  const packages = new Map<string, string>();
  for (const section of ['default', 'develop']) {
    for (const [name, entry] of Object.entries(data[section] ?? {})) {
      if (typeof entry?.version === 'string') packages.set(normalizePackageName(name), entry.version.replace(/^===?/, ''));
    }
  }
  return packages;
}
