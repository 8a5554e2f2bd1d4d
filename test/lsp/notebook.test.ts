import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, MarkupContent, PublishDiagnosticsParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/engine';
import { notebookJson } from '../support/notebook';
import { fileUri, TestClient } from './support/lsp-client';
import { applyWorkspaceEdit } from './support/apply-edit';

// A format-valid fake, assembled so that this file holds no contiguous key.
const KEY = 'sk-proj-' + 'Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ3lN5pR7tV9xZ1' + 'T3BlbkFJ' + 'a2C4e6G8i0K2m4O6q8S0u2W4y6A8c0E2g4I6k8M0';

const CODE = 2;
const MARKUP = 1;

interface CellSpec {
  kind: number;
  language: string;
  text: string;
}

const CELLS: CellSpec[] = [
  { kind: CODE, language: 'python', text: 'import subprocess\nimport openai\n' },
  { kind: MARKUP, language: 'markdown', text: '# Setup\nInstall the client, then set the key.\n' },
  { kind: CODE, language: 'python', text: `%pip install requests\n%env OPENAI_API_KEY=${KEY}\n` },
  { kind: CODE, language: 'python', text: `API_KEY = "${KEY}"\nclient = openai.OpenAI(api_key=API_KEY, timeout=30)\n` },
  {
    kind: CODE,
    language: 'python',
    text: 'reply = client.chat.completions.create(model="gpt-4o", max_tokens=200, messages=[{"role": "user", "content": "hi"}])\ncommand = reply.choices[0].message.content\n',
  },
  { kind: CODE, language: 'python', text: 'subprocess.run(command, shell=True)\n' },
];

/**
 * An editor's side of LSP notebook sync, kept by the test: the notebook and its cells' texts and versions,
 * changed through `notebookDocument/didChange` exactly as it sends them.
 */
class TestNotebook {
  readonly uri: string;
  version = 1;
  cells: { uri: string; kind: number; language: string; text: string; version: number }[];
  private nextCell: number;

  constructor(
    private readonly client: TestClient,
    filePath: string,
    specs: CellSpec[],
  ) {
    this.uri = fileUri(filePath);
    this.cells = specs.map((spec, index) => ({ ...spec, uri: this.cellUri(index), version: 1 }));
    this.nextCell = specs.length;
  }

  private cellUri(id: number): string {
    return `vscode-notebook-cell:${this.uri.slice('file:'.length)}#C${id}`;
  }

  open(): Promise<void> {
    return this.client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: {
        uri: this.uri,
        notebookType: 'jupyter-notebook',
        version: this.version,
        cells: this.cells.map((cell) => ({ kind: cell.kind, document: cell.uri })),
      },
      cellTextDocuments: this.cells.map((cell) => ({ uri: cell.uri, languageId: cell.language, version: cell.version, text: cell.text })),
    });
  }

  /** Sends text edits of one cell as incremental changes (in reverse order, so the ranges stay valid). */
  async edit(index: number, edits: TextEdit[]): Promise<void> {
    const cell = this.cells[index];
    const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    cell.text = applyEdits(cell.text, edits, false);
    cell.version++;
    await this.client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: this.version },
      change: {
        cells: {
          textContent: [{ document: { uri: cell.uri, version: cell.version }, changes: ordered.map((e) => ({ range: e.range, text: e.newText })) }],
        },
      },
    });
  }

  async insert(index: number, spec: CellSpec): Promise<string> {
    const cell = { ...spec, uri: this.cellUri(this.nextCell++), version: 1 };
    this.cells.splice(index, 0, cell);
    this.version++;
    await this.client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: this.version },
      change: {
        cells: {
          structure: {
            array: { start: index, deleteCount: 0, cells: [{ kind: cell.kind, document: cell.uri }] },
            didOpen: [{ uri: cell.uri, languageId: cell.language, version: 1, text: cell.text }],
          },
        },
      },
    });
    return cell.uri;
  }

  async remove(index: number): Promise<void> {
    const [cell] = this.cells.splice(index, 1);
    this.version++;
    await this.client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: this.version },
      change: { cells: { structure: { array: { start: index, deleteCount: 1 }, didClose: [{ uri: cell.uri }] } } },
    });
  }

  /** Moves a cell as VS Code reports it: deleted at one index and inserted at another, its document kept open. */
  async move(from: number, to: number): Promise<void> {
    const [cell] = this.cells.splice(from, 1);
    this.cells.splice(to, 0, cell);
    this.version++;
    const changes = [
      { cells: { structure: { array: { start: from, deleteCount: 1 } } } },
      { cells: { structure: { array: { start: to, deleteCount: 0, cells: [{ kind: cell.kind, document: cell.uri }] } } } },
    ];
    for (const change of changes) {
      await this.client.connection.sendNotification('notebookDocument/didChange', { notebookDocument: { uri: this.uri, version: this.version }, change });
    }
  }

  close(): Promise<void> {
    return this.client.connection.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: this.uri },
      cellTextDocuments: this.cells.map((cell) => ({ uri: cell.uri })),
    });
  }

  /** Applies a workspace edit as an editor would: only to cells at the version it names. */
  async apply(edit: WorkspaceEdit | undefined): Promise<void> {
    assert.ok(edit?.documentChanges, 'the action has an edit with documentChanges');
    for (const change of edit.documentChanges) {
      assert.ok('textDocument' in change);
      const index = this.cells.findIndex((cell) => cell.uri === change.textDocument.uri);
      assert.ok(index >= 0, `edit for an unknown document ${change.textDocument.uri}`);
      assert.equal(change.textDocument.version, this.cells[index].version, 'the edit names the cell version it was computed for');
      await this.edit(index, change.edits as TextEdit[]);
    }
  }
}

