import * as path from 'node:path';

/**
 * Language ids as VS Code names them. A file's id decides which parser reads it and which rules run.
 * `jupyter` is the id the engine uses for a whole `.ipynb` file read from disk.
 */
export const LANGUAGE_IDS = [
  'python',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'dockerfile',
  'pip-requirements',
  'json',
  'toml',
  'dockercompose',
  'jupyter',
] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

/**
 * A family groups the language ids that rules treat alike: one rule covers JavaScript, TypeScript and
 * their JSX variants, and manifests are told apart by file name rather than by syntax.
 */
export type LanguageFamily =
  | 'python'
  | 'javascript'
  | 'dockerfile'
  | 'requirements'
  | 'package-json'
  | 'pyproject'
  | 'compose'
  | 'notebook';

export function isLanguageId(value: string): value is LanguageId {
  return (LANGUAGE_IDS as readonly string[]).includes(value);
}

/** The language of a file on disk, from its name; undefined for files AISec does not read. */
export function languageIdForPath(filePath: string): LanguageId | undefined {
  const base = path.basename(filePath);
  const lower = base.toLowerCase();
  const ext = path.extname(lower);
  if (ext === '.py' || ext === '.pyi') return 'python';
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'javascript';
  if (ext === '.jsx') return 'javascriptreact';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return lower.endsWith('.d.ts') ? undefined : 'typescript';
  if (ext === '.tsx') return 'typescriptreact';
  if (ext === '.ipynb') return 'jupyter';
  if (isDockerfileName(base)) return 'dockerfile';
  if (isComposeFileName(lower)) return 'dockercompose';
  if (isRequirementsFileName(lower)) return 'pip-requirements';
  if (lower === 'package.json') return 'json';
  if (lower === 'pyproject.toml') return 'toml';
  return undefined;
}

export function isDockerfileName(base: string): boolean {
  const lower = base.toLowerCase();
  return (
    lower === 'dockerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.endsWith('.dockerfile') ||
    lower === 'containerfile' ||
    lower.startsWith('containerfile.')
  );
}

export function isComposeFileName(lowerBase: string): boolean {
  return /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/.test(lowerBase);
}

export function isRequirementsFileName(lowerBase: string): boolean {
  return /^(requirements|constraints)[\w.-]*\.(txt|in)$/.test(lowerBase);
}

/**
 * The family of a document. Editors give generic ids for manifests (`json`, `toml`, `yaml`), so the
 * file name decides; a generic id on a file that is not a known manifest is not analysed.
 */
export function familyOf(languageId: string, filePath?: string): LanguageFamily | undefined {
  const base = filePath ? path.basename(filePath).toLowerCase() : '';
  switch (languageId) {
    case 'python':
      return 'python';
    case 'javascript':
    case 'javascriptreact':
    case 'typescript':
    case 'typescriptreact':
      return 'javascript';
    case 'dockerfile':
      return 'dockerfile';
    case 'pip-requirements':
    case 'requirements':
      return 'requirements';
    case 'jupyter':
      return 'notebook';
    case 'dockercompose':
      return 'compose';
    case 'yaml':
      return isComposeFileName(base) ? 'compose' : undefined;
    case 'json':
    case 'jsonc':
      return base === 'package.json' ? 'package-json' : undefined;
    case 'toml':
      return base === 'pyproject.toml' ? 'pyproject' : undefined;
    case 'plaintext':
      if (isRequirementsFileName(base)) return 'requirements';
      if (isDockerfileName(base)) return 'dockerfile';
      // VS Code has no TOML language of its own: without a TOML extension pyproject.toml is plain text.
      if (base === 'pyproject.toml') return 'pyproject';
      return undefined;
    default:
      return undefined;
  }
}

/** Which tree-sitter grammar parses a language id, if any. */
export type GrammarName = 'python' | 'javascript' | 'typescript' | 'tsx' | 'bash' | 'yaml';

export function grammarFor(languageId: string, family: LanguageFamily): GrammarName | undefined {
  if (family === 'python') return 'python';
  if (family === 'compose') return 'yaml';
  if (family !== 'javascript') return undefined;
  if (languageId === 'typescript') return 'typescript';
  if (languageId === 'typescriptreact') return 'tsx';
  // JSX is part of the JavaScript grammar.
  return 'javascript';
}

/** Comment syntax of a family, for suppression comments and their quick fix. */
export function lineCommentPrefix(family: LanguageFamily): string | undefined {
  switch (family) {
    case 'javascript':
      return '//';
    case 'package-json':
      return undefined;
    default:
      return '#';
  }
}

