import { ruleIds } from '../../engine';
import type { AisecConfig } from '../types';
import { cacheDirectory } from './location';
import { ScanCache } from './scan-cache';

/** The scan cache for a CLI scan, keyed by the given version, the registry's rules and the bundled worker code. */
export function openScanCache(
  cwd: string,
  options: { cacheDir?: string; config?: string },
  configs: readonly AisecConfig[],
  analyser: { version: string; workerScript: string | undefined },
): ScanCache {
  return new ScanCache(cacheDirectory(cwd, options), configs, { ...analyser, ruleIds: [...ruleIds()] });
}
