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
    private readonly run: (uri: string) => Promise<void>,
    private readonly onError: (uri: string, error: unknown) => void,
  ) {}

  schedule(uri: string, delayMs: number): void {
    this.clearTimer(uri);
    if (delayMs <= 0) {
      this.enqueue(uri);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      this.enqueue(uri);
    }, delayMs);
    this.timers.set(uri, timer);
  }

  cancel(uri: string): void {
    this.clearTimer(uri);
    this.ready.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.ready.clear();
  }

  private clearTimer(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private enqueue(uri: string): void {
    if (this.disposed) return;
    this.ready.add(uri);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.ready.size > 0 && !this.disposed) {
        const uri = this.ready.values().next().value as string;
        this.ready.delete(uri);
        try {
          await this.run(uri);
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
