// End-to-end tests of the packaged extension inside a real VS Code (1.100.3 through code-server). The workspace
// is a fresh copy of test/e2e/workspace made by run-tests.ts; the tests run in order and build on each other
// (the screenshot is taken before the quick fix changes app.py).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  aisecDiagnostics,
  askUi,
  hasRule,
  open,
  ruleIdOf,
  sleep,
  waitForDiagnostics,
  withRule,
  workspaceFile,
} from './helpers';

const TRUST_REMOTE_CODE = 'supply-chain/trust-remote-code';
const TLS = 'endpoint/tls-verification-disabled';
const PROVIDER_KEY = 'secret/hardcoded-provider-key';
const ROOT_USER = 'container/root-user';
const TORCH_LOAD = 'supply-chain/torch-load-without-weights-only';
const ADD_INSTEAD_OF_COPY = 'container/add-instead-of-copy';
const FAKE_KEY = 'sk-proj-Xk29fLq81VbQm2ZrWc84NpLdT3BlbkFJa7Qm2ZrWc84NpLd0sE5uYhGtR9';

function textAt(editor: vscode.TextEditor, diagnostic: vscode.Diagnostic): string {
  return editor.document.getText(diagnostic.range);
}

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  // The 4th argument makes VS Code resolve (codeAction/resolve) up to that many actions, so lazy edits arrive.
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
    100,
  );
  // Plain Commands (a string `command`) are not code actions.
  return (actions ?? []).filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

/** An AISec diagnostic that the Problems panel lists (info findings are hints by default and are not listed). */
function shownInProblems(diagnostic: vscode.Diagnostic): boolean {
  return diagnostic.source === 'aisec' && diagnostic.severity !== vscode.DiagnosticSeverity.Hint;
}

