import * as path from 'node:path';
import { findProjectConfig } from '../../engine';
import { CACHE_DIRECTORY_NAME } from './scan-cache';

/**
 * Where the cache lives, as with Ruff: `--cache-dir` when given; else `.aisec_cache` in the project root,
 * the folder of `--config` or of the nearest project file at or above the working directory, else the
 * working directory itself. The scanned folders are never written to unless they are the project.
 */
export function cacheDirectory(cwd: string, options: { cacheDir?: string; config?: string }): string {
  if (options.cacheDir) return path.resolve(cwd, options.cacheDir);
  if (options.config) return path.join(path.dirname(path.resolve(cwd, options.config)), CACHE_DIRECTORY_NAME);
  return path.join(findProjectConfig(cwd).root, CACHE_DIRECTORY_NAME);
}
