import { defineRule, enclosingRoute, pythonSemantics, type Fix, type Node, type RuleContext } from '../../server/src/engine/api';

/** Calls that build an HTTP response or an error page shown to the user. */
const PYTHON_RESPONSE_CALL =
  /^(?:jsonify|make_response|Response|JSONResponse|PlainTextResponse|HTMLResponse|ORJSONResponse|UJSONResponse|HttpResponse|JsonResponse|HttpResponseServerError|HttpResponseBadRequest|abort|HTTPException|(?:\w+\.)*(?:HTTPException|Error|exception|error|warning|json|Response|JSONResponse))$/;
const JS_RESPONSE_METHOD = /\.(?:json|send|end|write|text|html|body)$/;
const JS_RESPONSE_RECEIVER = /^(?:res|response|reply|ctx|c|context|NextResponse|Response|h)\b/;
const TRACEBACK_CALL = /^traceback\.(?:format_exc|format_exception|format_tb|format_stack|print_exc)$/;

const GENERIC_MESSAGE = 'Internal server error';
const VALIDATION_ERROR = /^(?:\w+\.)*(?:ValueError|ValidationError|RequestValidationError|JSONDecodeError|KeyError|BadRequest\w*)$/;

/**
 * An exception's text and traceback describe the server: file paths, library versions, SQL, the prompt being
 * built, sometimes a key in a connection string. Sent to the client, they map the attack surface and leak data.
 */
export default defineRule({
  meta: {
    id: 'data-leak/exception-details-in-response',
    category: 'data-leak',
    title: 'Exception text or traceback returned to the client',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info' },
    languages: ['python', 'javascript'],
    // The rule reads `except` clauses (Python) and `catch` clauses (JavaScript): their keywords.
    requires: ['except', 'catch'],
    // Whether a `return` answers a client depends on route registrations elsewhere in the document.
    scope: 'document',
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds exception messages and stack traces sent to clients: `str(e)`, `repr(e)`, `f"{e}"` and `traceback.format_exc()` in Flask, ' +
        'FastAPI (`HTTPException(detail=...)`), Django, Streamlit and Gradio responses; `err.stack`, `err.message` and `String(err)` in ' +
        'Express, Fastify, Hono, Koa and Next.js responses.',
      why:
        'Errors from model SDKs, vector stores and databases carry internals: request IDs, file paths, SQL, URLs with credentials, parts of the ' +
        'prompt or of another user\'s data. Returned to the caller they help an attacker map the system and sometimes leak secrets outright ' +
        '(OWASP LLM02). Log the details on the server and send the client a generic message with a correlation id. The text of validation ' +
        'errors caught on their own (`ValueError`, pydantic `ValidationError`) is often meant for the caller and is reported as info.',
      bad:
        '@app.post("/chat")\ndef chat():\n    try:\n        return answer(request.json)\n    except Exception as e:\n' +
        '        return jsonify({"error": str(e)}), 500\n',
      good:
        '@app.post("/chat")\ndef chat():\n    try:\n        return answer(request.json)\n    except Exception:\n' +
        '        app.logger.exception("chat failed")\n        return jsonify({"error": "Internal server error"}), 500\n',
      fix: 'Replaces the exception text with a generic "Internal server error" message. Unsafe: log the exception on the server so the detail is not lost.',
      references: { owaspLlm: ['LLM02'], cwe: [209, 497, 200] },
    },
  },
  create(context) {
    if (context.family === 'python') return pythonVisitors(context);
    if (context.family === 'javascript') return javascriptVisitors(context);
  },
});

function replaceFix(context: RuleContext, node: Node, quote: string): Fix {
  return { title: 'Send a generic error message instead', safety: 'unsafe', edits: [{ range: context.rangeOf(node), newText: `${quote}${GENERIC_MESSAGE}${quote}` }] };
}

function pythonVisitors(context: RuleContext) {
  const semantics = pythonSemantics(context);
  const isRouteHandler = (fn: Node | undefined) => !!fn && enclosingRoute(context, fn)?.handler?.id === fn.id;
  return {
    except_clause(clause: Node) {
      const alias = clause.childForFieldName('alias') ?? clause.descendantsOfType('as_pattern_target')[0]?.namedChildren[0] ?? null;
      const name = alias?.text;
      const body = clause.namedChildren.find((c) => c?.type === 'block');
      if (!body) return;
      const caught = clause.namedChildren.find((c) => c?.type !== 'block' && c?.type !== 'comment');
      const caughtTypes = (caught?.type === 'as_pattern' ? caught.namedChildren[0] : caught)?.text ?? '';
      // Validation errors are meant for the caller; their text is still reported, but as info.
      const validationOnly = caughtTypes !== '' && caughtTypes.split(/[\s,()]+/).filter(Boolean).every((t) => VALIDATION_ERROR.test(t));
      for (const exposure of pythonExposures(body, name, semantics)) {
        const sink = responseSink(exposure, body, isRouteHandler);
        if (!sink) continue;
        const fixable = exposure.type === 'call' || exposure.type === 'attribute';
        context.report({
          node: exposure,
          severity: validationOnly && !/traceback/.test(exposure.text) ? 'info' : undefined,
          message: `\`${exposure.text}\` sends ${describe(exposure)} to the client in ${sink}; log it on the server and return a generic message.`,
          fixes: fixable ? [replaceFix(context, exposure, '"')] : [],
        });
      }
    },
  };
}

function describe(exposure: Node): string {
  return /traceback|stack/.test(exposure.text) ? 'the stack trace' : "the exception's text";
}

