// Jupyter notebooks in the real VS Code: the built-in ipynb support opens test/e2e/workspace/notebook.ipynb, the
// language client syncs it to the server (notebookDocumentSync), and findings and fixes land on its cells.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { aisecDiagnostics, hasRule, ruleIdOf, waitForDiagnostics, withRule, workspaceFile } from './helpers';

const UNPINNED_INSTALL = 'supply-chain/notebook-unpinned-install';
const PROVIDER_KEY = 'secret/hardcoded-provider-key';
const SAFETENSORS_DISABLED = 'supply-chain/safetensors-disabled';
const FAKE_KEY = 'sk-proj-Xk29fLq81VbQm2ZrWc84NpLdT3BlbkFJa7Qm2ZrWc84NpLd0sE5uYhGtR9';

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  // The 4th argument makes VS Code resolve (codeAction/resolve) up to that many actions, so lazy edits arrive.
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
    100,
  );
  return (actions ?? []).filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

describe('AISec in a Jupyter notebook', function () {
  let notebook: vscode.NotebookDocument;

  before(async function () {
    notebook = await vscode.workspace.openNotebookDocument(workspaceFile('notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('opens as a Jupyter notebook with Python cells', function () {
    assert.equal(notebook.notebookType, 'jupyter-notebook');
    assert.equal(notebook.cellCount, 4);
    assert.equal(notebook.cellAt(0).document.languageId, 'python');
    assert.equal(notebook.cellAt(0).document.uri.scheme, 'vscode-notebook-cell');
  });

  it('shows findings on the cells they are in, at the offending text, never the key', async function () {
    const install = withRule(await waitForDiagnostics(notebook.cellAt(2).document.uri, hasRule(UNPINNED_INSTALL)), UNPINNED_INSTALL);
    assert.equal(notebook.cellAt(2).document.getText(install.range), 'requests');
    const keyCell = notebook.cellAt(3).document;
    const key = withRule(await waitForDiagnostics(keyCell.uri, hasRule(PROVIDER_KEY)), PROVIDER_KEY);
    assert.equal(keyCell.getText(key.range), `"${FAKE_KEY}"`);
    assert.ok(!key.message.includes(FAKE_KEY), `message prints the secret: ${key.message}`);
    assert.deepEqual(aisecDiagnostics(notebook.cellAt(0).document.uri), []);
    assert.deepEqual(aisecDiagnostics(notebook.cellAt(1).document.uri), []);
    // Live findings are on the cells; the file itself carries none (a workspace scan's are withdrawn while it is open).
    assert.deepEqual(aisecDiagnostics(notebook.uri), []);
  });

  it('applies a quick fix that edits two cells: the key read from the environment, `import os` in the first cell', async function () {
    const keyCell = notebook.cellAt(3).document;
    const key = withRule(await waitForDiagnostics(keyCell.uri, hasRule(PROVIDER_KEY)), PROVIDER_KEY);
    const actions = await codeActions(keyCell.uri, key.range);
    const titles = actions.map((action) => action.title);
    assert.ok(titles.some((title) => /^Ignore this finding/.test(title)), `no suppression action among: ${titles.join(' | ')}`);
    const fix = actions.find((action) => /os\.environ/.test(action.title));
    assert.ok(fix?.edit, `no environment fix with an edit among: ${titles.join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(notebook.cellAt(0).document.getText(), 'import openai\nimport os\n');
    assert.equal(keyCell.lineAt(0).text, 'API_KEY = os.environ["OPENAI_API_KEY"]');
    await waitForDiagnostics(keyCell.uri, (d) => !hasRule(PROVIDER_KEY)(d));
  });

  it('suppresses a finding in its cell with the "Ignore this finding" action', async function () {
    const cell = notebook.cellAt(2).document;
    const install = withRule(await waitForDiagnostics(cell.uri, hasRule(UNPINNED_INSTALL)), UNPINNED_INSTALL);
    const ignore = (await codeActions(cell.uri, install.range)).find((action) => /^Ignore this finding/.test(action.title));
    assert.ok(ignore?.edit, 'no ignore action with an edit');
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.equal(cell.lineAt(0).text, `# aisec-ignore: ${UNPINNED_INSTALL}`);
    const after = await waitForDiagnostics(cell.uri, (d) => !hasRule(UNPINNED_INSTALL)(d));
    assert.deepEqual(after.map(ruleIdOf), []);
  });

  it('follows a cell typed into the notebook', async function () {
    const edit = new vscode.WorkspaceEdit();
    const cell = vscode.NotebookCellData;
    edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(notebook.cellCount, [new cell(vscode.NotebookCellKind.Code, '!pip install torch\n', 'python')])]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const added = notebook.cellAt(notebook.cellCount - 1).document;
    const found = await waitForDiagnostics(added.uri, hasRule(UNPINNED_INSTALL));
    assert.equal(added.getText(withRule(found, UNPINNED_INSTALL).range), 'torch');
  });

  it('fixes the whole notebook on save with notebook.codeActionsOnSave', async function () {
    const settings = vscode.workspace.getConfiguration('notebook');
    await settings.update('codeActionsOnSave', { 'notebook.source.fixAll.aisec': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    try {
      const loads = ['a', 'bb'].map((name) => `pipe_${name} = DiffusionPipeline.from_pretrained("org/${name}", use_safetensors=False)\n`);
      const edit = new vscode.WorkspaceEdit();
      const cells = [`from diffusers import DiffusionPipeline\n${loads[0]}`, loads[1]].map(
        (text) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'python'),
      );
      const first = notebook.cellCount;
      edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(first, cells)]);
      assert.ok(await vscode.workspace.applyEdit(edit));
      for (const index of [first, first + 1]) await waitForDiagnostics(notebook.cellAt(index).document.uri, hasRule(SAFETENSORS_DISABLED));
      assert.ok(await notebook.save(), 'the notebook was saved');
      for (const index of [first, first + 1]) {
        const text = notebook.cellAt(index).document.getText();
        assert.ok(!text.includes('use_safetensors=False'), `cell ${index + 1} still has the override: ${text}`);
      }
    } finally {
      await settings.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
