/**
 * Shared models that are computed over the whole document (the taint engine's dataflow run): a rule that
 * uses one while it is created works on the whole document, whatever visitors it also returns.
 */
export const DOCUMENT_WIDE_MODELS: ReadonlySet<string> = new Set(['taint-run']);

/** The rules' shared cache, noting which keys are used while recording (one rule's `create` at a time). */
export class RecordingCache extends Map<string, unknown> {
  private touched: Set<string> | undefined;

  record<T>(work: () => T): { value: T; touched: Set<string> } {
    const touched = new Set<string>();
    const outer = this.touched;
    this.touched = touched;
    try {
      return { value: work(), touched };
    } finally {
      this.touched = outer;
    }
  }

  override get(key: string): unknown {
    this.touched?.add(key);
    return super.get(key);
  }

  override has(key: string): boolean {
    this.touched?.add(key);
    return super.has(key);
  }

  override set(key: string, value: unknown): this {
    this.touched?.add(key);
    return super.set(key, value);
  }
}
