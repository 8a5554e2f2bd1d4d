import { analyze, initEngine } from '../../server/src/engine';
import { defaultConfig } from '../../server/src/engine';
import { analyzeTaint, defineRule, type Flow, type TaintQuery } from '../../server/src/engine/api';
import { probeMeta } from '../support/probe-meta';

export { initEngine };

export interface FlowView {
  kind: string;
  sink: string;
  argument: string;
  labels: string[];
  line: number;
  steps: string[];
  validated: boolean;
  bounded: boolean;
  built?: string;
}

/** Runs the taint engine over a snippet and returns its flows in a readable shape. */
export function flows(
  code: string,
  language: 'python' | 'javascript' | 'typescript' | 'typescriptreact',
  query: TaintQuery = ALL,
  settings: Record<string, unknown> = {},
): FlowView[] {
  let found: FlowView[] = [];
  const probe = defineRule({
    meta: probeMeta('model-input/taint-probe', ['python', 'javascript']),
    create(context) {
      found = analyzeTaint(context, query).map(view);
    },
  });
  const result = analyze(code, language, { rules: [probe], config: { ...defaultConfig(), settings } });
  if (result.notes.length) throw new Error(result.notes.join('\n'));
  return found;
}

function view(f: Flow): FlowView {
  return {
    kind: f.sinkKind,
    sink: f.sinkName,
    argument: f.argument.text,
    labels: f.labels,
    line: f.argument.startPosition.row + 1,
    steps: f.steps.map((s) => `${s.node.startPosition.row + 1}: ${s.message}`),
    validated: f.validated,
    bounded: f.bounded,
    built: f.built?.text,
  };
}

export const ALL: TaintQuery = {
  sources: ['request', 'user-input', 'llm-output', 'tool-args', 'secret'],
  sinks: ['prompt-system', 'prompt-template', 'prompt-string', 'prompt-user', 'model-inference', 'code-exec', 'shell', 'sql', 'html', 'request', 'file-path', 'deserialization', 'logging'],
};
