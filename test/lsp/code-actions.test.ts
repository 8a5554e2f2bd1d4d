import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { codeActions, ignoreEdit, resolveCodeAction, type ActionDocument } from '../../server/src/lsp/code-actions';
import { LiveDocument } from '../../server/src/lsp/live-document';
import { SourceText, analyze, applyEdits, defaultConfig, initEngine, type Finding } from '../../server/src/engine';
import { minimalEdit, workspaceEdit } from '../../server/src/lsp/edits';
import { applyWorkspaceEdit, hasSyntaxErrors } from './support/apply-edit';
import { FULL_CAPABILITIES, fileUri, TestClient } from './support/lsp-client';

const DOCKERFILE = 'FROM python:3.12-slim\nADD ./src /app\nCMD ["python", "/app/serve.py"]\n';
const PYTHON = 'import torch\n\n\nclass Loader:\n    def load(self, path):\n        return torch.load(path)\n';

describe('language server: code actions and hovers', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-'));
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function openAndWait(name: string, languageId: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = fileUri(path.join(dir, name));
    await client.open(uri, languageId, text, 1);
    const published = await client.waitForDiagnostics(uri);
    return { uri, diagnostics: published.diagnostics };
  }

  function byTitle(actions: CodeAction[], pattern: RegExp): CodeAction {
    const action = actions.find((a) => pattern.test(a.title));
    assert.ok(action, `no action matching ${pattern} among ${actions.map((a) => a.title).join(' | ')}`);
    return action;
  }

  it('offers every action for a finding and resolves rule fixes lazily into edits that parse', async () => {
    const { uri, diagnostics } = await openAndWait('Dockerfile', 'dockerfile', DOCKERFILE);
    const add = diagnostics.find((d) => d.code === 'container/add-instead-of-copy');
    assert.ok(add);
    const actions = await client.codeActions(uri, add.range, [add]);
    const fix = byTitle(actions, /^Use COPY$/);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true, 'a safe fix is preferred');
    assert.equal(fix.edit, undefined, 'edits are computed on resolve');
    const resolved = await client.resolve(fix);
    assert.equal(applyWorkspaceEdit(resolved.edit, uri, DOCKERFILE, 1), DOCKERFILE.replace('ADD ./src', 'COPY ./src'));

    const disable = byTitle(actions, /^Disable container\/add-instead-of-copy in this workspace$/);
    assert.deepEqual(disable.command, { title: 'Disable container/add-instead-of-copy', command: 'aisec.disableRule', arguments: ['container/add-instead-of-copy'] });
    const docs = byTitle(actions, /^Show documentation for container\/add-instead-of-copy$/);
    assert.deepEqual(docs.command?.arguments, ['container/add-instead-of-copy']);
    assert.equal(docs.command?.command, 'aisec.showRuleDocumentation');

    const ignore = await client.resolve(byTitle(actions, /^Ignore this finding on this line/));
    const ignored = applyWorkspaceEdit(ignore.edit, uri, DOCKERFILE, 1);
    assert.equal(ignored, 'FROM python:3.12-slim\n# aisec-ignore: container/add-instead-of-copy\nADD ./src /app\nCMD ["python", "/app/serve.py"]\n');
    // The suppressed finding is gone once the editor sends the change.
    await client.change(uri, 2, [{ text: ignored }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.ok(!after.diagnostics.some((d) => d.code === 'container/add-instead-of-copy'));
    assert.ok(after.diagnostics.some((d) => d.code === 'container/root-user'));
  });

  it('marks unsafe fixes for review and does not prefer them', async () => {
    const { uri, diagnostics } = await openAndWait('Dockerfile', 'dockerfile', DOCKERFILE);
    const root = diagnostics.find((d) => d.code === 'container/root-user')!;
    const actions = await client.codeActions(uri, root.range, [root]);
    const fix = actions.find((a) => a.kind === 'quickfix' && /review the change/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.notEqual(fix.isPreferred, true);
    const fixed = applyWorkspaceEdit((await client.resolve(fix)).edit, uri, DOCKERFILE, 1);
    assert.match(fixed, /\nUSER appuser\nCMD/);
  });

  it('inserts the suppression comment with the line\'s indentation in Python and JavaScript, and the result parses', async () => {
    const { uri, diagnostics } = await openAndWait('loader.py', 'python', PYTHON);
    const load = diagnostics.find((d) => d.code === 'supply-chain/torch-load-without-weights-only')!;
    const actions = await client.codeActions(uri, load.range, [load]);
    const ignore = await client.resolve(byTitle(actions, /^Ignore this finding on this line/));
    const text = applyWorkspaceEdit(ignore.edit, uri, PYTHON, 1);
    assert.equal(text.split('\n')[5], '        # aisec-ignore: supply-chain/torch-load-without-weights-only');
    assert.equal(await hasSyntaxErrors(text, 'python', 'loader.py'), false);

    const fix = await client.resolve(byTitle(actions, /weights_only=True/));
    const fixed = applyWorkspaceEdit(fix.edit, uri, PYTHON, 1);
    assert.match(fixed, /torch\.load\(path, weights_only=True\)/);
    assert.equal(await hasSyntaxErrors(fixed, 'python', 'loader.py'), false);

    const js = 'import https from "node:https";\nfunction get() {\n  return new https.Agent({ rejectUnauthorized: false });\n}\n';
    const opened = await openAndWait('client.js', 'javascript', js);
    const tls = opened.diagnostics.find((d) => d.code === 'endpoint/tls-verification-disabled');
    assert.ok(tls, JSON.stringify(opened.diagnostics));
    const jsIgnore = await client.resolve(byTitle(await client.codeActions(opened.uri, tls.range, [tls]), /^Ignore this finding/));
    const jsText = applyWorkspaceEdit(jsIgnore.edit, opened.uri, js, 1);
    assert.equal(jsText.split('\n')[2], '  // aisec-ignore: endpoint/tls-verification-disabled');
    assert.equal(await hasSyntaxErrors(jsText, 'javascript', 'client.js'), false);
  });

  it('adds to an existing aisec-ignore list instead of stacking comments', async () => {
    const text = 'FROM python:3.12-slim\n# aisec-ignore: container/root-user\nADD ./src /app\n';
    const { uri, diagnostics } = await openAndWait('Dockerfile', 'dockerfile', text);
    const add = diagnostics.find((d) => d.code === 'container/add-instead-of-copy')!;
    const ignore = await client.resolve(byTitle(await client.codeActions(uri, add.range, [add]), /^Ignore/));
    assert.equal(applyWorkspaceEdit(ignore.edit, uri, text, 1).split('\n')[1], '# aisec-ignore: container/root-user, container/add-instead-of-copy');
  });

  it('source.fixAll.aisec applies every safe fix in one edit and leaves unsafe ones', async () => {
    const text = 'FROM python:3.12-slim\nADD ./src /app\nADD ./models /models\nCMD ["python", "/app/serve.py"]\n';
    const { uri } = await openAndWait('Dockerfile', 'dockerfile', text);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.aisec']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.aisec');
    // Requested on save: the edit comes at once, no resolve round trip.
    const fixed = applyWorkspaceEdit(actions[0].edit, uri, text, 1);
    assert.equal(fixed, 'FROM python:3.12-slim\nCOPY ./src /app\nCOPY ./models /models\nCMD ["python", "/app/serve.py"]\n');
    // A request for `source` (the Source Action menu) includes it too; one for quickfix does not.
    const source = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source']);
    assert.ok(source.some((a) => a.kind === 'source.fixAll.aisec'));
    const quick = await client.codeActions(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, [], ['quickfix']);
    assert.ok(!quick.some((a) => a.kind === 'source.fixAll.aisec'));
  });

  it('computes edits at once for clients without resolve support, as plain text edits', async () => {
    await client.stop();
    const capabilities = { ...FULL_CAPABILITIES, workspace: { configuration: true }, textDocument: { ...FULL_CAPABILITIES.textDocument, codeAction: {} } };
    client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 }, capabilities });
    const { uri, diagnostics } = await openAndWait('Dockerfile', 'dockerfile', DOCKERFILE);
    const add = diagnostics.find((d) => d.code === 'container/add-instead-of-copy')!;
    const fix = byTitle(await client.codeActions(uri, add.range, [add]), /^Use COPY$/);
    assert.ok(fix.edit?.changes?.[uri], 'a `changes` edit for clients without documentChanges');
    assert.equal(applyWorkspaceEdit(fix.edit, uri, DOCKERFILE, 1), DOCKERFILE.replace('ADD', 'COPY'));
  });

  it('resolves each of two fixes on one line to its own finding\'s edit', async () => {
    const text = 'FROM node:16\nCOPY . /app\nCMD ["node", "/app/index.js"]\n';
    const { uri, diagnostics } = await openAndWait('Dockerfile', 'dockerfile', text);
    const onFrom = diagnostics.filter((d) => d.range.start.line === 0);
    assert.ok(onFrom.some((d) => d.code === 'container/eol-base-image') && onFrom.some((d) => d.code === 'container/root-user'));
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } }, onFrom);
    const eol = await client.resolve(byTitle(actions, /^Use node:22/));
    assert.match(applyWorkspaceEdit(eol.edit, uri, text, 1), /^FROM node:22\n/);
    const user = await client.resolve(byTitle(actions, /^Create the unprivileged user/));
    const withUser = applyWorkspaceEdit(user.edit, uri, text, 1);
    assert.match(withUser, /^FROM node:16\n/);
    assert.match(withUser, /\nUSER /);
  });

  it('gives no edit for an action computed for an older version', async () => {
    const { uri, diagnostics } = await openAndWait('Dockerfile', 'dockerfile', DOCKERFILE);
    const add = diagnostics.find((d) => d.code === 'container/add-instead-of-copy')!;
    const fix = byTitle(await client.codeActions(uri, add.range, [add]), /^Use COPY$/);
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# base\n' }]);
    const resolved = await client.resolve(fix);
    assert.equal(resolved.edit, undefined);
  });

  it('shows the rule title, why it matters and the fix on hover, and serves rule documentation', async () => {
    const { uri } = await openAndWait('Dockerfile', 'dockerfile', DOCKERFILE);
    const hover = await client.hover(uri, 1, 1);
    const value = (hover?.contents as MarkupContent).value;
    assert.equal((hover?.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /\*\*AISec: ADD used for local files\*\* `container\/add-instead-of-copy`/);
    assert.match(value, /\*\*Why it matters\.\*\*/);
    assert.match(value, /\(https:\/\/[^)]*#containeradd-instead-of-copy\)/);
    assert.equal(await client.hover(uri, 2, 3), null, 'nothing to say on a clean line');

    const docs = await client.connection.sendRequest<{ ruleId: string; markdown: string; url: string }>('aisec/ruleDocumentation', { ruleId: 'container/root-user' });
    assert.equal(docs.ruleId, 'container/root-user');
    assert.match(docs.markdown, /^# container\/root-user/);
    assert.match(docs.markdown, /\*\*Why is this bad\?\*\*/);
    await assert.rejects(client.connection.sendRequest('aisec/ruleDocumentation', { ruleId: 'nope/nothing' }), /Unknown AISec rule/);
  });

  it('never shows a full secret in a hover', async () => {
    const key = 'sk-proj-' + 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0hIj3kLm6n';
    const text = `from openai import OpenAI\nclient = OpenAI(api_key="${key}")\n`;
    const { uri, diagnostics } = await openAndWait('app.py', 'python', text);
    const secret = diagnostics.find((d) => String(d.code).startsWith('secret/'));
    assert.ok(secret, `expected a secret finding: ${JSON.stringify(diagnostics)}`);
    assert.ok(!(secret.message as string).includes(key));
    const hover = await client.hover(uri, secret.range.start.line, secret.range.start.character + 3);
    const value = (hover?.contents as MarkupContent).value;
    assert.ok(value.length > 0);
    assert.ok(!value.includes(key.slice(8, 30)), 'the hover must not contain the key');
  });
});

describe('code actions: comment syntax per file type', () => {
  it('offers no "ignore" action in package.json, which has no comments', () => {
    const finding: Finding = {
      ruleId: 'supply-chain/unpinned-requirement',
      category: 'supply-chain',
      severity: 'warning',
      message: 'unpinned',
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } },
      fixes: [],
      related: [],
    };
    const text = '{\n  "openai": "*"\n}\n';
    const base = { uri: 'file:///p/package.json', version: 1, languageId: 'json', filePath: '/p/package.json', source: new SourceText(text), findings: [finding], config: defaultConfig() };
    const options = { lazyEdits: false, edits: { documentChanges: true, snippets: false } };
    const json = codeActions({ ...base, family: 'package-json' }, finding.range, [], undefined, options);
    assert.ok(!json.some((a) => /^Ignore/.test(a.title)));
    assert.ok(json.some((a) => /^Disable/.test(a.title)));
    const requirements = codeActions({ ...base, family: 'requirements' }, finding.range, [], undefined, options);
    assert.ok(requirements.some((a) => /^Ignore/.test(a.title)));
  });
});

