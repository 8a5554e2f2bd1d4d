/** How many documents keep their tree and incremental state at most: the ones edited last. */
export const RECENTLY_EDITED_CAPACITY = 8;

/** A document not edited for this long gives its tree and incremental state back. */
export const RECENTLY_EDITED_IDLE_MS = 2 * 60_000;

export interface RecentlyEditedOptions {
  capacity?: number;
  idleMs?: number;
}

/**
 * The open documents being edited: the few edited last, and not longer ago than an idle time. Only these keep
 * their syntax tree and incremental state between analyses, so that the next keystroke re-parses and re-checks
 * only what changed; every other open document keeps just its text and findings (an editor holds hundreds of
 * them open while typing in two or three). A document that leaves the set, by age or by being pushed out by
 * others, is handed to `release`.
 */
export class RecentlyEdited {
  /** URI to the time of its last edit, oldest first (a Map keeps insertion order). */
  private readonly edited = new Map<string, number>();
  private readonly capacity: number;
  private readonly idleMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly release: (uri: string) => void,
    options: RecentlyEditedOptions = {},
  ) {
    this.capacity = Math.max(1, options.capacity ?? RECENTLY_EDITED_CAPACITY);
    this.idleMs = options.idleMs ?? RECENTLY_EDITED_IDLE_MS;
  }

  has(uri: string): boolean {
    return this.edited.has(uri);
  }

  /** The document was just edited: it keeps its tree; the one edited longest ago goes when there are too many. */
  touch(uri: string): void {
    this.edited.delete(uri);
    this.edited.set(uri, Date.now());
    while (this.edited.size > this.capacity) {
      const oldest = this.edited.keys().next().value as string;
      this.edited.delete(oldest);
      this.release(oldest);
    }
    this.armTimer();
  }

  /** The document closed: nothing to release any more. */
  forget(uri: string): void {
    this.edited.delete(uri);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.edited.clear();
  }

  private armTimer(): void {
    if (this.timer || this.edited.size === 0) return;
    const oldest = this.edited.values().next().value as number;
    this.timer = setTimeout(() => this.sweep(), Math.max(0, oldest + this.idleMs - Date.now()));
    // Never what keeps the server alive once its connection is gone.
    this.timer.unref();
  }

  private sweep(): void {
    this.timer = undefined;
    const cutoff = Date.now() - this.idleMs;
    for (const [uri, at] of this.edited) {
      if (at > cutoff) break;
      this.edited.delete(uri);
      this.release(uri);
    }
    this.armTimer();
  }
}
