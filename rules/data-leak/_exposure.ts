import type { FamilyMember } from '../../server/src/engine/api';

/**
 * The debug-and-exposure family: development switches that leak internals, and demo or notebook servers made
 * reachable without a login. Kept as data for `debug-mode` and `public-demo-app` and their docs.
 */

/** Frameworks whose constructor takes `debug=`: tracebacks with locals go to the client. */
export const DEBUG_CONSTRUCTORS = new Map([
  ['fastapi.FastAPI', 'FastAPI'],
  ['starlette.applications.Starlette', 'Starlette'],
]);
/** Flask-style modules whose `run(debug=True)` serves the Werkzeug debugger, matched in the file's imports. */
const FLASK_LIKE_MODULES = ['flask', 'quart', 'dash'];
export const FLASK_LIKE_IMPORT = new RegExp(`\\b(?:${FLASK_LIKE_MODULES.join('|')})\\b`);
/** Flask config methods that take DEBUG as a keyword. */
export const FLASK_CONFIG_METHODS = new Set(['update', 'from_mapping']);
/** Werkzeug's debugger, which runs Python typed into the error page when `evalex` is on. */
export const WERKZEUG_RUN_SIMPLE = new Set(['werkzeug.serving.run_simple', 'werkzeug.run_simple']);
export const WERKZEUG_DEBUGGED_APPLICATION = new Set(['werkzeug.debug.DebuggedApplication', 'werkzeug.DebuggedApplication']);
/** Development reloaders, reported as info. */
export const RELOADING_SERVERS = new Set(['uvicorn.run', 'hypercorn.run']);

/**
 * Prefilter words (`meta.requires`): the modules of the debuggers and servers above, one of which a file imports
 * wherever `debug-mode` finds a Werkzeug debugger (`WERKZEUG_MODULES`) or a debug or reload switch of a server
 * (`DEBUG_SERVER_MODULES`, the werkzeug ones included). Qualified names start with the module their import spells.
 */
export const WERKZEUG_MODULES = rootsOf([...WERKZEUG_RUN_SIMPLE, ...WERKZEUG_DEBUGGED_APPLICATION]);
export const DEBUG_SERVER_MODULES = [...WERKZEUG_MODULES, ...rootsOf([...DEBUG_CONSTRUCTORS.keys(), ...RELOADING_SERVERS]), ...FLASK_LIKE_MODULES];

export const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]', '*']);
/** Jupyter applications whose `ip`/`token`/`password` traits configure who can connect. */
const JUPYTER_APP_NAMES = ['NotebookApp', 'ServerApp', 'LabApp', 'IdentityProvider', 'PasswordIdentityProvider'];
export const JUPYTER_APPS = new RegExp(`^(?:${JUPYTER_APP_NAMES.join('|')})$`);
/** The demo and notebook servers of `public-demo-app`, as their imports and command lines name them. */
export const GRADIO = 'gradio';
export const STREAMLIT = 'streamlit';
export const JUPYTER = 'jupyter';
/**
 * Prefilter words of `public-demo-app`: a Gradio import, a Streamlit or Jupyter command line (in Python or a
 * Dockerfile), or a Jupyter configuration file's `c.<App>.token`.
 */
export const DEMO_APP_WORDS = [GRADIO, STREAMLIT, JUPYTER, ...JUPYTER_APP_NAMES];

/** The distinct root modules of qualified names. */
function rootsOf(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.split('.')[0]))];
}

export const DEBUG_FAMILY: readonly FamilyMember[] = [
  { member: 'Flask/Quart/Dash `run(debug=<truthy>)`, `app.debug = True`, `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)`', cwe: [489, 94], why: 'Serves the Werkzeug debugger: tracebacks with local variables and a Python console in the error page.' },
  { member: 'Werkzeug `run_simple(..., use_debugger=True)`, `DebuggedApplication(app, evalex=True)`', cwe: [489, 94], why: 'The interactive debugger runs Python typed into the browser; its PIN is weak protection on a shared network.' },
  { member: 'Django `DEBUG = <truthy>` in a settings module that is not a development one', cwe: [489, 215], why: 'Error pages list settings, SQL, URL patterns and local variables to any visitor.' },
  { member: 'FastAPI/Starlette `debug=<truthy>`', cwe: [489, 209], why: 'Unhandled errors return the traceback with source lines to the client.' },
  { member: 'uvicorn/hypercorn `reload=True` (info)', cwe: [489], why: 'A development mode that watches and re-imports source files.' },
  { member: 'Any of these flags given through a constant (`DEBUG = True; app.run(debug=DEBUG)`)', cwe: [489], why: 'The constant is followed to its value.' },
];

export const EXPOSURE_FAMILY: readonly FamilyMember[] = [
  { member: 'Gradio `launch(share=<truthy>)` (info when `auth=` is set)', cwe: [200, 306], why: 'Publishes the app on a public gradio.live URL that anyone with the link can use.' },
  { member: 'Gradio `launch(server_name="0.0.0.0")` without `auth`', cwe: [306, 668], why: 'Every network the machine is on can use the app.' },
  { member: 'Streamlit started from Python with `--server.address 0.0.0.0` and no `st.login`', cwe: [306, 668], why: 'Streamlit has no login of its own: anyone who can reach the port uses the app.' },
  { member: 'Jupyter (`jupyter notebook`/`lab`/`server`) on all interfaces with an empty token and no password, from a command line, a Dockerfile CMD/ENTRYPOINT/RUN or a `jupyter_*_config.py`', cwe: [306, 94], why: 'A notebook server without a token is a remote shell for anyone who can reach the port.' },
];
