import { analyzeTaint, defineRule, enclosingRoute, flowRelated, type Flow, type Node, type Severity } from '../../server/src/engine/api';
import { ANALYTICS_CALL, namedLeaks, neutralised, type NamedLeak } from './_named-leaks';

/** Request fields that carry what the user asked the model. */
const PROMPT_FIELD = /^(?:prompt|prompts|messages?|input|inputs|query|question|content|text|user_?input|chat_?input|instruction|system_?prompt|history|conversation)$/i;
/** Parameter names that hold a whole request payload. */
const BODY_NAME = /^(?:body|payload|data|request_?body|req_?body|json_?body|item|chat_?request|completion_?request)$/i;
const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-openai-key|openai-api-key|http_authorization|http_cookie|http_x_api_key)$/i;
/** Request attributes that are the whole body (Flask/Django/Starlette/Express/Fetch). */
const BODY_ATTRIBUTE = /^(?:json|get_json|body|data|get_data|form|values|text|POST|files|stream)$/;
const HEADER_ATTRIBUTE = /^(?:headers|header|META|cookies|get_header)$/;
/** Accessing these reads a size, an id or a status, not the content. */
const HARMLESS_FIELD = /^(?:length|len|size|count|id|ids|type|status|status_code|model|usage|prompt_tokens|completion_tokens|total_tokens|input_tokens|output_tokens|finish_reason|stop_reason|created|keys|headers|object|role)$/i;
const QUIET_LEVEL = /\.(?:debug|trace)$/;
const CONSOLE_OUTPUT = /^(?:print|console\.(?:log|info))$/;
const COMPLETION = 'A model completion';

type Leak = { what: string; severity: Severity };

/**
 * Logs are copied to log shippers, observability vendors, support tickets and laptops; what is written there is
 * readable by far more people than the data's owner agreed to, and kept far longer.
 */