describe('language server: Jupyter notebooks', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient;
  let notebook: TestNotebook;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-nb-'));
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
    notebook = new TestNotebook(client, path.join(dir, 'demo.ipynb'), CELLS);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The latest diagnostics of a cell once they satisfy `accept` (published after `after`). */
  function cellDiagnostics(index: number, accept: (d: Diagnostic[]) => boolean = () => true, after = 0): Promise<Diagnostic[]> {
    const uri = notebook.cells[index].uri;
    return client
      .waitFor(() => {
        const latest = client.diagnostics.slice(after).reverse().find((p) => p.uri === uri);
        return latest && accept(latest.diagnostics) ? latest : undefined;
      }, `diagnostics for cell ${index}`)
      .then((p: PublishDiagnosticsParams) => p.diagnostics);
  }

  const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code).sort();
  const has = (code: string) => (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === code);

  async function action(index: number, diagnostic: Diagnostic, title: RegExp): Promise<CodeAction> {
    const actions = await client.codeActions(notebook.cells[index].uri, diagnostic.range, [diagnostic]);
    const found = actions.find((a) => title.test(a.title));
    assert.ok(found, `no action matching ${title} among ${actions.map((a) => a.title).join(' | ')}`);
    return found.edit ? found : client.resolve(found);
  }

  it('publishes findings on each cell, with magics understood and dataflow followed across cells', async () => {
    await notebook.open();
    const magics = await cellDiagnostics(2, has('secret/notebook-env-secret'));
    const install = magics.find((d) => d.code === 'supply-chain/notebook-unpinned-install');
    assert.ok(install, `findings of the magics cell: ${codes(magics)}`);
    assert.deepEqual(install.range, { start: { line: 0, character: 13 }, end: { line: 0, character: 21 } });
    assert.equal(magics.find((d) => d.code === 'secret/notebook-env-secret')?.range.start.line, 1);

    const keyCell = await cellDiagnostics(3, has('secret/hardcoded-provider-key'));
    const key = keyCell.find((d) => d.code === 'secret/hardcoded-provider-key')!;
    assert.equal(key.source, 'aisec');
    assert.deepEqual(key.range.start, { line: 0, character: 10 });
    assert.match(key.codeDescription?.href ?? '', /secret/);

    // Model output assigned in cell 4 reaches a shell in cell 5: the finding is on cell 5, its path in cell 4.
    const shell = (await cellDiagnostics(5, (d) => d.some((x) => String(x.code).startsWith('model-input/'))))[0];
    assert.equal(shell.code, 'model-input/llm-output-to-shell');
    const steps = shell.relatedInformation ?? [];
    assert.ok(steps.length > 0);
    assert.ok(steps.every((step) => step.location.uri === notebook.cells[4].uri), JSON.stringify(steps));

    // The markdown cell and the import cell are clean; no message anywhere holds the key.
    for (const published of client.diagnostics) {
      assert.ok(!JSON.stringify(published).includes(KEY), 'a key was published in full');
      assert.ok(published.uri.startsWith('vscode-notebook-cell:'), `diagnostics for ${published.uri}`);
    }
    const cleanCells = client.diagnostics.filter((p) => p.uri === notebook.cells[0].uri || p.uri === notebook.cells[1].uri);
    assert.ok(cleanCells.every((p) => p.diagnostics.length === 0));
  });

  it('follows incremental cell edits and structure changes (insert, move, delete)', async () => {
    await notebook.open();
    await cellDiagnostics(3, has('secret/hardcoded-provider-key'));
    const start = client.diagnostics.length;
    // Replace the literal with an environment lookup: the cell's finding goes.
    const line = notebook.cells[3].text.split('\n')[0];
    const literal = { start: { line: 0, character: line.indexOf('"') }, end: { line: 0, character: line.length } };
    await notebook.edit(3, [{ range: literal, newText: 'os.environ["OPENAI_API_KEY"]' }]);
    await cellDiagnostics(3, (d) => !has('secret/hardcoded-provider-key')(d), start);
    assert.equal(notebook.cells[3].text.split('\n')[0], 'API_KEY = os.environ["OPENAI_API_KEY"]');

    // A new cell with an unpinned install, inserted at the top.
    const inserted = await notebook.insert(0, { kind: CODE, language: 'python', text: '!pip install torch\n' });
    assert.deepEqual(codes(await cellDiagnostics(0, has('supply-chain/notebook-unpinned-install'))), ['supply-chain/notebook-unpinned-install']);
    assert.equal(notebook.cells[0].uri, inserted);

    // Moving the shell cell above the cell that assigns `command` breaks the flow: the order of cells counts.
    const shellCell = notebook.cells.findIndex((cell) => cell.text.startsWith('subprocess.run'));
    const beforeMove = client.diagnostics.length;
    await notebook.move(shellCell, 1);
    await cellDiagnostics(1, (d) => !has('model-input/llm-output-to-shell')(d), beforeMove);

    // Deleting a cell with findings clears them.
    const removedUri = notebook.cells[0].uri;
    const beforeDelete = client.diagnostics.length;
    await notebook.remove(0);
    await client.waitFor(() => client.diagnostics.slice(beforeDelete).find((p) => p.uri === removedUri && p.diagnostics.length === 0), 'cleared diagnostics of a deleted cell');
  });

  it('applies a fix that edits two cells: the key read from os.environ, `import os` added to the first cell', async () => {
    await notebook.open();
    const key = (await cellDiagnostics(3, has('secret/hardcoded-provider-key'))).find((d) => d.code === 'secret/hardcoded-provider-key')!;
    const fix = await action(3, key, /os\.environ/);
    const touched = (fix.edit?.documentChanges ?? []).map((change) => ('textDocument' in change ? change.textDocument.uri : ''));
    assert.deepEqual(touched, [notebook.cells[0].uri, notebook.cells[3].uri]);
    const start = client.diagnostics.length;
    await notebook.apply(fix.edit);
    assert.equal(notebook.cells[0].text, 'import subprocess\nimport openai\nimport os\n');
    assert.equal(notebook.cells[3].text.split('\n')[0], 'API_KEY = os.environ["OPENAI_API_KEY"]');
    await cellDiagnostics(3, (d) => !has('secret/hardcoded-provider-key')(d), start);
  });

  it('ignores a finding with a comment above its line in its own cell', async () => {
    await notebook.open();
    const install = (await cellDiagnostics(2, has('supply-chain/notebook-unpinned-install'))).find((d) => d.code === 'supply-chain/notebook-unpinned-install')!;
    const ignore = await action(2, install, /^Ignore this finding/);
    const start = client.diagnostics.length;
    await notebook.apply(ignore.edit);
    assert.equal(notebook.cells[2].text.split('\n')[0], '# aisec-ignore: supply-chain/notebook-unpinned-install');
    const after = await cellDiagnostics(2, (d) => !has('supply-chain/notebook-unpinned-install')(d), start);
    assert.ok(has('secret/notebook-env-secret')(after), 'the other findings of the cell stay');
  });

  it('disables a rule in the folder\'s .aisec.json from a cell, and the cell finding disappears', async () => {
    const configFile = path.join(dir, '.aisec.json');
    fs.writeFileSync(configFile, '{ "rules": { "supply-chain/notebook-unpinned-install": "error" } }\n');
    await notebook.open();
    const install = (await cellDiagnostics(2, has('supply-chain/notebook-unpinned-install'))).find((d) => d.code === 'supply-chain/notebook-unpinned-install')!;
    const disable = await action(2, install, /^Disable supply-chain\/notebook-unpinned-install in \.aisec\.json$/);
    const text = applyWorkspaceEdit(disable.edit, fileUri(configFile), fs.readFileSync(configFile, 'utf8'), 0);
    assert.deepEqual(JSON.parse(text), { rules: { 'supply-chain/notebook-unpinned-install': 'off' } });
    fs.writeFileSync(configFile, text);
    const start = client.diagnostics.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(configFile), type: 2 }] });
    const after = await cellDiagnostics(2, (d) => !has('supply-chain/notebook-unpinned-install')(d), start);
    assert.ok(has('secret/notebook-env-secret')(after), 'the other findings of the cell stay');
  });

  it('fixes all safe problems: in one cell with source.fixAll.aisec, across cells with notebook.source.fixAll.aisec', async () => {
    notebook = new TestNotebook(client, path.join(dir, 'pipes.ipynb'), [
      { kind: CODE, language: 'python', text: 'from diffusers import DiffusionPipeline\npipe = DiffusionPipeline.from_pretrained("org/a", use_safetensors=False)\n' },
      { kind: CODE, language: 'python', text: 'other = DiffusionPipeline.from_pretrained("org/b", use_safetensors=False)\n' },
      { kind: CODE, language: 'python', text: 'third_pipe = DiffusionPipeline.from_pretrained("org/c", use_safetensors=False)\n' },
    ]);
    const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const unsafe = (d: Diagnostic[]) => has('supply-chain/safetensors-disabled')(d);
    await notebook.open();
    await cellDiagnostics(2, unsafe);

    // On save VS Code asks each cell for source.fixAll.*, maybe at once: each answer edits its own cell only.
    const [cellFix] = await client.codeActions(notebook.cells[1].uri, nowhere, [], ['source.fixAll.aisec']);
    assert.equal(cellFix?.kind, 'source.fixAll.aisec');
    assert.ok(cellFix.edit, 'fix-all is computed in the request (it runs on save)');
    let start = client.diagnostics.length;
    await notebook.apply(cellFix.edit);
    assert.ok(notebook.cells[0].text.includes('use_safetensors=False'), 'another cell was edited');
    assert.ok(!notebook.cells[1].text.includes('use_safetensors=False'), notebook.cells[1].text);
    await cellDiagnostics(1, (d) => !unsafe(d), start);

    // The notebook-level kind, asked once per notebook, fixes every cell.
    const actions = await client.codeActions(notebook.cells[0].uri, nowhere, [], ['notebook.source.fixAll.aisec']);
    assert.deepEqual(actions.map((a) => a.kind), ['notebook.source.fixAll.aisec']);
    start = client.diagnostics.length;
    await notebook.apply(actions[0].edit);
    for (const cell of notebook.cells) assert.ok(!cell.text.includes('use_safetensors=False'), cell.text);
    await cellDiagnostics(0, (d) => !unsafe(d), start);
    await cellDiagnostics(2, (d) => !unsafe(d), start);
  });

  it('finds a key pasted into a markdown cell, without offering a code comment there', async () => {
    notebook = new TestNotebook(client, path.join(dir, 'notes.ipynb'), [
      { kind: MARKUP, language: 'markdown', text: `Key for later: ${KEY}\n` },
      { kind: CODE, language: 'python', text: 'x = 1\n' },
    ]);
    await notebook.open();
    const [pasted] = await cellDiagnostics(0, (d) => d.length > 0);
    assert.equal(pasted.code, 'secret/notebook-output-secret');
    const message = typeof pasted.message === 'string' ? pasted.message : pasted.message.value;
    assert.match(message, /markdown cell 1/);
    assert.ok(!message.includes(KEY));
    const titles = (await client.codeActions(notebook.cells[0].uri, pasted.range, [pasted])).map((a) => a.title);
    assert.ok(titles.includes('Show documentation for secret/notebook-output-secret'), titles.join(' | '));
    assert.ok(!titles.some((title) => title.startsWith('Ignore')), 'a # comment in markdown is a heading, not a suppression');
  });

  it('shows keys in saved outputs on the notebook file, and takes over from a workspace scan while open', async () => {
    const filePath = path.join(dir, 'printed.ipynb');
    const fileUriOf = fileUri(filePath);
    const source = `import os\nAPI_KEY = "${KEY}"\nprint(os.environ)\n`;
    fs.writeFileSync(
      filePath,
      notebookJson([{ source, outputs: [{ output_type: 'stream', name: 'stdout', text: [`environ({'OPENAI_API_KEY': '${KEY}'})\n`] }] }]),
    );
    await client.connection.sendRequest('aisec/scanWorkspace', {});
    const scannedCodes = codes((await client.waitForDiagnostics(fileUriOf, (p) => p.diagnostics.length > 0)).diagnostics);
    assert.deepEqual(scannedCodes, ['secret/hardcoded-provider-key', 'secret/notebook-output-secret']);

    // Open: the code's finding moves to the cell, the output's stays on the file (outputs are not synced).
    notebook = new TestNotebook(client, filePath, [{ kind: CODE, language: 'python', text: source }]);
    const opened = client.diagnostics.length;
    await notebook.open();
    await cellDiagnostics(0, has('secret/hardcoded-provider-key'), opened);
    await client.waitForDiagnostics(fileUriOf, (p) => codes(p.diagnostics).join() === 'secret/notebook-output-secret', opened);
    assert.ok(!JSON.stringify(client.diagnostics).includes(KEY), 'a key was published in full');

    // Close: the scan's view of the file on disk comes back, and the cell is cleared.
    const closed = client.diagnostics.length;
    await notebook.close();
    await cellDiagnostics(0, (d) => d.length === 0, closed);
    await client.waitForDiagnostics(fileUriOf, (p) => p.diagnostics.length === 2, closed);
  });

  it('logs a change it cannot apply, keeps the notebook as it was, and goes on working', async () => {
    await notebook.open();
    await cellDiagnostics(3, has('secret/hardcoded-provider-key'));
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebook.uri, version: notebook.version },
      change: { cells: { textContent: [{ document: { uri: `${notebook.uri}#nope`, version: 2 }, changes: [{ text: 'x' }] }] } },
    });
    await client.waitFor(() => client.logs.find((line) => line.includes('could not apply a change')), 'a log line');
    const start = client.diagnostics.length;
    await notebook.edit(2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '!pip install torch\n' }]);
    const after = await cellDiagnostics(2, (d) => d.filter((x) => x.code === 'supply-chain/notebook-unpinned-install').length === 2, start);
    assert.deepEqual(after.filter((d) => d.code === 'supply-chain/notebook-unpinned-install').map((d) => d.range.start.line), [0, 1]);
    assert.ok(client.alive);
  });

  it('shows a hover on a cell finding and clears every cell on close', async () => {
    await notebook.open();
    await cellDiagnostics(3, has('secret/hardcoded-provider-key'));
    const hover = await client.hover(notebook.cells[3].uri, 0, 20);
    const markdown = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(markdown, /secret\/hardcoded-provider-key/);
    assert.ok(!markdown.includes(KEY));
    assert.equal(await client.hover(notebook.cells[0].uri, 0, 3), null);

    const start = client.diagnostics.length;
    await notebook.close();
    for (const index of [2, 3, 5]) await cellDiagnostics(index, (d) => d.length === 0, start);
    assert.deepEqual(await client.codeActions(notebook.cells[3].uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, []), []);
  });
});
