import type { AisecConfig, Finding } from '../../engine';
import type { IncrementalState } from '../../engine/incremental/analyzer';

/** A whole-document analysis of one version of an open document, for the full-run worker. */
export interface FullRunJob {
  id: number;
  text: string;
  languageId: string;
  /** The file's path (undefined for an untitled document). */
  filePath: string | undefined;
  /** The name the language is told from: the path, or an untitled document's name (Dockerfile, package.json). */
  documentName: string | undefined;
  config: AisecConfig;
}

export interface FullRunOutcome {
  findings: Finding[];
  notes: string[];
  complete: boolean;
  /** The worker's analyzer after the run, for the editor's analyzer to continue from. */
  state: IncrementalState;
}

export type ToFullRunWorker = { type: 'run'; job: FullRunJob };

export type FromFullRunWorker =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'done'; id: number; outcome: FullRunOutcome }
  | { type: 'failed'; id: number; message: string };
