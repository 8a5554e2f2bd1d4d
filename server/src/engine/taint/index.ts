/**
 * The taint engine: dataflow within a file from sources (request data, model output, secrets) to sinks
 * (prompts, model inference, eval, shells, SQL, HTML, URLs, file paths, deserializers, logs, exception
 * messages, analytics) for Python and
 * JS/TS, driven by specifications kept as data (spec.ts) and extended from configuration (`settings.taint`,
 * user-spec.ts).
 *
 * API (stable; rules import it through api.ts):
 *
 *   analyzeTaint(context, { sources: ['request', 'secret'], sinks: ['logging'] }): Flow[]
 *
 * runs the engine once per document (memoised with `shared`, so every rule asking reuses the same run)
 * and returns the flows whose labels include one of `sources` and whose sink kind is one of `sinks`, in
 * document order. A Flow has the sink node, the argument that carries the data (where findings point),
 * the labels, whether a validation or length check applied on the way, the last string-building node
 * (`built`, where prompt-injection findings point) and the path (`steps`: source first). `flowRelated`
 * turns the path into a finding's `related` locations.
 *
 * Source labels: request, user-input, llm-output, tool-args, secret (plus any from user specs).
 * Sink kinds: prompt-system, prompt-template, prompt-string, prompt-user, model-inference, code-exec,
 * shell, sql, html, request, file-path, deserialization, logging, exception, analytics (plus any from user specs).
 *
 * Design: one pass over each function's statements in order (module top level first, then each function
 * with its own environment); branches are analysed on copies of the environment and joined; loops again
 * while an iteration carries new taint into the next (at most three passes); functions and methods defined
 * in the same file are summarised once each, at any depth (summaries.ts); promise and event callbacks are
 * analysed in place (callbacks.ts); chat handler registrations are data (handlers.ts). Near-linear in the
 * size of the file.
 */
import type { SyntaxTree as Tree } from '../syntax/node';
import { shared, type RuleContext } from '../rule';
import { javascriptSemantics } from '../semantic/javascript';
import { pythonSemantics } from '../semantic/python';
import type { RelatedLocation } from '../types';
import { FlowCollector } from './collector';
import { JavaScriptTaint } from './javascript';
import { SpecIndex } from './matcher';
import { PythonTaint } from './python';
import { BUILTIN_SPEC, type TaintSpec } from './spec';
import type { Flow, TaintQuery } from './types';
import { readUserSpec } from './user-spec';

export type { Flow, FlowStep, SinkKind, Taint, TaintLabel, TaintQuery } from './types';
export type { SanitizerSpec, SinkSpec, SourceSpec, TaintSpec } from './spec';
export { extendsTaintFlows, readUserSpec } from './user-spec';
export { anyOf, taintWords } from './words';

interface TaintRun {
  flows: Flow[];
  problems: string[];
}

/** All flows in the document (every label, every sink kind), computed once per analysis. */
export function taintRun(context: RuleContext): TaintRun {
  return shared(context, 'taint-run', () => {
    const { spec, problems } = readUserSpec(context.settings.taint);
    const tree = context.tree as Tree | undefined;
    if (!tree || (context.family !== 'python' && context.family !== 'javascript')) return { flows: [], problems };
    const collector = new FlowCollector(true);
    if (context.family === 'python') {
      new PythonTaint(tree.rootNode, pythonSemantics(context), specIndex('python', spec), collector).run();
    } else {
      new JavaScriptTaint(tree.rootNode, javascriptSemantics(context), specIndex('javascript', spec), collector).run();
    }
    collector.flows.sort((a, b) => a.argument.startIndex - b.argument.startIndex || a.sinkKind.localeCompare(b.sinkKind));
    return { flows: collector.flows, problems };
  });
}

/** The flows a rule asked for: any of `query.sources` reaching any of `query.sinks`. */
export function analyzeTaint(context: RuleContext, query: TaintQuery): Flow[] {
  const sinks = new Set(query.sinks);
  return taintRun(context).flows.filter(
    (flow) =>
      sinks.has(flow.sinkKind) &&
      flow.labels.some((label) => query.sources.includes(label)) &&
      !flow.labels.some((label) => query.excludeLabels?.includes(label)),
  );
}

/** Problems in the user's `taint` configuration (bad entries are skipped, never fatal). */
export function taintConfigProblems(settings: Readonly<Record<string, unknown>>): string[] {
  return readUserSpec(settings.taint).problems;
}

/** A flow's path as related locations for a finding: the source, then each step, in order. */
export function flowRelated(context: RuleContext, flow: Flow): RelatedLocation[] {
  return flow.steps.map((step) => ({ range: context.rangeOf(step.node), message: step.message }));
}

function combine(base: TaintSpec, extra: TaintSpec): TaintSpec {
  // User entries first, so a user's sanitizer or source wins over a built-in one for the same name.
  return {
    sources: [...extra.sources, ...base.sources],
    sinks: [...base.sinks, ...extra.sinks],
    sanitizers: [...extra.sanitizers, ...base.sanitizers],
  };
}

const builtinIndexes = new Map<string, SpecIndex>();

/** The built-in index is compiled once per process; one with user entries once per analysis. */
function specIndex(language: 'python' | 'javascript', extra: TaintSpec): SpecIndex {
  const empty = extra.sources.length + extra.sinks.length + extra.sanitizers.length === 0;
  if (!empty) return new SpecIndex(combine(BUILTIN_SPEC, extra), language);
  let index = builtinIndexes.get(language);
  if (!index) builtinIndexes.set(language, (index = new SpecIndex(BUILTIN_SPEC, language)));
  return index;
}
