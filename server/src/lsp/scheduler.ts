/**
 * A "quick" run re-analyses what changed and carries whole-document findings along; a "full" run also
 * re-runs the whole-document rules (dataflow), and is scheduled for when typing pauses.
 */
export type RunKind = 'quick' | 'full';

/**
 * Runs per-document analyses: each document has its own debounce timer, ready documents queue up and run
 * one at a time with a turn of the event loop between them, so a slow document never holds up messages or
 * the others for longer than its own analysis. A document queued twice runs once, at its newest version.
 */
export class AnalysisScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly ready = new Set<string>();
  private pumping = false;
  private disposed = false;

  constructor(
    private readonly run: (uri: string, kind: RunKind) => Promise<void>,
    private readonly onError: (uri: string, error: unknown) => void,
  ) {}

  schedule(uri: string, delayMs: number, kind: RunKind = 'full'): void {
    const key = `${kind}\u0000${uri}`;
    this.clearTimer(key);
    if (delayMs <= 0) {
      this.enqueue(key);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.enqueue(key);
    }, delayMs);
    this.timers.set(key, timer);
  }

  cancel(uri: string, kinds: readonly RunKind[] = ['quick', 'full']): void {
    for (const kind of kinds) {
      const key = `${kind}\u0000${uri}`;
      this.clearTimer(key);
      this.ready.delete(key);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.ready.clear();
  }

  private clearTimer(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private enqueue(key: string): void {
    if (this.disposed) return;
    this.ready.add(key);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.ready.size > 0 && !this.disposed) {
        const key = this.ready.values().next().value as string;
        this.ready.delete(key);
        const separator = key.indexOf('\u0000');
        const kind = key.slice(0, separator) as RunKind;
        const uri = key.slice(separator + 1);
        try {
          await this.run(uri, kind);
        } catch (error) {
          this.onError(uri, error);
        }
        // Let incoming changes and requests in before the next document.
        if (this.ready.size > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.pumping = false;
    }
  }
}
