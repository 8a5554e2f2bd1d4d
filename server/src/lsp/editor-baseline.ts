import * as fs from 'node:fs';
import type { Finding } from '../engine';
import { BaselineError, matchBaseline, readBaseline, type Baseline } from '../scan/baseline';
import { fingerprints } from '../scan/fingerprint';

/**
 * The project's baseline as the editor sees it: which of a document's findings it accepts, by the same
 * fingerprints and matching as `aisec scan --baseline`, so that the editor and CI agree on what is new.
 * The file is re-read when it changes on disk; a missing or broken file marks nothing and is reported once.
 */
export class EditorBaselines {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; baseline: Baseline | undefined }>();

  constructor(private readonly warn: (message: string) => void) {}

  /** Per finding, whether the baseline accepts it; undefined when there is no usable baseline. */
  accepted(baselineFile: string | undefined, filePath: string | undefined, text: string, findings: readonly Finding[]): boolean[] | undefined {
    if (!baselineFile || !filePath || findings.length === 0) return undefined;
    const baseline = this.load(baselineFile);
    if (!baseline) return undefined;
    const prints = fingerprints(findings, text);
    const candidates = findings.map((finding, index) => ({ ruleId: finding.ruleId, fingerprint: prints[index] }));
    return matchBaseline(baseline, [{ path: filePath, findings: candidates }]).baselined[0];
  }

  /** Whether a file is a baseline some document was matched against (a change to it re-publishes). */
  isInUse(file: string): boolean {
    return this.cache.has(file) || [...this.warned].some((key) => key.startsWith(`${file}\0`));
  }

  private load(file: string): Baseline | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      this.warnOnce(file, `AISec: the baseline ${file} named in the project configuration does not exist; create it with "aisec scan --write-baseline".`);
      return undefined;
    }
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.baseline;
    let baseline: Baseline | undefined;
    try {
      baseline = readBaseline(file);
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      this.warnOnce(file, `AISec: ${error.message}`);
    }
    this.cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, baseline });
    return baseline;
  }

  private readonly warned = new Set<string>();
  private warnOnce(file: string, message: string): void {
    const key = `${file}\0${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warn(message);
  }
}
