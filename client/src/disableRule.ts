import * as vscode from 'vscode';
import { pickRule, type RuleCatalogue } from './ruleCatalogue';
import { isRuleId } from './ruleDocumentation';

type RulesSetting = Record<string, unknown>;

/**
 * `aisec.disableRule [ruleId, uri?]`: sets `aisec.rules[ruleId] = "off"` in the workspace settings (the
 * folder's settings in a multi-root workspace when the finding's file is given), leaving the other
 * entries of that layer alone. Without a workspace the user settings are changed instead.
 * Offers Undo, since a code action is one click away from a silenced rule.
 */
export async function disableRule(catalogue: RuleCatalogue, ruleId?: unknown, resource?: unknown): Promise<void> {
  const id = isRuleId(ruleId) ? ruleId : await pickRule(catalogue, 'Turn off which AISec rule in this workspace?');
  if (!id) return;
  const uri = resource instanceof vscode.Uri ? resource : typeof resource === 'string' ? vscode.Uri.parse(resource) : undefined;
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const target = !vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Global
    : folder && multiRoot
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : vscode.ConfigurationTarget.Workspace;
  const configuration = vscode.workspace.getConfiguration('aisec', folder?.uri);
  const inspected = configuration.inspect<RulesSetting>('rules');
  const layer =
    target === vscode.ConfigurationTarget.Global
      ? inspected?.globalValue
      : target === vscode.ConfigurationTarget.WorkspaceFolder
        ? inspected?.workspaceFolderValue
        : inspected?.workspaceValue;
  const before = layer ? { ...layer } : undefined;
  await configuration.update('rules', { ...before, [id]: 'off' }, target);
  const where = target === vscode.ConfigurationTarget.Global ? 'your user settings' : 'this workspace';
  // Not awaited: the command is done once the setting is written, whether or not the user answers.
  void vscode.window.showInformationMessage(`AISec: ${id} is off in ${where}.`, 'Undo').then(async (choice) => {
    if (choice === 'Undo') await configuration.update('rules', before, target);
  });
}
