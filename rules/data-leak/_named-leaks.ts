import { credentialKind, type Node } from '../../server/src/engine/api';

/**
 * Name-based recognition of sensitive values put into exception messages and analytics events, sinks the taint
 * specification does not cover. A credential-named variable (`api_key`, `accessToken`) in an exception message or
 * an event, or a prompt or completion in an event, is reported; masked, hashed or measured values are not.
 */

/** Analytics and error-tracking calls whose arguments leave the process for a third party. */
export const ANALYTICS_CALL =
  /^(?:posthog|analytics|mixpanel|amplitude|segment|Sentry|sentry_sdk|statsig|heap|rudderanalytics|datadog|newrelic|langfuse|ph|client\.analytics)\.(?:capture|track|identify|capture_message|captureMessage|captureException|capture_exception|set_context|setContext|set_extra|setExtra|set_tag|setTag|add_breadcrumb|addBreadcrumb|event|log_event|logEvent|record)$/;
const PROMPT_NAME = /^(?:prompt|user_?prompt|full_?prompt|system_?prompt|final_?prompt|messages|user_?message|question|user_?input|userPrompt|fullPrompt|systemPrompt|userMessage|userInput)$/;
const COMPLETION_NAME = /^(?:completion|answer|reply|response_?text|output_?text|generated_?text|llm_?output|model_?output|responseText|outputText|generatedText|llmOutput|modelOutput)$/;
/**
 * Names that are credentials in some code and text in most: a parser's or a tokenizer's `token`, an LLM stream's
 * `token`. With nothing but the name to go on, they are not reported (the dataflow still follows real secrets).
 */
const AMBIGUOUS_CREDENTIAL_NAME = /^(?:token|tokens|tok|next_?token|last_?token|token_?id|token_?ids|tokenId|tokenIds|key|keys)$/;
/** Wrapping a value in one of these makes it safe to report: a size, a digest, a masked form. */
const NEUTRALISING_CALL = /(?:^|\.)(?:len|mask\w*|redact\w*|hash\w*|sha\d*\w*|md5|hexdigest|digest|bool|type|isinstance|count|Boolean|Number|startswith|endswith|startsWith|endsWith|includes)$/;

export interface NamedLeak {
  node: Node;
  name: string;
  kind: 'secret' | 'prompt' | 'completion';
}

/** Sensitive names used as values inside `container` (a call's arguments, an exception's message). */
export function namedLeaks(container: Node, kinds: readonly NamedLeak['kind'][]): NamedLeak[] {
  const leaks: NamedLeak[] = [];
  for (const node of container.descendantsOfType(['identifier', 'property_identifier', 'shorthand_property_identifier'])) {
    if (!node || !isValueUse(node, container)) continue;
    const name = node.text;
    const secretName = credentialKind(name) !== undefined && !AMBIGUOUS_CREDENTIAL_NAME.test(name);
    const kind = secretName ? 'secret' : PROMPT_NAME.test(name) ? 'prompt' : COMPLETION_NAME.test(name) ? 'completion' : undefined;
    if (!kind || !kinds.includes(kind)) continue;
    const subject = valueNode(node);
    if (neutralised(subject, container)) continue;
    leaks.push({ node: subject, name, kind });
  }
  return leaks;
}

/** Whether an identifier is read as a value: not a callee, a keyword or a key, not the object of an attribute read. */
function isValueUse(node: Node, container: Node): boolean {
  const parent = node.parent;
  if (!parent || node.id === container.id) return false;
  switch (parent.type) {
    case 'keyword_argument':
      return parent.childForFieldName('value')?.id === node.id;
    case 'pair':
      return parent.childForFieldName('value')?.id === node.id;
    case 'call':
    case 'call_expression':
      return parent.childForFieldName('function')?.id !== node.id;
    case 'attribute':
      // `settings.api_key` is a value; `api_key.strip` is a method of it and counted once, through the attribute.
      return parent.childForFieldName('attribute')?.id === node.id && parent.parent?.type !== 'call';
    case 'member_expression':
      return parent.childForFieldName('property')?.id === node.id && !(parent.parent?.type === 'call_expression' && parent.parent.childForFieldName('function')?.id === parent.id);
    default:
      return node.type !== 'property_identifier';
  }
}

function valueNode(node: Node): Node {
  const parent = node.parent;
  return (parent?.type === 'attribute' || parent?.type === 'member_expression') && node.type !== 'shorthand_property_identifier' ? parent : node;
}

/** A value sliced (`key[:4]`), measured (`len(key)`, `key.length`) or masked (`mask(key)`) on its way into the sink. */
export function neutralised(node: Node, container: Node): boolean {
  const parent = node.parent;
  if ((parent?.type === 'subscript' || parent?.type === 'subscript_expression') && /\[\s*-?\d*\s*:/.test(parent.text)) return true;
  if (parent?.type === 'member_expression' && /^(?:length|slice|substring)$/.test(parent.childForFieldName('property')?.text ?? '')) return true;
  for (let current = node.parent; current && current.id !== container.id; current = current.parent) {
    if ((current.type === 'call' || current.type === 'call_expression') && NEUTRALISING_CALL.test(current.childForFieldName('function')?.text ?? '')) return true;
  }
  return false;
}
