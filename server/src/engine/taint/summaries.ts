import type { SyntaxNode as Node } from '../syntax/node';
import { type FlowCollector, PARAMETER_LABEL } from './collector';
import type { Flow, Taint } from './types';
import { mergeTaints, sourceTaint, withStep } from './value';
import { mentionsAnyName } from '../name-mentions';

/**
 * What a function defined in this file does with its parameters, computed once per document: which
 * parameters reach its return value (labels `$p0`, `$p1`...), what it returns from its own sources, and
 * which parameters reach which sinks inside it (or inside the functions it calls, at any depth).
 */
export interface Summary {
  returns: Taint | undefined;
  sinks: Flow[];
}

/**
 * Summaries of a document's functions, keyed by the function's node. A function met again while its own
 * summary is being computed (recursion, mutual recursion) counts as returning nothing and reaching no sink,
 * so cycles terminate; chains deeper than `MAX_DEPTH` are cut the same way, to bound the stack.
 */
export class Summaries {
  private readonly known = new Map<number, Summary | 'pending'>();
  private depth = 0;

  get(fn: Node, compute: () => Summary): Summary | undefined {
    const known = this.known.get(fn.id);
    if (known === 'pending') return undefined;
    if (known) return known;
    if (this.depth >= MAX_DEPTH) return undefined;
    this.known.set(fn.id, 'pending');
    this.depth++;
    try {
      const summary = compute();
      this.known.set(fn.id, summary);
      return summary;
    } finally {
      this.depth--;
    }
  }
}

const MAX_DEPTH = 24;

/** The value a summarised function's parameter starts with: "depends on parameter `index`". */
export function parameterTaint(index: number, node: Node): Taint {
  return sourceTaint(`${PARAMETER_LABEL}${index}`, node, 'parameter');
}

/**
 * A call of a summarised function: the flows its parameters reach inside it are recorded for the arguments
 * that carry taint (the path runs through the call), and the call's value is what the function returns,
 * in terms of the arguments. `args[i]` is the taint of the value bound to parameter `i`.
 */
export function applySummary(summary: Summary | undefined, name: string, call: Node, args: readonly (Taint | undefined)[], collector: FlowCollector): Taint | undefined {
  if (!summary) return undefined;
  for (const inner of summary.sinks) {
    args.forEach((taint, i) => {
      if (taint && inner.labels.includes(`${PARAMETER_LABEL}${i}`)) collector.recordThroughHelper(inner, taint, call, name);
    });
  }
  const returns = summary.returns;
  if (!returns) return undefined;
  const parts: (Taint | undefined)[] = [];
  const own = [...returns.labels].filter((l) => !l.startsWith(PARAMETER_LABEL));
  if (own.length > 0) {
    const steps = returns.steps[0]?.message === 'parameter' ? returns.steps.slice(1) : returns.steps;
    parts.push(withStep({ ...returns, labels: new Set(own), steps }, call, `returned by \`${name}()\``));
  }
  args.forEach((taint, i) => {
    if (!taint || !returns.labels.has(`${PARAMETER_LABEL}${i}`)) return;
    const cleared = new Set([...taint.cleared, ...returns.cleared]);
    parts.push(
      withStep(
        { ...taint, cleared, validated: taint.validated || returns.validated, bounded: taint.bounded || returns.bounded, built: returns.built ? call : taint.built },
        call,
        `passed through \`${name}()\``,
      ),
    );
  });
  if (parts.some((p) => p && p.cleared.has('*'))) return undefined;
  return mergeTaints(parts);
}

/** The same function's summary result, for a document's evaluators. */
export function summariseBody(returns: readonly (Taint | undefined)[], sinks: FlowCollector): Summary {
  return { returns: mergeTaints(returns), sinks: sinks.flows };
}

/**
 * Names of the functions whose bodies read a source, directly or through the functions they call (at any
 * depth): a function whose text names none of them, and no source, cannot produce a flow. `functions` may
 * list a name more than once (methods of different classes). Each round looks for the names found in the
 * round before only (most rounds find none); functions the framework calls (`called: false`, route
 * handlers) read sources through their parameters and are not looked for in other functions' text.
 */
export function sourceReachingNames(functions: Iterable<readonly [string, Node]>, readsSource: (text: string) => boolean, called: (fn: Node) => boolean = () => true): string[] {
  const pending: [string, string][] = [];
  const found = new Set<string>();
  let fresh: string[] = [];
  for (const [name, fn] of functions) {
    if (found.has(name)) continue;
    const text = fn.text;
    if (!readsSource(text)) pending.push([name, text]);
    else {
      found.add(name);
      if (called(fn)) fresh.push(name);
    }
  }
  for (let round = 0; round < 16 && fresh.length > 0 && pending.length > 0; round++) {
    const mentioned = fresh;
    fresh = [];
    for (let i = pending.length - 1; i >= 0; i--) {
      const [name, text] = pending[i];
      if (found.has(name) || !mentionsAnyName(text, mentioned, 'name')) continue;
      found.add(name);
      fresh.push(name);
      pending.splice(i, 1);
    }
  }
  return [...found];
}