describe('code actions: edits', () => {
  const range = { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } };

  it('sends snippet fixes as SnippetTextEdit only to clients that support them, else as plain text', () => {
    const edits = [{ range, newText: 'os.environ["${1:OPENAI_API_KEY}"]' }];
    const snippet = workspaceEdit('file:///a.py', 3, edits, { documentChanges: true, snippets: true }, true);
    assert.deepEqual(snippet.documentChanges?.[0], {
      textDocument: { uri: 'file:///a.py', version: 3 },
      edits: [{ range, snippet: { kind: 'snippet', value: 'os.environ["${1:OPENAI_API_KEY}"]' } }],
    });
    const plain = workspaceEdit('file:///a.py', 3, edits, { documentChanges: true, snippets: false }, true);
    assert.deepEqual(plain.documentChanges?.[0], { textDocument: { uri: 'file:///a.py', version: 3 }, edits: [{ range, newText: 'os.environ["OPENAI_API_KEY"]' }] });
    const legacy = workspaceEdit('file:///a.py', 3, edits, { documentChanges: false, snippets: false }, true);
    assert.deepEqual(legacy.changes, { 'file:///a.py': [{ range, newText: 'os.environ["OPENAI_API_KEY"]' }] });
  });

  it('turns a fix-all result into one edit covering only what changed', () => {
    const before = 'FROM a\nADD x /x\nRUN y\nADD z /z\nCMD ["c"]\n';
    const after = 'FROM a\nCOPY x /x\nRUN y\nCOPY z /z\nCMD ["c"]\n';
    const edit = minimalEdit(before, after)!;
    assert.deepEqual(edit.range, { start: { line: 1, character: 0 }, end: { line: 3, character: 3 } });
    assert.equal(applyEdits(before, [edit]), after);
    assert.equal(minimalEdit(before, before), undefined);
    // A CRLF is never split.
    const crlf = minimalEdit('a\r\nb', 'a\r\n\r\nb')!;
    assert.equal(applyEdits('a\r\nb', [crlf]), 'a\r\n\r\nb');
  });
});

