/**
 * The AISec language server entry point, bundled to dist/server.js.
 *   node dist/server.js --stdio        (editors that talk over stdin/stdout)
 *   node dist/server.js --node-ipc     (VS Code's default for Node servers)
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/session';

const connection = createConnection(ProposedFeatures.all);

// One bad document must never take the server down: log and carry on.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`AISec: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});
process.on('uncaughtException', (error) => {
  connection.console.error(`AISec: uncaught exception: ${error.stack ?? error.message}`);
});

startServer(connection);
