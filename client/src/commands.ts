import * as vscode from 'vscode';
import { disableRule } from './disableRule';
import type { LanguageServer } from './languageServer';
import { Commands, ScanWorkspaceRequest, type ScanWorkspaceResult } from './protocol';
import type { RuleCatalogue } from './ruleCatalogue';
import { showRuleDocumentation } from './ruleDocumentation';

/** Reports a failed command to the user once, with the details in the output channel. */
function guarded(output: vscode.LogOutputChannel, name: string, run: (...args: unknown[]) => Promise<unknown>) {
  return async (...args: unknown[]): Promise<unknown> => {
    try {
      return await run(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      output.error(`${name} failed: ${message}`);
      const choice = await vscode.window.showErrorMessage(`AISec: ${name} failed: ${message}`, 'Show Output');
      if (choice) output.show();
      return undefined;
    }
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The server reports progress (with a Cancel button) itself; the result summary goes to the user. */
async function scanWorkspace(server: LanguageServer, output: vscode.LogOutputChannel): Promise<ScanWorkspaceResult> {
  const result = await server.request<ScanWorkspaceResult>(ScanWorkspaceRequest, {});
  const summary =
    `${result.cancelled ? 'Scan cancelled after' : 'Scanned'} ${plural(result.files, 'file')}: ${plural(result.findings, 'finding')}` +
    (result.skipped > 0 ? ` (${result.skipped} skipped, see the output)` : '');
  output.info(summary);
  void vscode.window.showInformationMessage(`AISec: ${summary}.`);
  return result;
}

export function registerCommands(
  server: LanguageServer,
  catalogue: RuleCatalogue,
  output: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      Commands.scanWorkspace,
      guarded(output, 'Scan workspace', () => scanWorkspace(server, output)),
    ),
    vscode.commands.registerCommand(
      Commands.showRuleDocumentation,
      guarded(output, 'Show rule documentation', (ruleId) => showRuleDocumentation(catalogue, ruleId)),
    ),
    vscode.commands.registerCommand(
      Commands.disableRule,
      guarded(output, 'Disable rule', (ruleId, resource) => disableRule(catalogue, ruleId, resource)),
    ),
    vscode.commands.registerCommand(Commands.restartServer, guarded(output, 'Restart server', () => server.restart())),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
  ];
}
