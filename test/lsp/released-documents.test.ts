import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { analyze, defaultConfig, initEngine } from '../../server/src/engine';
import { RECENTLY_EDITED_CAPACITY } from '../../server/src/lsp/recently-edited';
import { applyWorkspaceEdit, hasSyntaxErrors } from './support/apply-edit';
import { delay, fileUri, TestClient } from './support/lsp-client';

// A prompt spanning lines (a suppression comment must not go inside it) and a model load.
const PYTHON = [
  'import torch',
  '',
  'PROMPT = """You are a helpful assistant.',
  'Answer briefly."""',
  '',
  '',
  'def load(path):',
  '    return torch.load(path)',
  '',
].join('\n');

const OTHER = 'import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n';

/**
 * Documents not edited recently give back their syntax tree and incremental state (only the last few opened
 * or edited keep them). These tests push a document out of that set by opening and editing others, then
 * check that everything the editor asks of it still answers as for a document that never lost its tree.
 */
describe('language server: documents whose tree was released', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient;

  before(() => initEngine());

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-released-'));
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = fileUri(path.join(dir, name));
    await client.open(uri, 'python', text, 1);
    return { uri, diagnostics: (await client.waitForDiagnostics(uri)).diagnostics };
  }

  /** Opens (and, with `edit`, edits) more documents than keep their trees, so that the earlier ones lose theirs. */
  async function crowdOut(edit: boolean): Promise<void> {
    for (let i = 0; i < RECENTLY_EDITED_CAPACITY + 2; i++) {
      const { uri } = await open(`other_${i}.py`, OTHER);
      if (!edit) continue;
      await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      await client.waitForDiagnostics(uri, (p) => p.version === 2);
    }
  }

  /** What a fresh analysis of the text finds, as (rule, line) pairs. */
  function expected(text: string, filePath: string): string[] {
    return analyze(text, 'python', { config: defaultConfig(), filePath })
      .findings.map((finding) => `${finding.ruleId}@${finding.range.start.line}`)
      .sort();
  }

  function published(diagnostics: Diagnostic[]): string[] {
    return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`).sort();
  }

  function byTitle(actions: CodeAction[], pattern: RegExp): CodeAction {
    const action = actions.find((a) => pattern.test(a.title));
    assert.ok(action, `no action matching ${pattern} among ${actions.map((a) => a.title).join(' | ')}`);
    return action;
  }

  it('answers hovers and code actions, and analyses an edit like a fresh document', async () => {
    const filePath = path.join(dir, 'app.py');
    const { uri, diagnostics } = await open('app.py', PYTHON);
    assert.deepEqual(published(diagnostics), expected(PYTHON, filePath));
    const load = diagnostics.find((d) => d.range.start.line === 7);
    assert.ok(load, 'the model load is reported');
    await crowdOut(false);

    const hover = await client.hover(uri, 7, 13);
    assert.ok(hover, 'a hover over the finding');
    assert.match((hover.contents as MarkupContent).value, new RegExp(String(load.code).replace(/[/]/g, '\\/')));

    // The ignore comment goes above the finding's line, which needs the (released) tree to see strings.
    const ignore = await client.resolve(byTitle(await client.codeActions(uri, load.range, [load]), /^Ignore this finding on this line/));
    const ignored = applyWorkspaceEdit(ignore.edit, uri, PYTHON, 1);
    assert.equal(await hasSyntaxErrors(ignored, 'python', filePath), false);
    assert.match(ignored.split('\n')[7], /^\s*# aisec-ignore/);

    // An edit that adds a finding inside the function, then one that applies the ignore comment.
    const added = '    state = torch.load(path)\n';
    const edited = PYTHON.replace('def load(path):\n', `def load(path):\n${added}`);
    await client.change(uri, 2, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: added }]);
    const afterEdit = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(published(afterEdit.diagnostics), expected(edited, filePath));
    const pickle = afterEdit.diagnostics.find((d) => d.range.start.line === 7);
    assert.ok(pickle, 'the added call is reported');
    assert.ok(await client.hover(uri, 7, 20), 'a hover over the new finding');
    const actions = await client.codeActions(uri, pickle.range, [pickle]);
    byTitle(actions, /^Ignore this finding on this line/);

    // The full run after typing pauses publishes the same findings.
    await delay(500);
    const latest = client.latestDiagnostics(uri);
    assert.equal(latest?.version, 2);
    assert.deepEqual(published(latest.diagnostics), expected(edited, filePath));
  });

  it('re-analyses a document edited earlier, then crowded out by edits elsewhere, as a fresh document', async () => {
    const filePath = path.join(dir, 'app.py');
    const { uri } = await open('app.py', PYTHON);
    const first = '# first edit\n';
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: first }]);
    await client.waitForDiagnostics(uri, (p) => p.version === 2);
    await crowdOut(true);

    // An edit in the middle of the multi-line prompt, then one that removes the model load.
    let text = first + PYTHON;
    await client.change(uri, 3, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: 'Ignore nothing.\n' }]);
    text = text.replace('Answer briefly."""', 'Ignore nothing.\nAnswer briefly."""');
    const third = await client.waitForDiagnostics(uri, (p) => p.version === 3);
    assert.deepEqual(published(third.diagnostics), expected(text, filePath));
    assert.ok(third.diagnostics.length > 0);

    await client.change(uri, 4, [{ range: { start: { line: 9, character: 11 }, end: { line: 9, character: 27 } }, text: 'path' }]);
    text = text.replace('return torch.load(path)', 'return path');
    const fourth = await client.waitForDiagnostics(uri, (p) => p.version === 4);
    assert.deepEqual(published(fourth.diagnostics), expected(text, filePath));
  });
});
