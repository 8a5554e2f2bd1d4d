import type { FailLevel } from './report';

export const FORMATS = ['text', 'json', 'sarif', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_LEVELS = ['info', 'warning', 'error', 'none'] as const;

/** What `aisec scan` accepts, as parsed from the command line. */
export interface ScanCommandOptions {
  format: Format;
  output?: string;
  config?: string;
  failLevel?: FailLevel;
  jobs?: number;
  progress: boolean;
  gitignore: boolean;
  /** Extra exclude globs, relative to the working directory. */
  exclude?: string[];
  /** Apply safe fixes and write files back. */
  fix?: boolean;
  /** With `fix`, apply unsafe fixes too. */
  unsafeFixes?: boolean;
  /** Skip files larger than this many megabytes (default 5). */
  maxFileSize?: number;
  /** Report and fail only on findings this baseline file does not accept (overrides the configuration's `baseline`). */
  baseline?: string;
  /** Record every finding of this scan in a baseline file, and exit 0. */
  writeBaseline?: string;
  /** Report only findings on lines changed since this git ref. */
  diffBase?: string;
  /** Read the code from standard input and report it under this path (for editors and hooks). */
  stdinFilename?: string;
  /** Use the scan cache (`--no-cache` turns it off). */
  cache: boolean;
  /** Where the cache lives; default `.aisec_cache` in the project root. */
  cacheDir?: string;
}
