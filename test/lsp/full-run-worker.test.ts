import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { analyze, AnalyzedDocument, IncrementalAnalyzer, initEngine, type Finding, type TextChange } from '../../server/src/engine';
import { fileUri, TestClient } from './support/lsp-client';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generatePython } = require('../../bench/ai-python-fixture.cjs') as { generatePython(lines: number): string };

const SMALL = 'import torch\n\n\ndef restore(path):\n    return torch.load(path)\n';

function comparable(findings: readonly Finding[]): string[] {
  return findings.map((f) => JSON.stringify([f.ruleId, f.range, f.message, f.severity, f.related, f.fixes])).sort();
}

/** What a client sees of a finding: rule, position and message. */
function seen(diagnostics: PublishDiagnosticsParams): string[] {
  return diagnostics.diagnostics.map((d) => JSON.stringify([d.code, d.range, d.message])).sort();
}

function expected(text: string, filePath: string): string[] {
  return analyze(text, 'python', { filePath })
    .findings.map((f) => JSON.stringify([f.ruleId, f.range, f.message]))
    .sort();
}

describe('language server: full runs on a worker thread', function () {
  this.timeout(120_000);
  before(() => initEngine());

  it('an analyzer that takes over a full run made elsewhere continues exactly like one that made it itself', () => {
    const file = '/work/app/service.py';
    const document = new AnalyzedDocument('python', file, generatePython(300));
    const local = new IncrementalAnalyzer();
    const handedOver = new IncrementalAnalyzer();
    local.analyze(document, { filePath: file }, 'full');
    let seed = 17;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let rewalked = 0;
    let statements = 0;
    const snippets = ['    state = torch.load(path)\n', 'import pickle\n', '    data = pickle.loads(blob)\n', '\n', 'x', '(', '# aisec-ignore\n'];
    try {
      for (let step = 0; step < 60; step++) {
        if (step % 10 === 0) {
          // What the worker does: a fresh analyzer's full run on its own copy of the text, sent back as plain data.
          const copy = new AnalyzedDocument('python', file, document.text);
          const worker = new IncrementalAnalyzer();
          const result = worker.analyze(copy, { filePath: file }, 'full');
          const state = structuredClone(worker.exportState());
          copy.dispose();
          handedOver.restoreState(state, {});
          local.analyze(document, { filePath: file }, 'full');
          assert.deepEqual(comparable(result.findings), comparable(analyze(document.text, 'python', { filePath: file }).findings));
        }
        const lines = document.text.split('\n');
        const line = Math.floor(next() * lines.length);
        const character = Math.floor(next() * (lines[line].length + 1));
        const change: TextChange = { range: { start: { line, character }, end: { line, character } }, text: snippets[step % snippets.length] };
        document.applyChanges([change]);
        local.noteChanges([change]);
        handedOver.noteChanges([change]);
        const mine = local.analyze(document, { filePath: file }, 'quick');
        const theirs = handedOver.analyze(document, { filePath: file }, 'quick');
        assert.equal(handedOver.lastRun.quick, true, `step ${step}: the handed-over analyzer ran quick`);
        assert.deepEqual(comparable(theirs.findings), comparable(mine.findings), `step ${step}: ${JSON.stringify(change)}`);
        // The statement cache came over too: the same statements are re-walked.
        assert.equal(handedOver.lastRun.rewalked, local.lastRun.rewalked, `step ${step}: statements re-walked`);
        rewalked += handedOver.lastRun.rewalked;
        statements += handedOver.lastRun.statements;
      }
    } finally {
      document.dispose();
    }
    assert.ok(rewalked < statements / 4, `re-walked ${rewalked} of ${statements} statements`);
  });

  it('tells when a quick run would really be a full run: before a full run, after a whole-text change, with other settings', () => {
    const document = new AnalyzedDocument('python', '/w/q.py', generatePython(120));
    const analyzer = new IncrementalAnalyzer();
    const config = { rules: {}, ruleOptions: {}, exclude: [], failLevel: 'warning' as const, settings: {} };
    try {
      assert.equal(analyzer.canRunQuick({ config }), false, 'before any full run');
      analyzer.analyze(document, { config }, 'full');
      assert.equal(analyzer.canRunQuick({ config }), true);
      assert.equal(analyzer.canRunQuick({ config: { ...config } }), false, 'another configuration');
      const typed: TextChange = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' };
      analyzer.noteChanges([typed]);
      assert.equal(analyzer.canRunQuick({ config }), true, 'an edit with a range keeps the carried findings');
      analyzer.noteChanges([{ text: document.text }]);
      assert.equal(analyzer.canRunQuick({ config }), false, 'a whole-text replacement loses them');
    } finally {
      document.dispose();
    }
  });

  describe('over LSP', () => {
    let dir: string;
    let client: TestClient | undefined;

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-lsp-worker-'));
    });

    afterEach(async () => {
      await client?.stop();
      client = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('a 20,000-line document does not delay a small one opened after it; requests are answered meanwhile', async () => {
      client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
      const bigPath = path.join(dir, 'big.py');
      const smallPath = path.join(dir, 'small.py');
      const big = fileUri(bigPath);
      const small = fileUri(smallPath);
      const bigText = generatePython(20_000);
      await client.open(big, 'python', bigText);
      await client.open(small, 'python', SMALL);

      const smallDiagnostics = await client.waitForDiagnostics(small);
      assert.equal(client.latestDiagnostics(big), undefined, 'the small document was published first');
      assert.deepEqual(seen(smallDiagnostics), expected(SMALL, smallPath));
      const finding = smallDiagnostics.diagnostics[0];
      assert.ok(finding, 'the small document has a finding');

      // While the worker is still on the big document, hovers and code actions are answered.
      const hover = await client.hover(small, finding.range.start.line, finding.range.start.character);
      const actions = await client.codeActions(small, finding.range, [finding]);
      assert.equal(client.latestDiagnostics(big), undefined, 'answered before the big document was published');
      assert.match(JSON.stringify(hover?.contents), /torch\.load|weights_only/);
      assert.ok(actions.some((action) => /Ignore this finding/.test(action.title)), JSON.stringify(actions.map((a) => a.title)));

      const bigDiagnostics = await client.waitFor(() => client!.latestDiagnostics(big), 'the big document', 60_000);
      assert.equal(bigDiagnostics.version, 1);
      assert.deepEqual(seen(bigDiagnostics), expected(bigText, bigPath));
    });

    it('a hover on a large document while its first full run is on the worker waits for that run', async () => {
      client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
      const filePath = path.join(dir, 'service.py');
      const uri = fileUri(filePath);
      const text = generatePython(3000);
      const finding = analyze(text, 'python', { filePath }).findings.find((f) => f.ruleId === 'supply-chain/torch-load-without-weights-only');
      assert.ok(finding);
      await client.open(uri, 'python', text);
      const hover = await client.hover(uri, finding.range.start.line, finding.range.start.character);
      assert.ok(client.latestDiagnostics(uri), 'the worker run was published first');
      assert.match(JSON.stringify(hover?.contents), /weights_only/);
    });

    it('a settings change re-runs a large document on the worker with the new settings, even mid-run; close and reopen starts over', async () => {
      const TORCH = 'supply-chain/torch-load-without-weights-only';
      client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
      const filePath = path.join(dir, 'service.py');
      const uri = fileUri(filePath);
      const text = generatePython(3000);
      await client.open(uri, 'python', text);
      // Sent while the first full run is still on the worker.
      client.settings = { debounceMs: 0, rules: { [TORCH]: 'off' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const without = await client.waitFor(() => {
        const latest = client!.latestDiagnostics(uri);
        return latest && !latest.diagnostics.some((d) => d.code === TORCH) ? latest : undefined;
      }, 'diagnostics without the rule turned off', 30_000);
      assert.ok(without.diagnostics.length > 0, 'the other rules still report');
      assert.deepEqual(seen(without), expected(text, filePath).filter((entry) => !entry.includes(TORCH)));

      await client.close(uri);
      const mark = client.diagnostics.length;
      await client.open(uri, 'python', text);
      const reopened = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, mark);
      assert.deepEqual(seen(reopened), seen(without));
    });

    it('a newer version cancels the full run of an older one: only the newest version is published', async () => {
      client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
      const bigPath = path.join(dir, 'big.py');
      const big = fileUri(bigPath);
      const text = generatePython(20_000);
      await client.open(big, 'python', text);
      const insert = 'import pickle\n';
      await client.change(big, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: insert }]);
      const published = await client.waitFor(() => client!.latestDiagnostics(big), 'the big document', 60_000);
      assert.equal(published.version, 2);
      assert.deepEqual(seen(published), expected(insert + text, bigPath));
      assert.deepEqual(
        client.diagnostics.filter((p) => p.uri === big).map((p) => p.version),
        [2],
        'version 1 was never published',
      );
    });

    it('after a worker full run, keystrokes are analysed quickly on the main thread and match a fresh analysis', async () => {
      client = await TestClient.start({ folders: [dir], settings: { debounceMs: 0 } });
      const filePath = path.join(dir, 'service.py');
      const uri = fileUri(filePath);
      let text = generatePython(600);
      assert.ok(text.length > 8 * 1024, 'large enough for the worker');
      await client.open(uri, 'python', text);
      const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      assert.deepEqual(seen(first), expected(text, filePath));

      const insert = '# a comment\n\n';
      const mark = client.diagnostics.length;
      await client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: insert }]);
      const lines = text.split('\n');
      text = [lines[0], insert + lines.slice(1).join('\n')].join('\n');
      // The quick run (statement rules re-run, whole-document findings carried) and then the full run.
      const quick = await client.waitForDiagnostics(uri, (p) => p.version === 2, mark);
      assert.deepEqual(seen(quick), expected(text, filePath));
      const full = await client.waitFor(() => {
        const mine = client!.diagnostics.slice(mark).filter((p) => p.uri === uri && p.version === 2);
        return mine.length >= 2 ? mine[1] : undefined;
      }, 'the full run of version 2');
      assert.deepEqual(seen(full), expected(text, filePath));
    });
  });
});