export default defineRule({
  meta: {
    id: 'data-leak/sensitive-data-in-logs',
    category: 'data-leak',
    title: 'Secrets, credentials, prompts or completions written to logs',
    severity: 'warning',
    languages: ['python', 'javascript'],
    // Data flows cross statements.
    scope: 'document',
    docs: {
      summary:
        'Follows data flow to logging calls (logging, loguru, structlog, print, console.*, winston, pino) and reports API keys and secrets, ' +
        'Authorization headers and cookies, whole request bodies, users\' prompts and model completions written to logs; the same dataflow ' +
        'reports credentials put into exception messages (`raise`, `throw`), and credentials, prompts and completions sent to analytics and ' +
        'error trackers (PostHog, Segment, Mixpanel, Amplitude, Sentry). Credential-, prompt- and completion-named values whose origin the ' +
        'dataflow cannot see (a parameter called `api_key`) are reported by name.',
      why:
        'Log pipelines are the widest-read store in most systems: shipped to vendors, indexed for search, pasted into tickets, retained for ' +
        'months. A logged API key is a leaked API key; a logged Authorization header lets anyone with log access act as the caller; logged ' +
        'prompts and completions copy users\' personal data (and your system prompt) out of every retention and deletion policy (OWASP LLM02). ' +
        'Logging a size, an id or a token count is fine and not reported; `debug`-level logging of prompts and completions is reported as info, ' +
        'and printing a completion is reported only inside web route handlers (a command-line chat prints answers on purpose).',
      bad:
        'import logging\nfrom flask import request\n\n@app.post("/chat")\ndef chat():\n    body = request.get_json()\n' +
        '    logging.info("chat request: %s", body)\n    reply = client.chat.completions.create(model="gpt-4o-mini", messages=body["messages"])\n' +
        '    logging.info("reply: %s", reply.choices[0].message.content)\n',
      good:
        'import logging\nfrom flask import request\n\n@app.post("/chat")\ndef chat():\n    body = request.get_json()\n' +
        '    logging.info("chat request: %d messages", len(body["messages"]))\n' +
        '    reply = client.chat.completions.create(model="gpt-4o-mini", messages=body["messages"])\n' +
        '    logging.info("reply: %d tokens", reply.usage.completion_tokens)\n',
      references: { owaspLlm: ['LLM02', 'LLM07'], cwe: [532, 200, 359] },
    },
  },
  create(context) {
    if (context.family !== 'python' && context.family !== 'javascript') return;
    // Name-based guesses wait for $exit: a value the dataflow already reported is not reported twice.
    const named: { leak: NamedLeak; sink: string }[] = [];
    const collectNamed = (container: Node, sink: string, kinds: readonly NamedLeak['kind'][]) => {
      for (const leak of namedLeaks(container, kinds)) named.push({ leak, sink });
    };
    const exception = (thrown: Node | null | undefined) => {
      const args = thrown?.childForFieldName('arguments');
      if (args) collectNamed(args, EXCEPTION_SINK, ['secret']);
    };
    const analytics = (call: Node) => {
      const callee = call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
      const args = call.childForFieldName('arguments');
      if (args && ANALYTICS_CALL.test(callee)) collectNamed(args, analyticsSink(callee), ['secret', 'prompt', 'completion']);
    };
    return {
      raise_statement: (node: Node) => exception(node.namedChildren[0]?.type === 'call' ? node.namedChildren[0] : undefined),
      throw_statement: (node: Node) => exception(node.namedChildren[0]?.type === 'new_expression' || node.namedChildren[0]?.type === 'call_expression' ? node.namedChildren[0] : undefined),
      call: analytics,
      call_expression: analytics,
      $exit() {
        const flows = analyzeTaint(context, { sources: ['secret', 'request', 'llm-output'], sinks: ['logging', 'exception', 'analytics'] });
        const reported = new Set<string>();
        const covered: Node[] = [];
        for (const flow of flows) {
          const leak = classify(flow);
          if (!leak) continue;
          // Exception messages are reported for credentials; a prompt in a "bad request" error is ordinary.
          if (flow.sinkKind === 'exception' && leak.severity !== 'error') continue;
          // A command-line chat prints the answer on purpose; in a web handler stdout is the server's log.
          if (leak.what === COMPLETION && CONSOLE_OUTPUT.test(flow.sinkName) && !enclosingRoute(context, flow.sink)) continue;
          // Several sources reaching one argument make one finding.
          const key = `${flow.argument.startIndex}:${flow.argument.endIndex}`;
          if (reported.has(key)) continue;
          reported.add(key);
          covered.push(flow.argument);
          const quiet = flow.sinkKind === 'logging' && QUIET_LEVEL.test(flow.sinkName) && leak.severity === 'warning';
          context.report({
            node: flow.argument,
            severity: quiet ? 'info' : leak.severity,
            message: `${leak.what} ${sinkPhrase(flow)}${flow.lowConfidence ? ' (likely)' : ''}.`,
            related: flowRelated(context, flow),
          });
        }
        for (const { leak, sink } of named) {
          if (covered.some((argument) => leak.node.startIndex >= argument.startIndex && leak.node.endIndex <= argument.endIndex)) continue;
          const what = leak.kind === 'secret' ? `\`${leak.name}\` (a credential, by its name)` : leak.kind === 'prompt' ? `The prompt \`${leak.name}\`` : `The model completion \`${leak.name}\``;
          context.report({ node: leak.node, severity: leak.kind === 'secret' ? 'error' : 'warning', message: `${what} is sent to ${sink}.` });
        }
      },
    };
  },
});

const EXCEPTION_SINK = 'an exception message, which ends up in logs, error trackers and sometimes responses';

function analyticsSink(callee: string): string {
  return `a third-party analytics or error-tracking service by \`${callee}\``;
}

/** How the value leaves: logged, raised, or sent to a third party. */
function sinkPhrase(flow: Flow): string {
  switch (flow.sinkKind) {
    case 'exception':
      return `is put into an exception message (\`${flow.sinkName}\`), which ends up in logs, error trackers and sometimes responses`;
    case 'analytics':
      return `is sent to ${analyticsSink(flow.sinkName)}`;
    default:
      return `is written to the log by \`${flow.sinkName}\``;
  }
}

