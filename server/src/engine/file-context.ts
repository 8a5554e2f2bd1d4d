import * as path from 'node:path';
import type { FileSystem } from './file-system';
import { severityRank, type Severity } from './types';

/**
 * What a file is for, judged once per file by the engine and shared by every rule (`context.file`). Rules use it
 * to choose a finding's severity (docs/severity.md), never to hide a real problem: a hard-coded live-format key
 * is an error in a test as much as in a server.
 */
export interface FileContext {
  /**
   * `test`: tests and fixtures. `example`: code written to be read or copied rather than run as shipped
   * (examples, cookbooks, docs, tutorials, notebooks' folders, benchmarks). `tooling`: the project's development
   * and CI machinery (dev containers, CI configuration, `scripts/`, `Dockerfile.dev`), built for its maintainers, never
   * deployed. `source`: everything else.
   */
  readonly role: FileRole;
  readonly isTest: boolean;
  readonly isExample: boolean;
  readonly isTooling: boolean;
  /** A Jupyter notebook (`.ipynb`): exploratory or teaching code, run by a person cell by cell. */
  readonly isNotebook: boolean;
  /**
   * The kind of project the file belongs to, from the nearest package manifest above it (read lazily, on first
   * use, through the document's read-only file system): see `projectKindOf`.
   */
  readonly project: ProjectKind;
  /** True when the file is not shipped source: a test, an example, a notebook or project tooling. */
  readonly isIllustrative: boolean;
}

export type FileRole = 'test' | 'example' | 'tooling' | 'source';

/**
 * `library`: a package published for others to install (its manifest states ranges on purpose; pins belong to the
 * application that installs it). `application`: a project deployed or run as is (pins belong in it).
 * `unknown`: no manifest found, or the file does not come from disk.
 */
export type ProjectKind = 'library' | 'application' | 'unknown';

const TEST_PATH =
  /(^|[\\/])(tests?|[^\\/]*[-_]tests?|__tests__|spec|fixtures?|e2e)([\\/])|(^|[\\/])(test_[^\\/]*|[^\\/]*_test\.py|[^\\/]*\.(test|spec)\.[jt]sx?|conftest\.py)$/i;

/** Folders whose code is read or copied rather than shipped. Matched on a whole path segment. */
const EXAMPLE_PATH =
  /(^|[\\/])(examples?|example_[^\\/]*|[^\\/]*[-_]examples?|cookbooks?|[^\\/]*[-_]cookbook|docs?|documentation|tutorials?|samples?|demos?|notebooks?|benchmarks?|quickstarts?|recipes)([\\/])/i;

/** Development and CI machinery: dev containers, CI folders, development Dockerfiles. */
const TOOLING_PATH =
  /(^|[\\/])(\.devcontainer|\.github|\.gitlab|\.circleci|\.buildkite|ci|scripts?|[^\\/]*_scripts)([\\/])|(^|[\\/])(Dockerfile(\.[\w-]+)*\.(dev|ci|test)|(dev|ci|test)\.Dockerfile|[^\\/]*\.(dev|ci)\.Dockerfile)$/i;

export function isToolingPath(filePath: string | undefined): boolean {
  return filePath !== undefined && TOOLING_PATH.test(filePath);
}

/** Test files may get a lower severity from some rules: a key in a test is still a key. */
export function isTestPath(filePath: string | undefined): boolean {
  return filePath !== undefined && TEST_PATH.test(filePath);
}

export function isExamplePath(filePath: string | undefined): boolean {
  return filePath !== undefined && EXAMPLE_PATH.test(filePath);
}