describe('code actions: where a suppression comment can go', () => {
  before(() => initEngine());

  it('not inside a multi-line string or template (the comment would become part of a prompt)', () => {
    const python = new LiveDocument('file:///w/p.py', 'python', 1, 'PROMPT = """\nYou are a bot.\nKey: {key}\n"""\nx = call(\n    a,\n)\n', '/w/p.py');
    assert.equal(python.canInsertLineAbove(0), true);
    assert.equal(python.canInsertLineAbove(2), false);
    assert.equal(python.canInsertLineAbove(5), true, 'inside parentheses a comment line is fine');
    const js = new LiveDocument('file:///w/p.js', 'javascript', 1, 'const p = `\nline ${x}\n`;\nfoo(\n  1,\n);\n', '/w/p.js');
    assert.equal(js.canInsertLineAbove(1), false);
    assert.equal(js.canInsertLineAbove(4), true);
    const finding: Finding = { ruleId: 'secret/x', category: 'secret', severity: 'error', message: 'm', range: { start: { line: 2, character: 5 }, end: { line: 2, character: 10 } }, fixes: [], related: [] };
    const document = { family: 'python' as const, source: python.source, canInsertLineAbove: (line: number) => python.canInsertLineAbove(line) };
    assert.equal(ignoreEdit(document, finding), undefined);
    assert.ok(ignoreEdit(document, { ...finding, range: { start: { line: 5, character: 4 }, end: { line: 5, character: 5 } } }));
    python.dispose();
    js.dispose();
  });
});