function classify(flow: Flow): Leak | undefined {
  const use = taintedUse(flow);
  // `key[:4]`, `mask(key)`, `len(prompt)`: only a harmless part or measure of the value leaves.
  if (use && neutralised(use, flow.sink)) return undefined;
  const fields = use ? accessChain(use, flow.argument) : [];
  if (fields.some((f) => HARMLESS_FIELD.test(f) && f !== 'headers')) return undefined;
  if (flow.labels.includes('secret')) {
    const name = /`([^`]+)`/.exec(flow.source.message)?.[1];
    return { what: `The secret${name ? ` \`${name}\`` : ''} (an API key or credential)`, severity: 'error' };
  }
  if (flow.labels.includes('request')) {
    const leak = classifyRequest(flow, fields);
    if (leak) return leak;
  }
  if (flow.labels.includes('llm-output')) return { what: COMPLETION, severity: 'warning' };
  return undefined;
}

function classifyRequest(flow: Flow, usedFields: string[]): Leak | undefined {
  const source = flow.source.node;
  const sourceFields = sourceChain(source);
  const fields = [...sourceFields, ...assignedFields(flow), ...usedFields];
  // Streamlit inputs and parameters of handlers are values, not request objects.
  if (/^streamlit\.|st\.(?:chat_input|text_input|text_area)/.test(flow.source.message) || /(?:chat_input|text_input|text_area)\s*\(/.test(source.text)) {
    return usedFields.length === 0 ? { what: "The user's prompt", severity: 'warning' } : undefined;
  }
  const parameter = /request parameter `(\w+)`/.exec(flow.source.message)?.[1];
  if (parameter) {
    const field = usedFields[usedFields.length - 1] ?? parameter;
    if (PROMPT_FIELD.test(field)) return { what: `The user's prompt (\`${field}\`)`, severity: 'warning' };
    if (usedFields.length === 0 && BODY_NAME.test(parameter)) return { what: `The whole request body (\`${parameter}\`)`, severity: 'warning' };
    return undefined;
  }
  const headerIndex = fields.findIndex((f) => HEADER_ATTRIBUTE.test(f));
  if (headerIndex >= 0) {
    const header = fields[headerIndex + 1];
    if (header === undefined) {
      return fields[headerIndex] === 'cookies'
        ? { what: "The request's cookies (session credentials)", severity: 'error' }
        : { what: 'All request headers, with any Authorization header and cookies,', severity: 'error' };
    }
    return CREDENTIAL_HEADER.test(header) ? { what: `The request's \`${header}\` header (a credential)`, severity: 'error' } : undefined;
  }
  const bodyIndex = fields.findIndex((f) => BODY_ATTRIBUTE.test(f));
  if (bodyIndex < 0) return undefined;
  const rest = fields.slice(bodyIndex + 1);
  if (rest.length === 0) return { what: 'The whole request body', severity: 'warning' };
  const prompt = rest.find((f) => PROMPT_FIELD.test(f));
  return prompt ? { what: `The user's prompt (\`${prompt}\`)`, severity: 'warning' } : undefined;
}

/** The field names read from a request object, starting at the object (`request.headers.get("Authorization")` → headers, Authorization). */
function sourceChain(source: Node): string[] {
  const fields: string[] = [];
  const own = source.type === 'attribute' ? source.childForFieldName('attribute') : source.type === 'member_expression' ? source.childForFieldName('property') : undefined;
  if (own) fields.push(own.text);
  else if (source.type === 'call' || source.type === 'call_expression') {
    const callee = source.childForFieldName('function');
    const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
    if (name) fields.push(name);
  }
  return [...fields, ...accessChain(source, undefined)];
}

/**
 * Field reads on the way between the source and the sink: `prompt = body["prompt"]` after `body = request.get_json()`
 * reads `prompt`, so logging `prompt` logs the user's prompt, not the whole body.
 */
function assignedFields(flow: Flow): string[] {
  const fields: string[] = [];
  for (const step of flow.steps.slice(1)) {
    if (!step.message.startsWith('assigned to ')) continue;
    // `const { question: q } = req.body`, `const { prompt } = body`
    if (step.node.type === 'pair_pattern') {
      fields.push(unquote(step.node.childForFieldName('key')?.text ?? ''));
      continue;
    }
    if (step.node.type === 'shorthand_property_identifier_pattern') {
      fields.push(step.node.text);
      continue;
    }
    const holder = step.node.parent;
    const value = holder?.type === 'assignment' ? holder.childForFieldName('right') : holder?.type === 'variable_declarator' ? holder.childForFieldName('value') : undefined;
    if (!value || (flow.source.node.startIndex >= value.startIndex && flow.source.node.endIndex <= value.endIndex)) continue;
    fields.push(...readsOf(value));
  }
  return fields;
}

