import { analyze, NodeFileSystem, type AisecConfig, type AnalyzeOptions, type FileSystem, type Finding } from '../engine';
import { contentHash } from './cache/content-hash';
import { settledStamp } from './cache/file-stamp';
import { RecordingFileSystem } from './cache/neighbour-reads';

/**
 * One file system per scan thread that remembers misses: a scan is a snapshot in time, and every file of a
 * folder looks for the same absent project files.
 */
const scanFileSystem = new NodeFileSystem({ rememberMissing: true });
/** Hashes of neighbour texts, shared by the files of this thread that read the same lock file. */
const neighbourHashes = new Map<string, { text: string; hash: string }>();
import { fingerprints } from './fingerprint';
import { fixText } from './fix-file';
import { replaceFileIfUnchanged } from './replace-file';
import { readTextFileSync, type ReadText } from './read-file';
import type { FileResult, ScannedFinding, ScanTask } from './types';

/**
 * Reads and analyses one file. Never throws: a file that cannot be read or analysed yields a note, so one
 * file never costs the scan. Grammars must be loaded (`initEngine`) in this thread first.
 */
export function analyzeFile(task: ScanTask, config: AisecConfig, afterRules?: AnalyzeOptions['afterRules']): FileResult {
  // With task.fix, fixes are applied and written back first, and the findings that remain are reported.
  let fixed: number | undefined;
  const notes: string[] = [];
  // Taken before the read: a write after it changes the stamp, so a stored stamp never outlives its bytes.
  const stamp = task.record ? settledStamp(task.path) : undefined;
  let read: ReadText;
  try {
    read = readTextFileSync(task.path);
  } catch (error) {
    return { path: task.path, findings: [], notes: [`cannot read: ${errorMessage(error)}`], lines: 0 };
  }
  let text = read.text;
  if (read.note) notes.push(read.note);
  if (task.fix && read.note) notes.push('not fixed: the file is not valid UTF-8, and writing it back would change its bytes');
  else if (task.fix) {
    try {
      const outcome = fixText(text, task.languageId, { config, filePath: task.path, includeUnsafe: task.fix === 'all' });
      if (outcome.refused) notes.push(outcome.refused);
      if (outcome.applied > 0) {
        const written = replaceFileIfUnchanged(task.path, read.bytes ?? new Uint8Array(), (read.bom ? '\ufeff' : '') + outcome.text);
        if (written === 'written') {
          text = outcome.text;
          fixed = outcome.applied;
        } else {
          notes.push('not fixed: the file changed on disk while it was being fixed (run --fix again)');
        }
      }
    } catch (error) {
      notes.push(`not fixed: ${errorMessage(error)}`);
    }
  }
  const lines = countLines(text);
  if (!task.record) {
    const result = analyzeText(task, config, text, notes, lines, scanFileSystem, afterRules);
    if (fixed) result.fixed = fixed;
    return result;
  }
  const recording = new RecordingFileSystem(scanFileSystem, neighbourHashes);
  const result = analyzeText(task, config, text, notes, lines, recording, afterRules);
  if (fixed) result.fixed = fixed;
  // A file fixed in place was read before the fix: its entry would describe the old bytes.
  if (!fixed) {
    const bytes = read.bytes ?? new Uint8Array();
    // A size other than the stamp's means the file was written between the two: the bytes are hashed next time.
    const stampStands = stamp !== undefined && stamp.size === bytes.length;
    result.provenance = { contentHash: contentHash(bytes), neighbours: recording.reads, ...(stampStands ? { stamp } : {}) };
  }
  return result;
}

/** Analyses text that is not read from disk (standard input) as if it were the task's file. */
export function analyzeText(
  task: ScanTask,
  config: AisecConfig,
  text: string,
  notes: string[] = [],
  lines = countLines(text),
  fileSystem: FileSystem = scanFileSystem,
  afterRules?: AnalyzeOptions['afterRules'],
): FileResult {
  try {
    const result = analyze(text, task.languageId, { config, filePath: task.path, fileSystem, afterRules });
    // The engine prefixes its notes with the file path; the report already groups notes by file.
    notes.push(...result.notes.map((note) => (note.startsWith(`${task.path}: `) ? note.slice(task.path.length + 2) : note)));
    return { path: task.path, findings: withFingerprints(result.findings, text), notes, lines };
  } catch (error) {
    notes.push(`not analysed: ${errorMessage(error)}`);
    return { path: task.path, findings: [], notes, lines };
  }
}

function countLines(text: string): number {
  if (text.length === 0) return 0;
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return text.endsWith('\n') ? count - 1 : count;
}

/** The engine's findings as the scanner reports them: without fix edits, with fingerprints (see `fingerprints`). */
function withFingerprints(findings: Finding[], text: string): ScannedFinding[] {
  const prints = fingerprints(findings, text);
  return findings.map((finding, index) => {
    const scanned: ScannedFinding = {
      ruleId: finding.ruleId,
      category: finding.category,
      severity: finding.severity,
      message: finding.message,
      range: finding.range,
      related: finding.related,
      fixable: finding.fixes.length > 0,
      fingerprint: prints[index],
    };
    if (finding.fixes.length > 0) scanned.fixSafety = finding.fixes.some((fix) => fix.safety === 'safe') ? 'safe' : 'unsafe';
    if (finding.properties) scanned.properties = finding.properties;
    return scanned;
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
