// Workspace Trust, in a session where trust is not pre-granted: the workspace's .aisec.json turns
// container/root-user off, which must not apply until the user trusts the folder (a cloned repository could
// otherwise silence the checks that would warn about it), and must apply as soon as they do.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, askUi, hasRule, open, waitForDiagnostics } from './helpers';

const ROOT_USER = 'container/root-user';

describe('AISec in an untrusted workspace', function () {
  it('runs the built-in rules and ignores the project configuration', async function () {
    assert.equal(vscode.workspace.isTrusted, false, 'the runner should open this workspace untrusted');
    const editor = await open('Dockerfile');
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await waitForDiagnostics(editor.document.uri, hasRule(ROOT_USER));
  });

  it('applies the project configuration once the user trusts the workspace', async function () {
    const granted = new Promise<void>((resolve) => vscode.workspace.onDidGrantWorkspaceTrust(() => resolve()));
    await vscode.commands.executeCommand('workbench.trust.manage');
    await askUi('trustWorkspace', {});
    await granted;
    assert.equal(vscode.workspace.isTrusted, true);
    const editor = await open('Dockerfile');
    await waitForDiagnostics(editor.document.uri, (d) => !hasRule(ROOT_USER)(d));
  });
});