/** The keys an expression reads from its innermost object, outermost last: `body["a"].b` → a, b. */
function readsOf(value: Node): string[] {
  const reads: string[] = [];
  let current: Node | null = value;
  for (let depth = 0; current && depth < 12; depth++) {
    if (current.type === 'subscript' || current.type === 'subscript_expression') {
      const key = current.childForFieldName(current.type === 'subscript' ? 'subscript' : 'index');
      reads.unshift(key ? unquote(key.text) : '[]');
      current = current.childForFieldName(current.type === 'subscript' ? 'value' : 'object');
    } else if (current.type === 'attribute' || current.type === 'member_expression') {
      reads.unshift(current.childForFieldName(current.type === 'attribute' ? 'attribute' : 'property')?.text ?? '');
      current = current.childForFieldName('object');
    } else if ((current.type === 'call' || current.type === 'call_expression') && /\.get$/.test(current.childForFieldName('function')?.text ?? '')) {
      const key = current.childForFieldName('arguments')?.namedChildren[0];
      reads.unshift(key ? unquote(key.text) : 'get');
      current = current.childForFieldName('function')?.childForFieldName('object') ?? null;
    } else if (current.type === 'await' || current.type === 'await_expression' || current.type === 'parenthesized_expression') {
      current = current.namedChildren[0] ?? null;
    } else break;
  }
  return reads;
}

/** The place inside the logged argument where the tainted value is used: the source itself, or the variable it was assigned to. */
function taintedUse(flow: Flow): Node | undefined {
  const argument = flow.argument;
  const source = flow.source.node;
  if (source.startIndex >= argument.startIndex && source.endIndex <= argument.endIndex) return source;
  const assigned = [...flow.steps].reverse().map((s) => /assigned to `([\w.]+)`/.exec(s.message)?.[1]).find(Boolean);
  const parameter = /request parameter `(\w+)`/.exec(flow.source.message)?.[1];
  const name = assigned ?? parameter;
  if (!name) return undefined;
  if (argument.text === name) return argument;
  for (const identifier of argument.descendantsOfType(['identifier', 'shorthand_property_identifier'])) {
    if (identifier?.text === name) return identifier;
  }
  return undefined;
}

/** Field reads applied to a node going outwards: `x["a"].b` → a, b; `.get("a")` counts as a read of a; calls are looked through. */
function accessChain(node: Node, stop: Node | undefined): string[] {
  const fields: string[] = [];
  let current = node;
  for (let depth = 0; depth < 12; depth++) {
    if (stop && current.id === stop.id) break;
    const parent = current.parent;
    if (!parent) break;
    if ((parent.type === 'attribute' || parent.type === 'member_expression') && parent.childForFieldName('object')?.id === current.id) {
      const name = parent.childForFieldName(parent.type === 'attribute' ? 'attribute' : 'property')?.text ?? '';
      const call = parent.parent;
      const isGetCall = /^(?:get|getlist|get_header|header|getHeader)$/.test(name) && (call?.type === 'call' || call?.type === 'call_expression') && call.childForFieldName('function')?.id === parent.id;
      if (isGetCall) {
        const key = call!.childForFieldName('arguments')?.namedChildren[0];
        fields.push(key ? unquote(key.text) : name);
        current = call!;
        continue;
      }
      fields.push(name);
      current = parent;
      continue;
    }
    if ((parent.type === 'subscript' || parent.type === 'subscript_expression') && (parent.childForFieldName('value') ?? parent.childForFieldName('object'))?.id === current.id) {
      const key = parent.childForFieldName(parent.type === 'subscript' ? 'subscript' : 'index');
      fields.push(key ? unquote(key.text) : '[]');
      current = parent;
      continue;
    }
    if ((parent.type === 'call' || parent.type === 'call_expression') && parent.childForFieldName('function')?.id === current.id) {
      current = parent;
      continue;
    }
    if (parent.type === 'await' || parent.type === 'await_expression' || parent.type === 'parenthesized_expression' || parent.type === 'non_null_expression') {
      current = parent;
      continue;
    }
    if (parent.type === 'call' && /^(?:len|str|repr)$/.test(parent.childForFieldName('function')?.text ?? '')) {
      if (parent.childForFieldName('function')?.text === 'len') fields.push('len');
      current = parent;
      continue;
    }
    if (parent.type === 'argument_list' && parent.parent?.type === 'call' && parent.parent.childForFieldName('function')?.text === 'len') {
      fields.push('len');
      break;
    }
    break;
  }
  return fields;
}

function unquote(text: string): string {
  return text.replace(/^[rbfuRBFU]*(['"`])([\s\S]*)\1$/, '$2');
}