describe('AISec in VS Code', function () {
  let extension: vscode.Extension<unknown>;

  before(async function () {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not installed`);
    extension = found;
  });

  it('is the extension installed from the packaged .vsix, and activates', async function () {
    const extensionsDir = process.env.AISEC_E2E_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'AISEC_E2E_EXTENSIONS_DIR is not set by the runner');
    assert.ok(
      path.resolve(extension.extensionPath).startsWith(path.resolve(extensionsDir)),
      `loaded from ${extension.extensionPath}, not from the installed .vsix in ${extensionsDir}`,
    );
    // What the .vsix must carry for the extension to work without node_modules.
    for (const file of ['dist/extension.js', 'dist/server.js', 'dist/grammars/tree-sitter-python.wasm', 'client/schemas/aisec.schema.json']) {
      assert.ok(fs.existsSync(path.join(extension.extensionPath, file)), `${file} missing from the package`);
    }
    assert.ok(!fs.existsSync(path.join(extension.extensionPath, 'node_modules')), 'the package must not ship node_modules');
    await open('app.py');
    await extension.activate();
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['aisec.scanWorkspace', 'aisec.showRuleDocumentation', 'aisec.restartServer', 'aisec.showOutput', 'aisec.disableRule']) {
      assert.ok(commands.includes(command), `command ${command} is not registered`);
    }
  });

  it('reports the Python file: secret, remote code and TLS findings at the offending literal', async function () {
    const editor = await open('app.py');
    const diagnostics = await waitForDiagnostics(
      editor.document.uri,
      (d) => hasRule(PROVIDER_KEY)(d) && hasRule(TRUST_REMOTE_CODE)(d) && hasRule(TLS)(d),
    );
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.source, 'aisec');
      assert.ok(typeof diagnostic.code === 'object' && diagnostic.code !== null, 'code carries the documentation link');
      const target = (diagnostic.code as { target: vscode.Uri }).target.toString(true);
      assert.match(target, /^https:\/\/.+docs\/rules\.md#/, `documentation link of ${ruleIdOf(diagnostic)}`);
      assert.ok(!diagnostic.message.includes(FAKE_KEY), `message prints the secret: ${diagnostic.message}`);
    }
    const key = withRule(diagnostics, PROVIDER_KEY);
    assert.equal(key.range.start.line, 4);
    assert.equal(textAt(editor, key), `"${FAKE_KEY}"`);
    const remoteCode = withRule(diagnostics, TRUST_REMOTE_CODE);
    assert.equal(remoteCode.range.start.line, 9);
    assert.equal(textAt(editor, remoteCode), 'trust_remote_code=True');
    assert.equal(remoteCode.severity, vscode.DiagnosticSeverity.Warning);
    const tls = withRule(diagnostics, TLS);
    assert.equal(tls.range.start.line, 14);
    assert.equal(textAt(editor, tls), 'verify=False');
  });

  it('explains a finding on hover, without the secret', async function () {
    const editor = await open('app.py');
    const key = withRule(await waitForDiagnostics(editor.document.uri, hasRule(PROVIDER_KEY)), PROVIDER_KEY);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, key.range.start.translate(0, 3));
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    assert.ok(text.includes(PROVIDER_KEY), `hover does not name the rule:\n${text}`);
    assert.match(text, /Why it matters/);
    assert.ok(!text.includes(FAKE_KEY), 'the hover prints the full secret');
  });

  it('reports the TypeScript file and the Dockerfile', async function () {
    const ts = await open('server.ts');
    const tsDiagnostics = await waitForDiagnostics(ts.document.uri, hasRule(TLS));
    const tls = withRule(tsDiagnostics, TLS);
    assert.equal(tls.range.start.line, 3);
    assert.equal(textAt(ts, tls), 'rejectUnauthorized: false');

    const docker = await open('Dockerfile');
    const dockerDiagnostics = await waitForDiagnostics(docker.document.uri, hasRule(ROOT_USER));
    const rootUser = withRule(dockerDiagnostics, ROOT_USER);
    // A whole-stage problem points at the stage's FROM line.
    assert.equal(rootUser.range.start.line, 0);
    assert.match(docker.document.lineAt(0).text, /^FROM /);
  });

  it('shows the findings in the Problems panel and under the code (screenshot for the README)', async function () {
    const editor = await open('app.py');
    await waitForDiagnostics(editor.document.uri, hasRule(TRUST_REMOTE_CODE));
    const screenshot = process.env.AISEC_E2E_SCREENSHOT;
    assert.ok(screenshot, 'AISEC_E2E_SCREENSHOT is not set by the runner');
    if (fs.existsSync(screenshot)) fs.rmSync(screenshot);
    // Hints (info findings, docs/severity.md) are not listed in the Problems panel.
    const expectedRows = vscode.languages.getDiagnostics().reduce((n, [, d]) => n + d.filter(shownInProblems).length, 0);
    const panel = await askUi<{ rows: string[]; squiggles: number; panelVisible: boolean }>('problemsPanel', {
      screenshot,
      minRows: expectedRows,
    });
    assert.equal(panel.panelVisible, true);
    assert.ok(panel.squiggles >= 3, `expected squiggles under the three findings in app.py, saw ${panel.squiggles}`);
    const text = panel.rows.join('\n');
    for (const ruleId of [TRUST_REMOTE_CODE, TLS, PROVIDER_KEY]) {
      assert.ok(text.includes(ruleId), `Problems panel has no row for ${ruleId}:\n${text}`);
    }
    assert.ok(text.includes('aisec'), 'rows name the source');
    assert.ok(!text.includes(FAKE_KEY), 'the Problems panel shows the full secret');
    assert.ok(fs.statSync(screenshot).size > 10000, 'screenshot written');
  });

  it('counts the findings in the language status item', async function () {
    const editor = await open('app.py');
    await waitForDiagnostics(editor.document.uri, hasRule(TRUST_REMOTE_CODE));
    await sleep(300); // the item coalesces bursts of diagnostics changes
    const all = vscode.languages.getDiagnostics().reduce((n, [, d]) => n + d.filter(shownInProblems).length, 0);
    const inFile = aisecDiagnostics(editor.document.uri).filter(shownInProblems).length;
    const { text } = await askUi<{ text: string }>('languageStatus', {});
    assert.match(text, new RegExp(`\\b${all} findings\\b`), `status shows: ${text}`);
    assert.match(text, new RegExp(`\\b${inFile} in this file\\b`), `status shows: ${text}`);
  });

  it('applies a quick fix through the code action provider', async function () {
    const editor = await open('app.py');
    const uri = editor.document.uri;
    const diagnostic = withRule(await waitForDiagnostics(uri, hasRule(TRUST_REMOTE_CODE)), TRUST_REMOTE_CODE);
    const actions = await codeActions(uri, diagnostic.range);
    const titles = actions.map((action) => action.title);
    assert.ok(titles.some((t) => /ignore/i.test(t)), `no suppression action among: ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => t.includes(`Disable ${TRUST_REMOTE_CODE}`)), `no disable action among: ${titles.join(' | ')}`);
    const fix = actions.find((action) => !/^(ignore|disable|show documentation)/i.test(action.title));
    assert.ok(fix, `no fix among: ${titles.join(' | ')}`);
    assert.ok(fix.edit, `the fix "${fix.title}" has no edit after resolve`);
    // (vscode.executeCodeActionProvider does not hand back the actions' diagnostics; the edit below shows which finding it fixes.)
    const before = editor.document.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    // The argument goes, with its line; the call around it stays valid.
    assert.equal(editor.document.getText(), before.replace('    trust_remote_code=True,\n', ''));
    await waitForDiagnostics(uri, (d) => !hasRule(TRUST_REMOTE_CODE)(d) && hasRule(TLS)(d));
  });

  it('applies every safe fix, and only those, with source.fixAll.aisec (what editor.codeActionsOnSave runs)', async function () {
    const editor = await open('Dockerfile');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => hasRule(ADD_INSTEAD_OF_COPY)(d) && hasRule(ROOT_USER)(d));
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.aisec', 10);
    const fixAll = actions.find((action) => action.kind?.value === 'source.fixAll.aisec');
    assert.ok(fixAll?.edit, `no source.fixAll.aisec action with an edit among: ${actions.map((a) => a.title).join(' | ')}`);
    const before = editor.document.getText();
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    // ADD -> COPY is safe; adding a USER (root-user) could break the image, so it waits for the user.
    assert.equal(editor.document.getText(), before.replace('\nADD app.py .\n', '\nCOPY app.py .\n'));
    await waitForDiagnostics(uri, (d) => !hasRule(ADD_INSTEAD_OF_COPY)(d) && hasRule(ROOT_USER)(d));
    await editor.document.save();
  });

  it('inserts a suppression comment with the "Ignore this finding" action', async function () {
    const editor = await open('app.py');
    const uri = editor.document.uri;
    const tls = withRule(await waitForDiagnostics(uri, hasRule(TLS)), TLS);
    const line = tls.range.start.line;
    const indentation = /^\s*/.exec(editor.document.lineAt(line).text)![0];
    const ignore = (await codeActions(uri, tls.range)).find((action) => /ignore/i.test(action.title) && action.title.includes(TLS));
    assert.ok(ignore?.edit, 'the ignore action has an edit');
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.equal(editor.document.lineAt(line).text, `${indentation}# aisec-ignore: ${TLS}`);
    await waitForDiagnostics(uri, (d) => !hasRule(TLS)(d));
    await editor.document.save();
  });

  it('shows a rule\'s documentation from the server', async function () {
    await vscode.commands.executeCommand('aisec.showRuleDocumentation', TRUST_REMOTE_CODE);
    let document: vscode.TextDocument | undefined;
    for (let i = 0; i < 50 && !document; i++) {
      document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'aisec-rule' && d.uri.path.includes(TRUST_REMOTE_CODE));
      if (!document) await sleep(100);
    }
    assert.ok(document, 'no rule documentation document was opened');
    const text = document.getText();
    assert.match(text, /trust_remote_code/);
    assert.match(text, /Why/);
  });

  it('offers a rule picker when no rule is given, findings first', async function () {
    const reported = new Set(
      vscode.languages.getDiagnostics().flatMap(([, diagnostics]) => diagnostics.filter((d) => d.source === 'aisec').map((d) => ruleIdOf(d))),
    );
    const shown = vscode.commands.executeCommand('aisec.showRuleDocumentation');
    // The picker lists the catalogue from the bundled CLI; give it a moment, then take the first entry.
    let document: vscode.TextDocument | undefined;
    for (let i = 0; i < 40 && !document; i++) {
      await sleep(250);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'aisec-rule' && !d.uri.path.includes(TRUST_REMOTE_CODE));
    }
    await shown;
    assert.ok(document, 'picking a rule opened no documentation');
    const picked = document.uri.path.replace(/^\//, '').replace(/\.md$/, '');
    assert.ok(reported.has(picked), `the first entry (${picked}) should be a rule with findings: ${[...reported].join(', ')}`);
  });

  it('restarts the server and gets the diagnostics back', async function () {
    const editor = await open('Dockerfile');
    await waitForDiagnostics(editor.document.uri, hasRule(ROOT_USER));
    await vscode.commands.executeCommand('aisec.restartServer');
    // A line above FROM moves the finding: only a fresh analysis by the new server reports it on line 2.
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# restarted\n'));
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => ruleIdOf(x) === ROOT_USER && x.range.start.line === 1));
  });

  it('turns a rule off in the workspace settings with aisec.disableRule', async function () {
    const ts = await open('server.ts');
    await waitForDiagnostics(ts.document.uri, hasRule(TLS));
    await vscode.commands.executeCommand('aisec.disableRule', TLS);
    const rules = vscode.workspace.getConfiguration('aisec').inspect<Record<string, unknown>>('rules');
    assert.equal(rules?.workspaceValue?.[TLS], 'off');
    // The server re-reads its configuration and withdraws the finding.
    await waitForDiagnostics(ts.document.uri, (d) => !hasRule(TLS)(d));
  });

  it('scans the workspace, including files that are not open', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const loader = workspaceFile('loader.py');
    assert.equal(
      vscode.workspace.textDocuments.some((d) => d.uri.toString() === loader.toString()),
      false,
      'loader.py must not be open for this test',
    );
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('aisec.scanWorkspace');
    assert.ok(result, 'the scan command returns the summary');
    assert.equal(result.cancelled, false);
    assert.ok(result.files >= 4, `scanned ${result.files} files`);
    const diagnostics = await waitForDiagnostics(loader, hasRule(TORCH_LOAD));
    assert.equal(withRule(diagnostics, TORCH_LOAD).range.start.line, 4);
    assert.ok(aisecDiagnostics(workspaceFile('Dockerfile')).some((d) => ruleIdOf(d) === ROOT_USER));
  });
});

describe('.aisec.json in the editor', function () {
  it('is validated against the shipped schema', async function () {
    const uri = workspaceFile('.aisec.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "rules": { "secret": "loud" },\n  "failLevel": "error"\n}\n'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    let problems: vscode.Diagnostic[] = [];
    for (let i = 0; i < 100 && problems.length === 0; i++) {
      await sleep(200);
      problems = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'aisec');
    }
    assert.equal(problems.length, 1, `expected one schema problem, got: ${problems.map((d) => d.message).join(' | ')}`);
    assert.equal(document.getText(problems[0].range), '"loud"');
  });
});
