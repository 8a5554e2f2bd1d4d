/** Language ids VS Code gives the files AISec reads; the server decides per file what to run. */
export const LANGUAGE_IDS = [
  'python',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'dockerfile',
  'pip-requirements',
] as const;

/**
 * Files recognised by name rather than by language: VS Code opens manifests as generic json/toml/yaml
 * (or plaintext when no TOML extension is installed), so the path decides.
 */
export const FILE_PATTERNS = [
  '**/{requirements,constraints}*.{txt,in}',
  '**/package.json',
  '**/pyproject.toml',
  '**/{docker-compose,compose}*.{yml,yaml}',
  '**/{Dockerfile,Containerfile}*',
  '**/*.dockerfile',
] as const;

/** Saved files and unsaved editors; other schemes (git diffs, output channels) are not analysed. */
const SCHEMES = ['file', 'untitled'] as const;

/**
 * Cells of Jupyter notebooks: their text reaches the server through notebook sync (the server advertises
 * `notebookDocumentSync`), and these filters route code actions and hovers on cells to it. Markdown cells
 * are included because pasted keys are findings there too.
 */
export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';
const NOTEBOOK_CELL_LANGUAGES = ['python', 'markdown'] as const;

/** Assignable to both VS Code's and the language client's document filters. */
export interface AisecDocumentFilter {
  scheme: string;
  language?: string;
  pattern?: string;
}

export function documentSelector(): AisecDocumentFilter[] {
  const byLanguage = SCHEMES.flatMap((scheme) => LANGUAGE_IDS.map((language) => ({ scheme, language })));
  const byPattern = FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern }));
  const cells = NOTEBOOK_CELL_LANGUAGES.map((language) => ({ scheme: NOTEBOOK_CELL_SCHEME, language }));
  return [...byLanguage, ...byPattern, ...cells];
}
