import {
  defineRule,
  keywordArgument,
  pythonConstant,
  pythonSemantics,
  pythonStringValue,
  pythonTruthiness,
  type Fix,
  type Node,
  type TextEdit,
} from '../../server/src/engine/api';
import {
  DEBUG_CONSTRUCTORS,
  DEBUG_FAMILY,
  DEBUG_SERVER_MODULES,
  FLASK_CONFIG_METHODS,
  FLASK_LIKE_IMPORT,
  RELOADING_SERVERS,
  WERKZEUG_DEBUGGED_APPLICATION,
  WERKZEUG_MODULES,
  WERKZEUG_RUN_SIMPLE,
} from './_exposure';

/** The switches, as the rule reads them: `debug=`, `app.debug`; `DEBUG=`, `app.config["DEBUG"]`, Django's `DEBUG`; `reload=`. */
const DEBUG = 'debug';
const DEBUG_SETTING = 'DEBUG';
const RELOAD = 'reload';

/** Settings modules that are meant for development, where `DEBUG = True` is expected. */
const DEV_SETTINGS = /(?:^|[\\/_])(?:dev|develop|development|local|test|tests|testing|ci)(?:_settings)?\.py$/i;
const SETTINGS_FILE = /(?:^|[\\/])(?:settings|settings[\\/][\w-]+|[\w-]*settings)\.py$/;

/**
 * Debug modes print stack traces, local variables and configuration to whoever triggers an error; Flask's and
 * Werkzeug's debugger even gives them a Python console on the server.
 */