/** Expressions in an except block that render the caught exception or the current traceback. */
function pythonExposures(body: Node, name: string | undefined, semantics: ReturnType<typeof pythonSemantics>): Node[] {
  const found: Node[] = [];
  for (const node of body.descendantsOfType(['call', 'interpolation', 'attribute'])) {
    if (!node) continue;
    if (node.type === 'call') {
      const callee = node.childForFieldName('function');
      const qualified = semantics.calleeName(node);
      const firstArgument = node.childForFieldName('arguments')?.namedChildren[0]?.text;
      if (qualified && TRACEBACK_CALL.test(qualified)) found.push(node);
      else if (name && (qualified === 'streamlit.exception' || callee?.text === 'st.exception') && firstArgument === name) found.push(node);
      else if (name && /^(?:str|repr)$/.test(callee?.text ?? '') && firstArgument === name) found.push(node);
    } else if (node.type === 'interpolation' && name) {
      const expression = node.childForFieldName('expression') ?? node.namedChildren[0];
      if (expression?.text === name || expression?.text === `${name}.args`) found.push(node);
    } else if (node.type === 'attribute' && name && node.childForFieldName('object')?.text === name && /^(?:args|message|__traceback__)$/.test(node.childForFieldName('attribute')?.text ?? '')) {
      found.push(node);
    }
  }
  return found;
}

/** Where an exposure leaves the server: a response call, an HTTPException, or a route handler's return value. */
function responseSink(exposure: Node, body: Node, isRouteHandler: (fn: Node | undefined) => boolean): string | undefined {
  // `st.exception(e)` is its own sink.
  for (let node: Node | null = exposure; node && node.id !== body.id; node = node.parent) {
    if (node.type === 'call') {
      const callee = node.childForFieldName('function')?.text ?? '';
      if (/(?:^|\.)(?:info|debug|warning|error|exception|critical|log)$/.test(callee) && /log/i.test(callee)) return undefined;
      if (/^(?:st|streamlit)\.(?:error|exception|warning|write|markdown|code|text)$/.test(callee) || /^(?:gr|gradio)\.(?:Error|Warning|Info)$/.test(callee)) return `\`${callee}\``;
      if (PYTHON_RESPONSE_CALL.test(callee) && !/^(?:print|len|str|repr)$/.test(callee) && !/^(?:logger|logging|log)\./.test(callee)) return `\`${callee}(...)\``;
    }
    if (node.type === 'return_statement') {
      let fn: Node | null = node.parent;
      while (fn && fn.type !== 'function_definition') fn = fn.parent;
      return isRouteHandler(fn ?? undefined) ? "the route's response" : undefined;
    }
  }
  return undefined;
}

function javascriptVisitors(context: RuleContext) {
  const isRouteHandler = (fn: Node | undefined) => !!fn && enclosingRoute(context, fn)?.handler?.id === fn.id;
  return {
    catch_clause(clause: Node) {
      const name = clause.childForFieldName('parameter')?.text;
      const body = clause.childForFieldName('body');
      if (!name || !body) return;
      for (const exposure of javascriptExposures(body, name)) {
        const sink = javascriptSink(exposure, body, isRouteHandler);
        if (!sink) continue;
        const fixable = exposure.type === 'member_expression' || exposure.type === 'call_expression';
        context.report({
          node: exposure,
          message: `\`${exposure.text}\` sends ${describe(exposure)} to the client in ${sink}; log it on the server and return a generic message.`,
          fixes: fixable ? [replaceFix(context, exposure, "'")] : [],
        });
      }
    },
  };
}

function javascriptExposures(body: Node, name: string): Node[] {
  const found: Node[] = [];
  for (const node of body.descendantsOfType(['member_expression', 'call_expression', 'template_substitution'])) {
    if (!node) continue;
    if (node.type === 'member_expression') {
      if (node.childForFieldName('object')?.text === name && /^(?:stack|message)$/.test(node.childForFieldName('property')?.text ?? '')) found.push(node);
    } else if (node.type === 'call_expression') {
      const callee = node.childForFieldName('function')?.text ?? '';
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      if ((callee === 'String' && args[0]?.text === name) || callee === `${name}.toString`) found.push(node);
    } else if (node.namedChildren[0]?.text === name) {
      found.push(node);
    }
  }
  return found;
}

function javascriptSink(exposure: Node, body: Node, isRouteHandler: (fn: Node | undefined) => boolean): string | undefined {
  for (let node = exposure.parent; node && node.id !== body.id; node = node.parent) {
    if (node.type === 'call_expression' || node.type === 'new_expression') {
      const callee = (node.childForFieldName('function') ?? node.childForFieldName('constructor'))?.text.replace(/\s+/g, '') ?? '';
      if (/^(?:console|logger|log|pino|winston)\b/.test(callee)) return undefined;
      if (node.type === 'new_expression' && /^(?:Response|NextResponse)$/.test(callee)) return `\`new ${callee}(...)\``;
      if (JS_RESPONSE_METHOD.test(callee) && JS_RESPONSE_RECEIVER.test(callee)) return `\`${callee.replace(/\(.*\)/, '(…)')}(...)\``;
    }
    if (node.type === 'assignment_expression' && /^(?:ctx|context)\.body$/.test(node.childForFieldName('left')?.text ?? '')) return '`ctx.body`';
    if (node.type === 'return_statement') {
      let fn: Node | null = node.parent;
      while (fn && !['function_declaration', 'arrow_function', 'function_expression', 'function', 'method_definition'].includes(fn.type)) fn = fn.parent;
      return isRouteHandler(fn ?? undefined) ? "the route's response" : undefined;
    }
  }
  return undefined;
}
