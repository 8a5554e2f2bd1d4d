import type { SyntaxNode as Node } from '../syntax/node';

/**
 * Where tainted data comes from. Built-in labels: `request` (web request data, web UI inputs, handler
 * parameters), `user-input` (console `input()`, `sys.argv`: lower confidence), `llm-output` (a model's
 * completion), `tool-args` (arguments a model chose for a tool), `secret` (API keys read from the
 * environment). User specs may add their own labels.
 */
export type TaintLabel = string;

/**
 * What a sink does with the value. Built-in kinds: `prompt-system`, `prompt-template`, `prompt-string`,
 * `prompt-user`, `model-inference`, `code-exec`, `shell`, `sql`, `html`, `request`, `file-path`,
 * `deserialization`, `logging`, `exception` (the arguments of a raised or thrown exception), `analytics`
 * (analytics and error-tracking calls). User specs may add their own kinds.
 */
export type SinkKind = string;

/** One place on a flow's path: the source, an assignment, an interpolation. */
export interface FlowStep {
  node: Node;
  message: string;
}

/** A tainted value: where it came from, how it got here, and what checks it passed on the way. */
export interface Taint {
  labels: ReadonlySet<TaintLabel>;
  /** The source first, then each propagation step, in order (capped: long chains keep their ends). */
  steps: readonly FlowStep[];
  /** Sink kinds a sanitizer has made this value safe for (`*`: every kind). */
  cleared: ReadonlySet<SinkKind>;
  /** A type, shape or schema check (Pydantic, zod, isinstance) applies to the value. */
  validated: boolean;
  /** A length limit applies to the value (max_length, `len(x) <=` guard, zod `.max()`). */
  bounded: boolean;
  /** The last expression that mixed the value into other text (f-string, template, `+`, `.format`, `%`, `.join`). */
  built?: Node;
}

/** A tainted value reaching a sink. */
export interface Flow {
  sinkKind: SinkKind;
  /** The dangerous call, assignment or JSX attribute. */
  sink: Node;
  /** The expression at the sink that carries the tainted value (where a finding points). */
  argument: Node;
  /** A short description of the sink for messages (`subprocess.run`, `system message`). */
  sinkName: string;
  labels: TaintLabel[];
  /** The source's step (same as steps[0]). */
  source: FlowStep;
  steps: readonly FlowStep[];
  validated: boolean;
  bounded: boolean;
  built?: Node;
  /** The sink or source came from a lower-confidence heuristic (a function named `validate_*`, a name-based sink). */
  lowConfidence: boolean;
}

/** Which flows a rule wants: any of these source labels reaching any of these sink kinds. */
export interface TaintQuery {
  sources: readonly TaintLabel[];
  sinks: readonly SinkKind[];
  /** Drop flows whose labels include any of these (to let another rule own them). */
  excludeLabels?: readonly TaintLabel[];
}
