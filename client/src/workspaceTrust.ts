import * as vscode from 'vscode';
import type { LanguageServer } from './languageServer';

/**
 * In an untrusted workspace the server runs only the built-in rules with default configuration (project
 * files could change what runs). VS Code can grant trust while the extension runs, never revoke it
 * (revoking reloads the window), so one event covers it.
 */
export function forwardWorkspaceTrust(server: LanguageServer, output: vscode.LogOutputChannel): vscode.Disposable {
  if (!vscode.workspace.isTrusted) output.info('Workspace not trusted: only built-in rules run, project configuration is ignored.');
  return vscode.workspace.onDidGrantWorkspaceTrust(() => {
    output.info('Workspace trusted: project configuration now applies.');
    void server.notifyWorkspaceTrust(true);
  });
}
