import type { SyntaxNode as Node } from '../syntax/node';
import type { SinkSpec } from './spec';
import type { Flow, FlowStep, SinkKind, Taint } from './types';
import { isClearedFor } from './value';

/** Labels used internally to summarise helper functions (`$p0` = "depends on parameter 0"); never reported. */
export const PARAMETER_LABEL = '$p';

/** Collects flows, one per (sink, argument, kind), in document order. */
export class FlowCollector {
  readonly flows: Flow[] = [];
  private readonly seen = new Set<string>();

  /**
   * `summary` collects the flows of a helper's parameters (`$p0` into `exec` inside `def run(code)`) so that
   * a call with tainted arguments can report them; it keeps nothing else.
   */
  constructor(
    private readonly enabled: boolean,
    private readonly summary = false,
  ) {}

  /** A summary keeps the parameter labels (`$p0`), a document run the real ones. */
  private kept(taint: Taint): string[] {
    return this.summary ? [...taint.labels].filter((l) => l.startsWith(PARAMETER_LABEL)) : [...taint.labels].filter((l) => !l.startsWith(PARAMETER_LABEL));
  }

  /** One flow per place; a summary keeps one per place and parameter set, since each call site asks about its own arguments. */
  private firstAt(kind: SinkKind, sink: Node, argument: Node, labels: readonly string[]): boolean {
    const key = `${kind}:${sink.startIndex}:${argument.startIndex}:${argument.endIndex}${this.summary ? `:${labels.join(',')}` : ''}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  record(kind: SinkKind, sink: Node, argument: Node, sinkName: string, taint: Taint, lowConfidence = false): void {
    if (!this.enabled || isClearedFor(taint, kind)) return;
    const labels = this.kept(taint);
    if (labels.length === 0 || !this.firstAt(kind, sink, argument, labels)) return;
    this.flows.push({
      sinkKind: kind,
      sink,
      argument,
      sinkName,
      labels,
      source: taint.steps[0],
      steps: taint.steps,
      validated: taint.validated,
      bounded: taint.bounded,
      built: taint.built,
      lowConfidence,
    });
  }

  /** A flow inside a helper, reached by a call whose argument carries `taint`: the path runs through the call. */
  recordThroughHelper(inner: Flow, taint: Taint, call: Node, helper: string): void {
    if (!this.enabled || isClearedFor(taint, inner.sinkKind)) return;
    // Inside another summary (a helper calling a helper) the caller's parameters carry on: the flow stays a summary flow.
    const labels = this.kept(taint);
    if (labels.length === 0 || !this.firstAt(inner.sinkKind, inner.sink, inner.argument, labels)) return;
    let steps: FlowStep[] = [...taint.steps, { node: call, message: `passed to \`${helper}()\`` }, ...inner.steps.filter((s) => s.message !== 'parameter')];
    if (steps.length > 12) steps = [steps[0], ...steps.slice(steps.length - 11)];
    this.flows.push({
      ...inner,
      labels,
      source: steps[0],
      steps,
      validated: taint.validated || inner.validated,
      bounded: taint.bounded || inner.bounded,
      built: inner.built ?? taint.built,
    });
  }

  recordSpec(spec: SinkSpec, sink: Node, argument: Node, sinkName: string, taint: Taint): void {
    this.record(spec.kind, sink, argument, sinkName, taint, spec.lowConfidence ?? false);
  }
}