describe('code actions: fixes resolved by the identity of their finding', () => {
  before(() => initEngine());
  const text = 'FROM node:16\nCOPY . /app\nCMD ["node", "/app/index.js"]\n';
  const options = { lazyEdits: true, edits: { documentChanges: false, snippets: false } };
  const resolveOptions = { ...options, lazyEdits: false };

  function documentWith(findings: Finding[], source = text): ActionDocument {
    return {
      uri: 'file:///p/Dockerfile',
      version: 4,
      languageId: 'dockerfile',
      filePath: '/p/Dockerfile',
      family: 'dockerfile',
      source: new SourceText(source),
      findings,
      config: defaultConfig(),
    };
  }

  it('resolves each fix to its own finding when another run lists the findings in another order', () => {
    const findings = analyze(text, 'dockerfile', { config: defaultConfig(), filePath: '/p/Dockerfile' }).findings;
    const rules = findings.map((f) => f.ruleId);
    assert.ok(rules.includes('container/root-user') && rules.includes('container/eol-base-image'), `both findings on FROM: ${rules}`);
    const line = { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } };
    // The quick run's order makes the actions; the full run's (reversed) order answers the resolves.
    const actions = codeActions(documentWith(findings), line, [], ['quickfix'], options).filter((a) => a.data?.type === 'fix');
    assert.ok(actions.length >= 2);
    const reordered = documentWith([...findings].reverse());
    for (const action of actions) {
      const resolved = resolveCodeAction(structuredClone(action), reordered, resolveOptions);
      const owner = findings.find((f) => f.fixes.some((fix) => action.title.startsWith(fix.title)))!;
      const expected = owner.fixes.find((fix) => action.title.startsWith(fix.title))!;
      assert.deepEqual(resolved.edit?.changes?.['file:///p/Dockerfile'], expected.edits, `the edit of "${action.title}"`);
    }
  });

  it('returns no edit, never another finding\'s, when the finding is gone or its text changed', () => {
    const findings = analyze(text, 'dockerfile', { config: defaultConfig(), filePath: '/p/Dockerfile' }).findings;
    const eol = findings.find((f) => f.ruleId === 'container/eol-base-image')!;
    const action = codeActions(documentWith(findings), eol.range, [], ['quickfix'], options).find((a) => a.title.startsWith('Use node:22'))!;
    const withoutIt = documentWith(findings.filter((f) => f !== eol));
    assert.equal(resolveCodeAction(structuredClone(action), withoutIt, resolveOptions).edit, undefined);
    // Same rule, same range, other text (node:14 instead of node:16): not the finding the action was made for.
    const otherText = documentWith(findings, text.replace('node:16', 'node:14'));
    assert.equal(resolveCodeAction(structuredClone(action), otherText, resolveOptions).edit, undefined);
    assert.ok(resolveCodeAction(structuredClone(action), documentWith(findings), resolveOptions).edit, 'resolves when the finding is there');
  });
});