export default defineRule({
  meta: {
    id: 'data-leak/debug-mode',
    category: 'data-leak',
    title: 'Debug mode enabled in serving code',
    severity: 'warning',
    languages: ['python'],
    // A finding needs a switch (or Werkzeug's debugger) and what serves it: an imported server or framework, or a
    // Django settings module, where the switch is `DEBUG` itself.
    requiresAll: [
      [DEBUG, DEBUG_SETTING, RELOAD, ...WERKZEUG_MODULES],
      [DEBUG_SETTING, ...DEBUG_SERVER_MODULES],
    ],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds debug modes switched on in code: Flask `app.run(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`, ' +
        '`app.config.update(DEBUG=True)`, the Werkzeug debugger (`run_simple(use_debugger=True)`, `DebuggedApplication`), ' +
        'FastAPI/Starlette `debug=True`, Django `DEBUG = True` in a settings module, and uvicorn `reload=True` (info); any truthy ' +
        'value counts, also through a constant.',
      why:
        'A debug page shows tracebacks with local variables: the prompt being built, API keys read from the environment, the user\'s data. ' +
        'Flask\'s debugger goes further and runs Python typed into the error page, a remote shell on the model server. Django with DEBUG on ' +
        'lists settings and URL patterns to any visitor. Code that hard-codes debug ends up deployed with it; reading it from the environment ' +
        'keeps production off by default. uvicorn\'s `reload=True` watches the file system and is meant for development only.',
      bad: 'from flask import Flask\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", debug=True)\n',
      good:
        'import os\nfrom flask import Flask\napp = Flask(__name__)\n\nif __name__ == "__main__":\n' +
        '    app.run(host="0.0.0.0", debug=os.environ.get("FLASK_DEBUG") == "1")\n',
      fix: 'Reads the flag from an environment variable (off unless it is set to "1") and adds `import os`. Unsafe: debugging now needs the variable.',
      family: DEBUG_FAMILY,
      references: { owaspLlm: ['LLM02'], cwe: [489, 215, 94] },
    },
  },
  create(context) {
    if (context.family !== 'python') return;
    const semantics = pythonSemantics(context);
    const fromEnvironment = (value: Node, variable: string): Fix => {
      const edits: TextEdit[] = [{ range: context.rangeOf(value), newText: `os.environ.get("${variable}") == "1"` }];
      const importOs = semantics.addImport('os');
      if (importOs) edits.push(importOs);
      return { title: `Read the flag from the ${variable} environment variable`, safety: 'unsafe', edits };
    };
    const isSettings = !!context.filePath && SETTINGS_FILE.test(context.filePath) && !DEV_SETTINGS.test(context.filePath);
    // Dash and Quart serve through Flask-style `run(debug=True)` with the same debugger.
    const importsFlask = semantics.importStatements.some((s) => FLASK_LIKE_IMPORT.test(s.text));
    /** A literal `True`, `1`, `"yes"`, or a name bound once to one (`DEBUG = True`); the value node to rewrite. */
    const isOn = (value: Node | null | undefined) => pythonTruthiness(pythonConstant(context, value)) === true;
    const werkzeug = (call: Node, qualified: string) => {
      if (WERKZEUG_RUN_SIMPLE.has(qualified)) {
        const debugger_ = keywordArgument(call, 'use_debugger');
        if (!debugger_ || !isOn(debugger_.childForFieldName('value'))) return;
        const evalex = keywordArgument(call, 'use_evalex');
        const console = !evalex || isOn(evalex.childForFieldName('value'));
        context.report({
          node: debugger_,
          severity: console ? 'error' : undefined,
          message: console
            ? '`run_simple(use_debugger=True)` serves the Werkzeug debugger with its Python console: anyone who triggers an error can run code on the server.'
            : '`run_simple(use_debugger=True)` shows tracebacks with local variables to anyone who triggers an error.',
          fixes: [fromEnvironment(debugger_.childForFieldName('value')!, 'WERKZEUG_DEBUG')],
        });
        return;
      }
      const evalex = keywordArgument(call, 'evalex');
      const console = !!evalex && isOn(evalex.childForFieldName('value'));
      context.report({
        range: context.rangeOf(call.childForFieldName('function') ?? call),
        severity: console ? 'error' : undefined,
        message: console
          ? '`DebuggedApplication(evalex=True)` serves a Python console in the error page: anyone who triggers an error can run code on the server.'
          : '`DebuggedApplication` shows tracebacks with local variables to anyone who triggers an error.',
      });
    };
    return {
      call(call: Node) {
        const qualified = semantics.calleeName(call);
        if (qualified && (WERKZEUG_RUN_SIMPLE.has(qualified) || WERKZEUG_DEBUGGED_APPLICATION.has(qualified))) return werkzeug(call, qualified);
        const debug = keywordArgument(call, DEBUG) ?? keywordArgument(call, DEBUG_SETTING);
        const reload = keywordArgument(call, RELOAD);
        if (!debug && !reload) return;
        const callee = call.childForFieldName('function');
        const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
        if (debug?.childForFieldName('name')?.text === DEBUG_SETTING) {
          // app.config.update(DEBUG=True) / app.config.from_mapping(DEBUG=True)
          const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object')?.text ?? '' : '';
          if (importsFlask && FLASK_CONFIG_METHODS.has(method ?? '') && /\.config$/.test(receiver) && isOn(debug.childForFieldName('value'))) {
            context.report({
              node: debug,
              message: 'Turning on Flask debug mode serves the Werkzeug debugger: tracebacks with local variables and a Python console to anyone.',
              fixes: [fromEnvironment(debug.childForFieldName('value')!, 'FLASK_DEBUG')],
            });
          }
          return;
        }
        if (debug && isOn(debug.childForFieldName('value'))) {
          const framework =
            (qualified && DEBUG_CONSTRUCTORS.get(qualified)) ?? ((method === 'run' || method === 'run_server') && importsFlask ? 'Flask' : undefined);
          if (framework) {
            const variable = framework === 'Flask' ? 'FLASK_DEBUG' : 'APP_DEBUG';
            context.report({
              node: debug,
              message:
                framework === 'Flask'
                  ? '`debug=True` serves the Werkzeug debugger: anyone who triggers an error gets tracebacks with local variables and a Python console.'
                  : `\`${framework}(debug=True)\` returns tracebacks with source and local variables to clients on every error.`,
              fixes: [fromEnvironment(debug.childForFieldName('value')!, variable)],
            });
          }
        }
        if (reload?.childForFieldName('value')?.type === 'true' && qualified && RELOADING_SERVERS.has(qualified)) {
          context.report({
            node: reload,
            severity: 'info',
            message: '`uvicorn.run(reload=True)` is a development mode (it watches and re-imports source files); keep it out of production entry points.',
            fixes: [fromEnvironment(reload.childForFieldName('value')!, 'UVICORN_RELOAD')],
          });
        }
      },
      assignment(node: Node) {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!right || !left) return;
        // The target is checked before the value: resolving a name through the constants model reads the whole
        // module, which every assignment typed in the editor would otherwise pay for.
        const isDjangoDebug = left.type === 'identifier' && left.text === DEBUG_SETTING && isSettings && node.parent?.parent?.type === 'module';
        const isFlaskDebug =
          importsFlask &&
          ((left.type === 'attribute' && left.childForFieldName('attribute')?.text === DEBUG) ||
            (left.type === 'subscript' && /\.config$/.test(left.childForFieldName('value')?.text ?? '') && pythonStringValue(left.childForFieldName('subscript')) === DEBUG_SETTING));
        if ((!isDjangoDebug && !isFlaskDebug) || !isOn(right)) return;
        // Django: a module-level `DEBUG = True` in a settings module.
        if (isDjangoDebug) {
          context.report({
            node,
            message: '`DEBUG = True` in Django settings shows tracebacks, settings and SQL to any visitor who triggers an error.',
            fixes: [fromEnvironment(right, 'DJANGO_DEBUG')],
          });
          return;
        }
        context.report({
          node,
          message: 'Turning on Flask debug mode serves the Werkzeug debugger: tracebacks with local variables and a Python console to anyone.',
          fixes: [fromEnvironment(right, 'FLASK_DEBUG')],
        });
      },
    };
  },
});

