import type { ExtensionContext } from 'vscode';
import { TransportKind, type ServerOptions } from 'vscode-languageclient/node';

/** Port for attaching a debugger to the server (see .vscode/launch.json "Attach to AISec server"). */
export const SERVER_DEBUG_PORT = 6009;

/**
 * The bundled server runs in its own Node process, talking over IPC (the library adds `--node-ipc`).
 * In debug mode (the extension host was started from .vscode/launch.json) it waits for no one but
 * listens for an inspector so breakpoints in server/src work through the source maps.
 */
export function serverOptions(context: ExtensionContext): ServerOptions {
  const module = context.asAbsolutePath('dist/server.js');
  return {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${SERVER_DEBUG_PORT}`, '--enable-source-maps'] },
    },
  };
}
