import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { AisecConfig } from '../types';

/** JSON with object keys sorted, so that two equal configurations always give the same text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes the analysis itself: the version, the code that analyses (when known) and the rule set. */
export interface AnalyserIdentity {
  version: string;
  /** The bundled worker that analyses files; its bytes change with any change to the engine or rules. */
  workerScript?: string;
  ruleIds: readonly string[];
}

/** A hash of the analyser, the same for every configuration of a scan. */
export function analyserKey(identity: AnalyserIdentity): string {
  const hash = createHash('sha256');
  hash.update(`aisec ${identity.version}\0`);
  hash.update([...identity.ruleIds].sort().join(','));
  if (identity.workerScript) {
    try {
      hash.update(fs.readFileSync(identity.workerScript));
    } catch {
      // Unreadable: the version and rule set still key the cache.
    }
  }
  return hash.digest('hex');
}

/**
 * The key under which results of one configuration are kept: the analyser plus the effective configuration
 * (rules and severities, rule options, settings such as custom taint specs, the project root test paths are
 * judged from). A change to any of them starts from an empty cache.
 */
export function settingsKey(analyser: string, config: AisecConfig): string {
  return createHash('sha256').update(analyser).update('\0').update(stableStringify(config)).digest('hex').slice(0, 32);
}