/** A file's path below the project folder when it is inside it, else the path as given. */
export function pathInProject(filePath: string | undefined, projectRoot: string | undefined): string | undefined {
  if (!filePath || !projectRoot) return filePath;
  const relative = path.relative(projectRoot, filePath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filePath;
}

/**
 * The file's context. Roles are judged from the path below the project folder (so a project that lives in a
 * folder called `tests` is not all tests); the project kind from the files beside it, on first use.
 */
export function fileContext(filePath: string | undefined, projectRoot: string | undefined, files: FileSystem): FileContext {
  const relative = pathInProject(filePath, projectRoot);
  const role: FileRole = isTestPath(relative)
    ? 'test'
    : isExamplePath(relative)
      ? 'example'
      : isToolingPath(relative)
        ? 'tooling'
        : 'source';
  const isNotebook = filePath !== undefined && /\.ipynb$/i.test(filePath);
  let project: ProjectKind | undefined;
  return {
    role,
    isTest: role === 'test',
    isExample: role === 'example',
    isTooling: role === 'tooling',
    isNotebook,
    isIllustrative: role !== 'source' || isNotebook,
    get project(): ProjectKind {
      return (project ??=
        filePath && path.isAbsolute(filePath) ? projectKindOf(path.dirname(filePath), files, insideRoot(filePath, projectRoot)) : 'unknown');
    },
  };
}

/** The project folder when the file is inside it: the search for a manifest stops there. */
function insideRoot(filePath: string, projectRoot: string | undefined): string | undefined {
  return projectRoot && pathInProject(filePath, projectRoot) !== filePath ? path.resolve(projectRoot) : undefined;
}

/** How far up a manifest is looked for: a monorepo's package rarely sits deeper than this below its manifest. */
const MAX_LEVELS = 8;

/** Lock files that pin an installed environment: a project that commits one deploys or runs what it locks. */
const PYTHON_LOCK_FILES = ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock', 'pylock.toml'];

/**
 * The kind of the nearest project above `directory` (the directory itself included), looking no higher than
 * `stopAt` (the project folder) when given: a tool's checkout or a home folder above the project says nothing.
 * - `package.json`: `"private": true` is an application; a package that declares an entry point for importers
 *   (`main`, `module`, `exports`, `types`) is a library; anything else is an application.
 * - `pyproject.toml`: a distribution name (`[project]` or `[tool.poetry]` `name`) makes a library when no lock
 *   file sits beside it, or when it declares PyPI `classifiers` (libraries lock their development environment
 *   too); otherwise an application. `setup.py`/`setup.cfg` alone make a library.
 * - `Pipfile` alone: an application. A `requirements.txt` alone says nothing: it is looked past.
 */
export function projectKindOf(directory: string, files: FileSystem, stopAt?: string): ProjectKind {
  let current = directory;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const kind = kindOfDirectory(current, files);
    if (kind) return kind;
    if (stopAt !== undefined && path.resolve(current) === stopAt) break;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return 'unknown';
}

function kindOfDirectory(directory: string, files: FileSystem): ProjectKind | undefined {
  const packageJson = files.read(path.join(directory, 'package.json'));
  if (packageJson !== undefined) return packageJsonKind(packageJson);
  const pyproject = files.read(path.join(directory, 'pyproject.toml'));
  const hasLock = () => PYTHON_LOCK_FILES.some((name) => files.exists(path.join(directory, name)));
  if (pyproject !== undefined) {
    const kind = pyprojectKind(pyproject, hasLock());
    if (kind) return kind;
  }
  if (files.exists(path.join(directory, 'setup.py')) || files.exists(path.join(directory, 'setup.cfg'))) return 'library';
  if (files.exists(path.join(directory, 'Pipfile'))) return 'application';
  return undefined;
}

export function packageJsonKind(text: string): ProjectKind {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return 'unknown';
  }
  if (!manifest || typeof manifest !== 'object') return 'unknown';
  const fields = manifest as Record<string, unknown>;
  if (fields.private === true) return 'application';
  const entryPoint = ['main', 'module', 'exports', 'types', 'typings'].some((key) => fields[key] !== undefined);
  return typeof fields.name === 'string' && entryPoint ? 'library' : 'application';
}

/** Undefined when the pyproject names no distribution (a tools-only file such as `[tool.ruff]`). */
export function pyprojectKind(text: string, hasLockFile: boolean): ProjectKind | undefined {
  if (!namesDistribution(text)) return undefined;
  if (!hasLockFile) return 'library';
  return /^\s*classifiers\s*=/m.test(text) ? 'library' : 'application';
}

/** A `name = ` key directly in the `[project]` or `[tool.poetry]` table. */
function namesDistribution(text: string): boolean {
  let inPackageTable = false;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\[\]]+)\]\s*(#.*)?$/.exec(line);
    if (header) inPackageTable = header[1].trim() === 'project' || header[1].trim() === 'tool.poetry';
    else if (inPackageTable && /^\s*name\s*=/.test(line)) return true;
  }
  return false;
}

/** A rule's severity ceiling per kind of file (`RuleMeta.severityIn`). */
export type SeverityByContext = Partial<Record<'test' | 'example' | 'tooling' | 'notebook' | 'library', Severity>>;

/**
 * The severity a finding keeps in this file: the lowest of its own and the ceilings of the kinds the file is.
 * The project kind is only read (from disk) when the rule has a `library` ceiling and something to lower.
 */
export function severityInContext(severity: Severity, ceilings: SeverityByContext | undefined, file: FileContext): Severity {
  if (!ceilings) return severity;
  let result = severity;
  const lower = (ceiling: Severity | undefined, applies: () => boolean) => {
    if (ceiling && severityRank(ceiling) < severityRank(result) && applies()) result = ceiling;
  };
  lower(ceilings.test, () => file.isTest);
  lower(ceilings.example, () => file.isExample);
  lower(ceilings.tooling, () => file.isTooling);
  lower(ceilings.notebook, () => file.isNotebook);
  lower(ceilings.library, () => file.project === 'library');
  return result;
}
