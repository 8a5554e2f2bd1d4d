/**
 * Folders never entered while walking: installed dependencies, version control data and tool caches.
 * Their contents are not the user's code (or are copies of it), and they are often huge. `dist` and
 * `build` are deliberately absent: they can hold hand-written code, and `.gitignore` usually covers them
 * when they do not. A virtual environment under any name is recognised by its `pyvenv.cfg`.
 */
const SKIPPED_DIRECTORY_NAMES = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.pnpm-store',
  '.yarn',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '__pycache__',
  'site-packages',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.aisec_cache',
  '.ipynb_checkpoints',
  '.eggs',
]);

export function isSkippedDirectory(name: string): boolean {
  return SKIPPED_DIRECTORY_NAMES.has(name);
}
