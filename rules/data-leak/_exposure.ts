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
/** Flask-style imports whose `run(debug=True)` serves the Werkzeug debugger. */
export const FLASK_LIKE_IMPORT = /\b(?:flask|quart|dash)\b/;
/** Flask config methods that take DEBUG as a keyword. */
export const FLASK_CONFIG_METHODS = new Set(['update', 'from_mapping']);
/** Werkzeug's debugger, which runs Python typed into the error page when `evalex` is on. */
export const WERKZEUG_RUN_SIMPLE = new Set(['werkzeug.serving.run_simple', 'werkzeug.run_simple']);
export const WERKZEUG_DEBUGGED_APPLICATION = new Set(['werkzeug.debug.DebuggedApplication', 'werkzeug.DebuggedApplication']);
/** Development reloaders, reported as info. */
export const RELOADING_SERVERS = new Set(['uvicorn.run', 'hypercorn.run']);

export const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]', '*']);
/** Jupyter applications whose `ip`/`token`/`password` traits configure who can connect. */
export const JUPYTER_APPS = /^(?:NotebookApp|ServerApp|LabApp|IdentityProvider|PasswordIdentityProvider)$/;

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
