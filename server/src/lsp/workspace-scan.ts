import { analyze, type Finding } from '../engine';
import { discoverFiles } from '../scan/discover';
import { readTextFileSync } from '../scan/read-file';
import type { ScopeConfig } from './configuration';

export interface ScanProgress {
  report(percentage: number, message: string): void;
  isCancelled(): boolean;
}

export interface ScannedFile {
  path: string;
  findings: Finding[];
}

export interface ScanOutcome {
  files: number;
  skipped: number;
  cancelled: boolean;
}

/** Lets other work (typing in an open editor) run between files of a long scan. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Scans every supported file of the given folders with each folder's configuration, respecting `exclude`
 * and `.gitignore`. Each file's result goes to `onFile` as soon as it is known, so the Problems panel fills
 * while the scan runs. Files the engine cannot handle are noted and skipped; the scan never throws for one file.
 */
export async function scanFolders(
  folders: readonly { folder: string; scope: ScopeConfig }[],
  progress: ScanProgress,
  onFile: (file: ScannedFile) => void,
  log: (message: string) => void,
): Promise<ScanOutcome> {
  const work: { path: string; languageId: string; scope: ScopeConfig }[] = [];
  let skipped = 0;
  for (const { folder, scope } of folders) {
    if (!scope.enabled) continue;
    progress.report(0, `Finding files in ${folder}`);
    const discovery = await discoverFiles([folder], { exclude: scope.config.exclude, excludeRoot: scope.excludeRoot ?? folder });
    skipped += discovery.skipped.length;
    for (const file of discovery.skipped) log(`Workspace scan: skipped ${file.path}: ${file.reason}`);
    for (const file of discovery.files) work.push({ path: file.path, languageId: file.languageId, scope });
    if (progress.isCancelled()) return { files: 0, skipped, cancelled: true };
  }
  let done = 0;
  for (const file of work) {
    if (progress.isCancelled()) return { files: done, skipped, cancelled: true };
    progress.report(Math.floor((done / Math.max(1, work.length)) * 100), `${done}/${work.length} files`);
    onFile({ path: file.path, findings: analyzeOnDisk(file.path, file.languageId, file.scope, log) });
    done++;
    await yieldToEventLoop();
  }
  progress.report(100, `${done}/${work.length} files`);
  return { files: done, skipped, cancelled: false };
}

/** Analyses a file as it is on disk; a file that cannot be read or analysed has no findings and one log line. */
export function analyzeOnDisk(filePath: string, languageId: string, scope: ScopeConfig, log: (message: string) => void): Finding[] {
  try {
    const read = readTextFileSync(filePath);
    if (read.note) log(`${filePath}: ${read.note}`);
    const result = analyze(read.text, languageId, { config: scope.config, filePath });
    result.notes.forEach(log);
    return result.findings;
  } catch (error) {
    log(`${filePath}: not analysed: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
