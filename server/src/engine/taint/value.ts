import type { SyntaxNode as Node } from '../syntax/node';
import type { FlowStep, SinkKind, Taint, TaintLabel } from './types';

/** Paths longer than this keep their source and their last steps: enough to explain, bounded in memory. */
const MAX_STEPS = 12;
const NOTHING: ReadonlySet<string> = new Set();

export function sourceTaint(label: TaintLabel, node: Node, message: string, extra: Partial<Taint> = {}): Taint {
  return { labels: new Set([label]), steps: [{ node, message }], cleared: NOTHING, validated: false, bounded: false, ...extra };
}

/** The same taint with one more step on its path. */
export function withStep(taint: Taint, node: Node, message: string): Taint {
  const last = taint.steps[taint.steps.length - 1];
  if (last && last.node.startIndex === node.startIndex && last.node.endIndex === node.endIndex) return taint;
  let steps: FlowStep[] = [...taint.steps, { node, message }];
  if (steps.length > MAX_STEPS) steps = [steps[0], ...steps.slice(steps.length - MAX_STEPS + 1)];
  // Spelled out rather than spread: this runs for every step of every path, and a literal of known shape is cheaper.
  return { labels: taint.labels, steps, cleared: taint.cleared, validated: taint.validated, bounded: taint.bounded, built: taint.built };
}

/** Combines the taints of the parts of an expression (`a + b`, `[a, b]`); checks hold only if they hold for every part. */
export function mergeTaints(taints: readonly (Taint | undefined)[]): Taint | undefined {
  let first: Taint | undefined;
  let distinct = 0;
  for (const t of taints) {
    if (t === undefined || t === first) continue;
    first ??= t;
    distinct++;
  }
  // One part, or the same value on every branch of an `if`: nothing to combine.
  if (distinct <= 1 || !first) return first;
  // Sets are shared until a part adds a label or drops a cleared kind: most merges combine taints of one origin.
  let labels = first.labels;
  let cleared = first.cleared;
  let validated = first.validated;
  let bounded = first.bounded;
  let built = first.built;
  let primary: Taint | undefined;
  for (const other of taints) {
    if (other === undefined) continue;
    // The most dangerous part explains the path: prefer one that is neither validated nor bounded.
    if (!primary && !other.validated && !other.bounded) primary = other;
    if (other === first) continue;
    for (const label of other.labels) {
      if (labels.has(label)) continue;
      if (labels === first.labels) labels = new Set(labels);
      (labels as Set<TaintLabel>).add(label);
    }
    if (cleared.size > 0) {
      let kept: Set<SinkKind> | undefined;
      for (const kind of cleared) if (!other.cleared.has(kind)) (kept ??= new Set(cleared)).delete(kind);
      if (kept) cleared = kept;
    }
    validated &&= other.validated;
    bounded &&= other.bounded;
    if (other.built && (!built || other.built.startIndex > built.startIndex)) built = other.built;
  }
  return { labels, steps: (primary ?? first).steps, cleared, validated, bounded, built };
}

export function clearFor(taint: Taint, kinds: readonly SinkKind[], node: Node, message: string): Taint | undefined {
  if (kinds.includes('*')) return undefined;
  const cleared = new Set(taint.cleared);
  for (const kind of kinds) cleared.add(kind);
  return withStep({ ...taint, cleared }, node, message);
}

export function isClearedFor(taint: Taint, kind: SinkKind): boolean {
  return taint.cleared.has(kind) || taint.cleared.has('*');
}

/** The value mixed into surrounding text at `node` (an f-string, a template, `+`, `.format`). */
export function builtAt(taint: Taint, node: Node, message: string): Taint {
  return { ...withStep(taint, node, message), built: node };
}

const NO_ARGUMENTS: readonly Node[] = [];

/**
 * A call's argument nodes without comments. Runs for every call: the node's own list is returned when it
 * holds no comment (the common case), so nothing is allocated; callers never modify it.
 */
export function callArguments(argumentList: Node | null | undefined): readonly Node[] {
  const list = argumentList?.namedChildren;
  if (!list) return NO_ARGUMENTS;
  for (const argument of list) if (!argument || argument.type === 'comment') return list.filter((a): a is Node => !!a && a.type !== 'comment');
  return list as readonly Node[];
}
