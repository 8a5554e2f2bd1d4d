import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { FindingsStatus } from './findingsStatus';
import { LanguageServer } from './languageServer';
import { RuleCatalogue } from './ruleCatalogue';
import { RULE_DOCS_SCHEME, RuleDocumentationProvider } from './ruleDocumentation';
import { forwardWorkspaceTrust } from './workspaceTrust';

let server: LanguageServer | undefined;

/**
 * The extension is a thin shell: all analysis happens in the language server (dist/server.js). Here we
 * start it, and own what only the editor can do: commands, settings updates, status, documentation view.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('AISec', { log: true });
  server = new LanguageServer(context, output);
  const catalogue = new RuleCatalogue(context.asAbsolutePath('dist/cli.js'), output);
  context.subscriptions.push(
    output,
    server,
    new FindingsStatus(server),
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, new RuleDocumentationProvider(server)),
    forwardWorkspaceTrust(server, output),
    ...registerCommands(server, catalogue, output),
  );
  try {
    await server.start();
  } catch (error) {
    // Commands stay usable (Restart Server, Show Output); the status item shows the stopped server.
    output.error(`The AISec server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
