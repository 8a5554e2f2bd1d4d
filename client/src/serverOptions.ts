import type { ExtensionContext } from 'vscode';
import { TransportKind, type ServerOptions } from 'vscode-languageclient/node';

/** Port for attaching a debugger to the server (see .vscode/launch.json "Attach to AISec server"). */
export const SERVER_DEBUG_PORT = 6009;

/**
 * Node flags for the server process. A language server allocates in short bursts (an analysis per keystroke,
 * two hundred at once when a workspace opens) and holds little: V8's default young generation grows to about
 * 48 MB of mostly empty semi-spaces that stay resident afterwards. Two-megabyte semi-spaces keep the server
 * with 200 open documents about 40 MB smaller at no measurable keystroke cost (bench/lsp-memory, bench/latency,
 * which start the server with the same flags).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2'];

/**
 * The bundled server runs in its own Node process, talking over IPC (the library adds `--node-ipc`).
 * In debug mode (the extension host was started from .vscode/launch.json) it waits for no one but
 * listens for an inspector so breakpoints in server/src work through the source maps.
 */
export function serverOptions(context: ExtensionContext): ServerOptions {
  const module = context.asAbsolutePath('dist/server.js');
  return {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_FLAGS } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', `--inspect=${SERVER_DEBUG_PORT}`, '--enable-source-maps'] },
    },
  };
}
