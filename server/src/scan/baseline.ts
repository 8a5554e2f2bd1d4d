import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A baseline: the findings a team has accepted, recorded by rule, file (relative to the baseline's folder)
 * and fingerprint (see `fingerprints`), never by line, so that it survives code moving around. Messages are
 * kept for people reading the file; like every AISec message they hold no full secret.
 */
export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
  message?: string;
}

export interface Baseline {
  /** Absolute path of the baseline file; entries' files are relative to its folder. */
  file: string;
  entries: BaselineEntry[];
}

const FORMAT = 'aisec-baseline';
const VERSION = 1;

export class BaselineError extends Error {}

export function readBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BaselineError(`${file}: no such baseline file (create it with "aisec scan --write-baseline ${file}")`);
    throw new BaselineError(`${file}: not a baseline: ${(error as Error).message.split('\n')[0]}`);
  }
  const object = raw as { format?: unknown; version?: unknown; findings?: unknown };
  if (!object || typeof object !== 'object' || object.format !== FORMAT || !Array.isArray(object.findings)) {
    throw new BaselineError(`${file}: not an AISec baseline (expected { "format": "${FORMAT}", "findings": [...] })`);
  }
  if (object.version !== VERSION) throw new BaselineError(`${file}: baseline version ${String(object.version)} is not supported (expected ${VERSION})`);
  const entries = object.findings.map((entry: unknown, index): BaselineEntry => {
    const e = entry as Partial<BaselineEntry> | null;
    if (!e || typeof e.ruleId !== 'string' || typeof e.file !== 'string' || typeof e.fingerprint !== 'string') {
      throw new BaselineError(`${file}: findings[${index}] needs string "ruleId", "file" and "fingerprint"`);
    }
    return { ruleId: e.ruleId, file: e.file, fingerprint: e.fingerprint };
  });
  return { file: path.resolve(file), entries };
}

/** A finding as a baseline sees it. */
export interface BaselineCandidate {
  ruleId: string;
  fingerprint: string;
  message?: string;
}

/** The baseline file's text for these files' findings (paths absolute), sorted so that it diffs well. */
export function serializeBaseline(baselineFile: string, files: readonly { path: string; findings: readonly BaselineCandidate[] }[]): string {
  const dir = path.dirname(path.resolve(baselineFile));
  const findings = files
    .flatMap((file) =>
      file.findings.map((f) => ({ ruleId: f.ruleId, file: relativeTo(dir, file.path), fingerprint: f.fingerprint, ...(f.message ? { message: f.message } : {}) })),
    )
    .sort((a, b) => compare(a.file, b.file) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint));
  return JSON.stringify({ format: FORMAT, version: VERSION, findings }, null, 2) + '\n';
}

export interface BaselineMatch {
  /** Per file, per finding: whether the baseline accepts it. */
  baselined: boolean[][];
  /** Entries that match nothing any more: their file was scanned or is gone, and the finding was not found. */
  stale: number;
}

/**
 * Matches findings against a baseline. An entry accepts one finding of its rule with its fingerprint in its
 * file; entries whose file no longer exists then accept such a finding in any scanned file that the baseline
 * did not already account for (the file was renamed or moved). Entries for files outside this scan that still
 * exist are neither matched nor stale: the scan did not look at them.
 */
export function matchBaseline(
  baseline: Baseline,
  files: readonly { path: string; findings: readonly BaselineCandidate[] }[],
  exists: (file: string) => boolean = fs.existsSync,
): BaselineMatch {
  const dir = path.dirname(baseline.file);
  const byPlace = new Map<string, number>();
  for (const e of baseline.entries) bump(byPlace, `${e.file}\0${e.ruleId}\0${e.fingerprint}`, 1);
  const baselined = files.map((file) => {
    const relative = relativeTo(dir, file.path);
    return file.findings.map((f) => take(byPlace, `${relative}\0${f.ruleId}\0${f.fingerprint}`));
  });
  const scanned = new Set(files.map((file) => relativeTo(dir, file.path)));
  const moved = new Map<string, number>();
  for (const [key, count] of byPlace) {
    const [file, ruleId, fingerprint] = key.split('\0');
    if (count > 0 && !scanned.has(file) && !exists(path.resolve(dir, file))) bump(moved, `${ruleId}\0${fingerprint}`, count);
  }
  files.forEach((file, i) =>
    file.findings.forEach((f, j) => {
      if (!baselined[i][j] && take(moved, `${f.ruleId}\0${f.fingerprint}`)) baselined[i][j] = true;
    }),
  );
  let stale = [...moved.values()].reduce((sum, n) => sum + n, 0);
  for (const [key, count] of byPlace) {
    const file = key.split('\0')[0];
    if (count > 0 && scanned.has(file)) stale += count;
  }
  return { baselined, stale };
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function take(counts: Map<string, number>, key: string): boolean {
  const count = counts.get(key) ?? 0;
  if (count === 0) return false;
  counts.set(key, count - 1);
  return true;
}

function relativeTo(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
