import {
  analyzeTaint,
  flowRelated,
  type Fix,
  type Flow,
  type RuleContext,
  type Severity,
  type SinkKind,
  type TaintLabel,
} from '../../server/src/engine/api';

/** How a message names where the data came from. */
export function sourcePhrase(flow: Flow): string {
  const labels = flow.labels;
  if (labels.includes('request')) return 'Request data';
  if (labels.includes('tool-args')) return 'A tool argument chosen by the model';
  if (labels.includes('llm-output')) return 'Model output';
  if (labels.includes('user-input')) return 'User input';
  if (labels.includes('secret')) return 'A secret';
  return `Data labelled ${labels.join(', ')}`;
}

/** The expression at the source, shortened for a message (`request.json`, `topic`). */
export function sourceText(flow: Flow): string {
  const parameter = flow.source.node.type.includes('parameter') ? (flow.source.node.namedChildren[0]?.text ?? flow.source.node.text) : undefined;
  // A field of a validated body says more than the body: `body.note`, not `body`.
  const argument = flow.argument.text;
  if (parameter && argument.startsWith(`${parameter}.`) && /^[\w.]+$/.test(argument) && argument.length <= 40) return argument;
  const text = parameter ?? flow.source.node.text;
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

/** What the output rules follow unless they say otherwise: model output, and the tool arguments a model chose. */
export const OUTPUT_SOURCES: readonly TaintLabel[] = ['llm-output', 'tool-args'];

export interface OutputRuleOptions {
  sinks: readonly SinkKind[];
  sources?: readonly TaintLabel[];
  excludeLabels?: readonly TaintLabel[];
  message(flow: Flow): string;
  fixes?(flow: Flow): Fix[];
  severity?(flow: Flow): Severity | undefined;
  /** Flows the rule does not report after all (the sink is harmless for this argument's shape). */
  skip?(flow: Flow): boolean;
}

/**
 * Reports each flow of model output into a dangerous sink at the argument where the output enters,
 * with the path (source, each step) as related locations.
 */
export function reportOutputFlows(context: RuleContext, options: OutputRuleOptions): void {
  if (context.family !== 'python' && context.family !== 'javascript') return;
  const flows = analyzeTaint(context, {
    sources: options.sources ?? OUTPUT_SOURCES,
    sinks: options.sinks,
    excludeLabels: options.excludeLabels,
  });
  for (const flow of innermost(flows)) {
    if (options.skip?.(flow)) continue;
    context.report({
      node: flow.argument,
      message: options.message(flow) + (flow.lowConfidence ? ' (heuristic match)' : ''),
      severity: options.severity?.(flow),
      related: flowRelated(context, flow),
      fixes: options.fixes?.(flow) ?? [],
    });
  }
}

/** `session.execute(text(sql))` is one problem: keep the flow whose argument is innermost. */
export function innermost(flows: readonly Flow[]): Flow[] {
  return flows.filter(
    (flow) =>
      !flows.some(
        (other) =>
          other !== flow &&
          other.sinkKind === flow.sinkKind &&
          other.argument.startIndex >= flow.argument.startIndex &&
          other.argument.endIndex <= flow.argument.endIndex &&
          (other.argument.startIndex !== flow.argument.startIndex || other.argument.endIndex !== flow.argument.endIndex),
      ),
  );
}
