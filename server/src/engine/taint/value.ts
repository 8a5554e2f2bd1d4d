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
  return { ...taint, steps };
}

/** Combines the taints of the parts of an expression (`a + b`, `[a, b]`); checks hold only if they hold for every part. */
export function mergeTaints(taints: readonly (Taint | undefined)[]): Taint | undefined {
  const present = taints.filter((t): t is Taint => t !== undefined);
  if (present.length <= 1) return present[0];
  const [first, ...rest] = present;
  const labels = new Set(first.labels);
  let cleared = new Set(first.cleared);
  let validated = first.validated;
  let bounded = first.bounded;
  let built = first.built;
  for (const other of rest) {
    for (const label of other.labels) labels.add(label);
    cleared = new Set([...cleared].filter((kind) => other.cleared.has(kind)));
    validated &&= other.validated;
    bounded &&= other.bounded;
    if (other.built && (!built || other.built.startIndex > built.startIndex)) built = other.built;
  }
  // The most dangerous part explains the path: prefer one that is neither validated nor bounded.
  const primary = present.find((t) => !t.validated && !t.bounded) ?? first;
  return { labels, steps: primary.steps, cleared, validated, bounded, built };
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
