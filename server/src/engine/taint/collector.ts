import type { Node } from 'web-tree-sitter';
import type { SinkSpec } from './spec';
import type { Flow, SinkKind, Taint } from './types';
import { isClearedFor } from './value';

/** Labels used internally to summarise helper functions (`$p0` = "depends on parameter 0"); never reported. */
export const PARAMETER_LABEL = '$p';

/** Collects flows, one per (sink, argument, kind), in document order. */
export class FlowCollector {
  readonly flows: Flow[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly enabled: boolean) {}

  record(kind: SinkKind, sink: Node, argument: Node, sinkName: string, taint: Taint, lowConfidence = false): void {
    if (!this.enabled || isClearedFor(taint, kind)) return;
    const labels = [...taint.labels].filter((l) => !l.startsWith(PARAMETER_LABEL));
    if (labels.length === 0) return;
    const key = `${kind}:${sink.startIndex}:${argument.startIndex}:${argument.endIndex}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
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

  recordSpec(spec: SinkSpec, sink: Node, argument: Node, sinkName: string, taint: Taint): void {
    this.record(spec.kind, sink, argument, sinkName, taint, spec.lowConfidence ?? false);
  }
}
