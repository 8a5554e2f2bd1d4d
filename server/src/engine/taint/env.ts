import type { Taint } from './types';

/**
 * A request-like object (Flask's `request`, an Express `req`, a Koa `ctx`): reading one of `members`
 * yields request data; `nested` members are request objects themselves (`ctx.request`, `c.req`).
 */
export interface ObjectKind {
  name: string;
  label: string;
  members: ReadonlySet<string>;
  nested: ReadonlySet<string>;
  /** Members whose values were validated by the framework (Hono's `c.req.valid()`). */
  validatedMembers?: ReadonlySet<string>;
  /** Where the object came from (`ai/react.useChat`): findings name it instead of the member read. */
  origin?: string;
}

export interface Value {
  taint?: Taint;
  object?: ObjectKind;
}

/**
 * The abstract state at one point in a function: access paths (`x`, `body.prompt`, `self.client`) to the
 * values they hold. Reading `a.b.c` finds the longest bound prefix, so a guard on `body.prompt` refines
 * only that member while `body.other` still carries the body's taint.
 */
export class Env {
  constructor(private readonly vars: Map<string, Value> = new Map()) {}

  lookup(path: string): Value | undefined {
    let key = path;
    for (;;) {
      const value = this.vars.get(key);
      if (value) return value;
      const dot = key.lastIndexOf('.');
      if (dot < 0) return undefined;
      key = key.slice(0, dot);
    }
  }

  /** Root names that hold taint or a request object: a statement that mentions none of them cannot move taint. */
  liveNames(): Set<string> {
    if (this.live) return this.live;
    const names = new Set<string>();
    for (const [key, value] of this.vars) {
      if (value.taint || value.object) names.add(key.split('.')[0]);
    }
    return (this.live = names);
  }

  /** `liveNames` until the next binding. */
  private live: Set<string> | undefined;

  /** Forgets every value that carries `label` (a human confirmed what the model chose). */
  clearLabel(label: string): void {
    for (const [key, value] of this.vars) if (value.taint?.labels.has(label)) this.vars.set(key, {});
    this.live = undefined;
  }

  /** Plain names bound to tainted values. */
  taintedNames(): string[] {
    return [...this.vars].filter(([key, value]) => value.taint && !key.includes('.')).map(([key]) => key);
  }

  /** Whether any member path (`body.prompt`) was bound; when none, member reads skip the path lookup. */
  hasMemberPaths(): boolean {
    return this.dotted > 0;
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** Binds a path; binding `x` forgets what was known about `x.*` (reassignment clears). */
  set(path: string, value: Value | undefined): void {
    const dot = path.indexOf('.');
    if (dot >= 0) this.dotted++;
    else if (this.dotted > 0) {
      for (const key of this.vars.keys()) if (key.startsWith(`${path}.`)) this.vars.delete(key);
    }
    this.vars.set(path, value ?? {});
    // Keep the live set when the answer is obvious (a binding that adds taint); recompute only when one may go.
    if (this.live) {
      const root = dot < 0 ? path : path.slice(0, dot);
      if (value?.taint || value?.object) this.live.add(root);
      else if (this.live.has(root)) this.live = undefined;
    }
  }

  /** Every bound path with the labels it holds now (null: clean), to tell later whether a loop's pass added any (`gainedSince`). */
  labelsNow(): Map<string, ReadonlySet<string> | 'object' | null> {
    const now = new Map<string, ReadonlySet<string> | 'object' | null>();
    for (const [key, value] of this.vars) now.set(key, value.taint ? value.taint.labels : value.object ? 'object' : null);
    return now;
  }

  /**
   * Root names of the paths bound before (`labelsNow`), or members of them, that became tainted or gained
   * a label since. Paths first bound after it are left out: a variable a loop's body introduces is assigned
   * before it is read in each iteration, so another pass would only repeat the first.
   */
  gainedSince(before: ReadonlyMap<string, ReadonlySet<string> | 'object' | null>): string[] {
    const gained: string[] = [];
    for (const [key, value] of this.vars) {
      if (!value.taint && !value.object) continue;
      const dot = key.indexOf('.');
      const root = dot < 0 ? key : key.slice(0, dot);
      let was = before.get(key);
      if (was === undefined) {
        if (dot < 0 || !before.has(root)) continue;
        was = null;
      }
      if (!value.taint ? was === null : was === null || was === 'object' || (was !== value.taint.labels && [...value.taint.labels].some((l) => !was.has(l)))) {
        gained.push(root);
      }
    }
    return gained;
  }

  /** How many member paths were bound (an upper bound); most functions have none, and `set` skips the scan. */
  private dotted = 0;

  clone(): Env {
    const copy = new Env(new Map(this.vars));
    copy.dotted = this.dotted;
    return copy;
  }

  /** After branches: a path is tainted if it is tainted on any branch that can fall through. */
  absorb(branches: readonly Env[], merge: (a: Taint | undefined, b: Taint | undefined) => Taint | undefined): void {
    const keys = new Set<string>();
    for (const branch of branches) for (const key of branch.vars.keys()) keys.add(key);
    for (const key of keys) {
      // Most paths are untouched by the branches (the clones share the value): keep it as it is.
      const before = this.vars.get(key);
      if (before && branches.every((branch) => branch.vars.get(key) === before)) continue;
      let taint: Taint | undefined;
      let object = undefined;
      for (const branch of branches) {
        const value = branch.vars.get(key) ?? before;
        taint = merge(taint, value?.taint);
        object ??= value?.object;
      }
      this.vars.set(key, { taint, object });
      // A member path refined on a branch (a guard on `req.body.text` that throws) must be found by later reads.
      if (!before && key.includes('.')) this.dotted++;
    }
    this.live = undefined;
  }
}
