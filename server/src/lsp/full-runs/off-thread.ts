import { analyze, type AisecConfig, type IncrementalResult } from '../../engine';
import type { LiveDocument } from '../live-document';
import { defaultPoolSize, defaultWorkerScript, FullRunPool, type PoolOptions, type WorkerScript } from './pool';

/**
 * Below this size (about 200 lines) a full run on the main thread takes about ten milliseconds, no more than
 * the hop to a worker that parses the text again from scratch; above it, full runs go to a worker so that a
 * large document never holds up keystrokes, hovers or other documents.
 */
export const OFF_THREAD_MIN_CHARS = 8 * 1024;

/** How much of a document warms up the main thread's rule code (see `warmUp`). */
const WARM_UP_CHARS = OFF_THREAD_MIN_CHARS;

interface InFlight {
  version: number;
  config: AisecConfig;
  done: Promise<unknown>;
}

export interface OffThreadOptions extends PoolOptions {
  script?: WorkerScript;
  poolSize?: number;
  minChars?: number;
}

/**
 * Full runs of large open documents on worker threads. The worker analyses a copy of the version it was
 * given; the result is used only if the document is still at that version, and then the document's own
 * incremental analyzer takes over the worker's state, so the quick runs that follow match a full run made
 * on the main thread.
 */
export class OffThreadFullRuns {
  private readonly pool: FullRunPool | undefined;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly minChars: number;
  private readonly warmLanguages = new Set<string>();

  constructor(log: (message: string) => void, options: OffThreadOptions = {}) {
    const script = options.script ?? defaultWorkerScript();
    this.pool = script ? new FullRunPool(script, options.poolSize ?? defaultPoolSize(), log, options) : undefined;
    if (!script) log('AISec: no analysis worker (lsp-worker.js) beside the server: full runs happen on the main thread.');
    this.minChars = options.minChars ?? OFF_THREAD_MIN_CHARS;
  }

  /** Starts the workers as a large document opens, ahead of its first full run (they take a moment to load the grammars). */
  prestart(): void {
    this.pool?.prestart();
  }

  /** Whether the document's full runs go to a worker. */
  handles(document: LiveDocument): boolean {
    return this.pool?.available === true && document.text.length >= this.minChars;
  }

  /**
   * Runs a full analysis of the document's current version on a worker. Resolves with its result, or
   * undefined when the document changed (or the run was cancelled) meanwhile; rejects when the analysis failed.
   */
  run(document: LiveDocument, config: AisecConfig): Promise<IncrementalResult | undefined> {
    if (!this.pool) return Promise.reject(new Error('no analysis worker'));
    const version = document.version;
    const submitted = this.pool.submit(document.uri, {
      text: document.text,
      languageId: document.languageId,
      filePath: document.filePath,
      documentName: document.documentName,
      config,
    });
    const result = submitted.then((outcome) => {
      if (!outcome || document.version !== version || document.disposed) return undefined;
      document.adoptFullRun(outcome.state, { config });
      return { findings: outcome.findings, notes: outcome.notes, complete: outcome.complete };
    });
    const entry: InFlight = { version, config, done: result.catch(() => undefined) };
    this.inFlight.set(document.uri, entry);
    void entry.done.then(() => {
      if (this.inFlight.get(document.uri) === entry) this.inFlight.delete(document.uri);
    });
    return result;
  }

  /**
   * Once per language, analyses the start of a document on the main thread and throws the result away. When
   * full runs happen on a worker, the main thread would otherwise run the rules for the first time on the
   * user's first keystrokes, unoptimised; this costs what an in-place run of a small document costs.
   */
  warmUp(document: LiveDocument, config: AisecConfig): void {
    if (this.warmLanguages.has(document.languageId)) return;
    this.warmLanguages.add(document.languageId);
    const end = document.text.lastIndexOf('\n', WARM_UP_CHARS);
    try {
      analyze(document.text.slice(0, end > 0 ? end + 1 : WARM_UP_CHARS), document.languageId, { config, filePath: document.documentName });
    } catch {
      // Only a warm-up: the document's real analysis reports its problems.
    }
  }

  /** Settles when the run for this version of the document with this configuration (if one is in flight) has ended. */
  settled(uri: string, version: number, config: AisecConfig): Promise<unknown> | undefined {
    const entry = this.inFlight.get(uri);
    return entry?.version === version && entry.config === config ? entry.done : undefined;
  }

  /** A newer version or a close: a queued run is dropped, a running one's result discarded. */
  cancel(uri: string): void {
    // Forgotten at once: a document closed and opened again starts over at version 1, with its own run.
    this.inFlight.delete(uri);
    this.pool?.cancel(uri);
  }

  dispose(): void {
    this.pool?.dispose();
    this.inFlight.clear();
  }
}
