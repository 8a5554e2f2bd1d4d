import * as path from 'node:path';
import type { FileSystem } from '../file-system';

/** Files that mark the root of a project: configuration above it belongs to something else. */
const PROJECT_ROOT_MARKERS = ['.git', 'package.json', 'pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'manage.py'];

/**
 * Looks for project-level configuration (a Dockerfile, a gateway config, Next.js middleware, Django settings)
 * from a document's folder upwards, stopping after the project's root. `find` gets each folder and returns what
 * it found there, or undefined to keep going. Documents without an absolute path have no folders to look in.
 */
export function findInProject<T>(
  files: FileSystem,
  filePath: string | undefined,
  find: (directory: string, file: (name: string) => string) => T | undefined,
  maxLevels = 8,
): T | undefined {
  if (!filePath || !path.isAbsolute(filePath)) return undefined;
  let directory = path.dirname(filePath);
  for (let level = 0; level < maxLevels; level++) {
    const found = find(directory, (name) => path.join(directory, name));
    if (found !== undefined) return found;
    if (PROJECT_ROOT_MARKERS.some((marker) => files.exists(path.join(directory, marker)))) return undefined;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
  return undefined;
}
