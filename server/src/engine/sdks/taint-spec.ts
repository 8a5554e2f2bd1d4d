import type { SinkSpec, SourceSpec } from '../taint/spec';
import { sdkCatalog, type SdkLanguage } from './catalog';
import type { ModelCall, SdkArgument } from './types';

/**
 * The taint sources and prompt sinks the SDK table implies: every model call is an `llm-output` source, its
 * instruction arguments `prompt-system` sinks and its prompt arguments `prompt-string`. Message lists are
 * judged message by message, by role, where they are built (the evaluators), so `messages` makes no sink. Calls on clients are named `<client kind>.<method>` (the evaluators qualify a call on a
 * client that way, whatever the variable is called); distinctive chains (`.chat.completions.create`) also
 * match any receiver.
 */
export function sdkTaintSpec(): { sources: SourceSpec[]; sinks: SinkSpec[] } {
  const sources: SourceSpec[] = [];
  const sinks: SinkSpec[] = [];
  for (const language of ['python', 'javascript'] as const) {
    const catalog = sdkCatalog(language);
    for (const { pattern, call } of catalog.patterns()) add(pattern, call, language);
    for (const { pattern, call } of catalog.chainPatterns()) add(pattern, call, language);
    // Constructors that take instructions: `Agent(instructions=)`, `GenerativeModel(system_instruction=)`.
    for (const { factory } of catalog.allFactories()) {
      for (const argument of factory.system ?? []) sinks.push(sink(factory.callee, 'prompt-system', argument, language));
    }
  }
  return { sources, sinks };

  function add(pattern: string, call: ModelCall, language: SdkLanguage): void {
    if (!call.returns) sources.push({ pattern, label: 'llm-output', language });
    for (const argument of call.system ?? []) sinks.push(sink(pattern, 'prompt-system', argument, language));
    for (const argument of call.prompt ?? []) sinks.push(sink(pattern, 'prompt-string', argument, language));
  }
}

function sink(pattern: string, kind: string, argument: SdkArgument, language: SdkLanguage): SinkSpec {
  return { pattern, kind, argument: argument as SinkSpec['argument'], language };
}
