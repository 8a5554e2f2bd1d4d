import type { Connection } from 'vscode-languageserver/node';
import type { Finding } from '../engine';
import { toDiagnostics, type DiagnosticOptions } from './diagnostics';

interface Held {
  uri: string;
  /** Whether diagnostics are showing for it (so they must be cleared when it goes). */
  published: boolean;
}

/**
 * Files a workspace scan holds, by path: their findings stay in the Problems panel while they are closed,
 * an open editor's live diagnostics replace them, and closing the editor shows what is on disk again.
 */
export class ScannedFiles {
  private held = new Map<string, Held>();

  constructor(
    private readonly connection: Connection,
    private readonly diagnostics: () => DiagnosticOptions,
  ) {}

  get(filePath: string): Held | undefined {
    return this.held.get(filePath);
  }

  /** Publishes a closed file's findings (without a version: they are of the file on disk). */
  publish(filePath: string, uri: string, findings: Finding[]): void {
    this.held.set(filePath, { uri, published: findings.length > 0 });
    this.connection.sendDiagnostics({ uri, diagnostics: toDiagnostics(findings, uri, undefined, this.diagnostics()) });
  }

  /** Remembers that the scan covers an open file, whose live diagnostics are showing. */
  holdOpen(filePath: string, uri: string): void {
    this.held.set(filePath, { uri, published: false });
  }

  /** Starts a new scan: returns what the last one held and forgets it. */
  takeAll(): Map<string, Held> {
    const previous = this.held;
    this.held = new Map();
    return previous;
  }

  /** A finished scan no longer covers these files: clear what was showing for them. */
  clear(entries: Iterable<Held>): void {
    for (const entry of entries) if (entry.published) this.connection.sendDiagnostics({ uri: entry.uri, diagnostics: [] });
  }

  /** A cancelled scan keeps what the previous one held for the files it did not reach. */
  restore(previous: Map<string, Held>): void {
    for (const [filePath, entry] of previous) if (!this.held.has(filePath)) this.held.set(filePath, entry);
  }
}
