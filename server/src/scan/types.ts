import type { AisecConfig, Category, Range, RelatedLocation, Severity } from '../engine';
import type { LanguageId } from '../engine/languages';
import type { NeighbourRead } from './cache/neighbour-reads';
import type { FileStamp } from './cache/file-stamp';

/** A file to analyse and the configuration that applies to it (configurations differ per project root). */
export interface ScanTask {
  path: string;
  languageId: LanguageId;
  configIndex: number;
  /** Apply fixes and write the file back before reporting what is left: safe fixes, or all of them. */
  fix?: 'safe' | 'all';
  /** Record what the result depends on (content hash, neighbours read) for the scan cache. */
  record?: boolean;
  /** The file's size and times when discovery stat'ed it: the scan cache compares them instead of stat'ing again. */
  stamp?: FileStamp;
}

/**
 * A finding as the scanner reports it: the engine's finding without its fix edits (a report only says
 * whether a fix exists), plus a fingerprint that stays put when lines move.
 */
export interface ScannedFinding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  range: Range;
  related: RelatedLocation[];
  properties?: Record<string, string | number | boolean>;
  fixable: boolean;
  /** The best fix on offer: 'safe' when `--fix` would apply one, 'unsafe' when only `--unsafe-fixes` would. */
  fixSafety?: 'safe' | 'unsafe';
  fingerprint: string;
}

export interface FileResult {
  path: string;
  findings: ScannedFinding[];
  /** Things the user should know about this file (decoding, a rule that failed); never fatal. */
  notes: string[];
  lines: number;
  /** Fixes applied and written back (with `fix`). */
  fixed?: number;
  /** With `task.record`: what the result depends on, for the scan cache (never reported). */
  provenance?: FileProvenance;
}

/** What a fresh analysis of a file depended on, as the worker saw it. */
export interface FileProvenance {
  /** Hash of the file's bytes as read. */
  contentHash: string;
  /** Every look the rules took at files beside it (`context.files`). */
  neighbours: NeighbourRead[];
  /** The file's stamp before it was read, when it had settled (cache/file-stamp.ts): it stands for the bytes. */
  stamp?: FileStamp;
}

export type { AisecConfig };
