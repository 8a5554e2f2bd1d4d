import * as assert from 'node:assert/strict';
import { analyze, AnalyzedDocument, IncrementalAnalyzer, initEngine, type Finding, type TextChange } from '../../server/src/engine';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generatePython } = require('../../bench/ai-python-fixture.cjs') as { generatePython(lines: number): string };

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PYTHON_SNIPPETS = [
  '    state = torch.load(path)\n',
  'import pickle\n',
  'from torch import load\n',
  '    data = pickle.loads(blob)\n',
  'API_KEY = "sk-proj-Zx81Qw2Er3Ty4Ui5Op6As7Df8Gh9Jk0LzXcVbNmQwErTyUiOp"\n',
  '    model = AutoModelForCausalLM.from_pretrained("org/m", trust_remote_code=True)\n',
  '    requests.get(url, verify=False)\n',
  'def helper(x):\n    return eval(x)\n',
  '# aisec-ignore\n',
  '    # aisec-ignore: supply-chain\n',
  '\n',
  '    ',
  '(',
  ')',
  '"',
  ':',
];

const JS_SOURCE = `import https from "node:https";
import OpenAI from "openai";
const client = new OpenAI({ apiKey: "sk-proj-Zx81Qw2Er3Ty4Ui5Op6As7Df8Gh9Jk0LzXcVbNmQwErTyUiOp" });

export async function ask(req, res) {
  const agent = new https.Agent({ rejectUnauthorized: false });
  const answer = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: "Be nice. " + req.body.q }] });
  res.json(answer);
}

const handler = async (req, res) => {
  res.send(eval(req.query.code));
};
`;

const JS_SNIPPETS = [
  '  const a = new https.Agent({ rejectUnauthorized: false });\n',
  'import { exec } from "node:child_process";\n',
  '  exec(req.query.cmd);\n',
  '// aisec-ignore\n',
  '\n',
  '{',
  '}',
  '"',
];

function comparable(findings: readonly Finding[]): string[] {
  return findings.map((f) => JSON.stringify([f.ruleId, f.range, f.message, f.severity, f.related, f.fixes])).sort();
}

/** A random edit: insert a snippet or a character, or delete a short span, at a random place. */
function randomEdit(text: string, next: () => number, snippets: readonly string[]): TextChange {
  const lines = text.split('\n');
  const line = Math.floor(next() * lines.length);
  const character = Math.floor(next() * (lines[line].length + 1));
  const choice = next();
  if (choice < 0.5) {
    return { range: { start: { line, character }, end: { line, character } }, text: snippets[Math.floor(next() * snippets.length)] };
  }
  if (choice < 0.8) {
    const endLine = Math.min(lines.length - 1, line + Math.floor(next() * 2));
    const endCharacter = endLine === line ? Math.min(lines[line].length, character + Math.floor(next() * 12)) : Math.floor(next() * (lines[endLine].length + 1));
    return { range: { start: { line, character }, end: { line: endLine, character: endCharacter } }, text: '' };
  }
  return { range: { start: { line, character }, end: { line, character } }, text: String.fromCharCode(97 + Math.floor(next() * 26)) };
}

function documentRuleFilter(analyzer: IncrementalAnalyzer): (f: Finding) => boolean {
  const rules = analyzer.documentScopedRules ?? new Set<string>();
  return (finding) => !rules.has(finding.ruleId);
}

describe('incremental analysis', function () {
  this.timeout(120_000);
  before(() => initEngine());

  for (const [language, languageId, file, source, snippets] of [
    ['Python', 'python', '/work/app/service.py', generatePython(160), PYTHON_SNIPPETS],
    ['JavaScript', 'javascript', '/work/app/server.js', JS_SOURCE, JS_SNIPPETS],
    ['TypeScript', 'typescript', '/work/app/server.ts', JS_SOURCE, JS_SNIPPETS],
  ] as const) {
    it(`${language}: after each of 120 random edits, a full incremental run equals a fresh analysis and a quick run agrees on statement rules`, () => {
      const next = random(language.length * 7919);
      const document = new AnalyzedDocument(languageId, file, source);
      const full = new IncrementalAnalyzer();
      const quick = new IncrementalAnalyzer();
      full.analyze(document, { filePath: file });
      quick.analyze(document, { filePath: file });
      let reused = 0;
      try {
        for (let step = 0; step < 120; step++) {
          const change = randomEdit(document.text, next, snippets);
          document.applyChanges([change]);
          full.noteChanges([change]);
          quick.noteChanges([change]);
          const expected = analyze(document.text, languageId, { filePath: file }).findings;
          const incremental = full.analyze(document, { filePath: file }, 'full');
          assert.deepEqual(comparable(incremental.findings), comparable(expected), `full run differs after edit ${step}: ${JSON.stringify(change)}`);
          reused += full.lastRun.statements - full.lastRun.rewalked;
          const fast = quick.analyze(document, { filePath: file }, 'quick');
          const statementOnly = documentRuleFilter(quick);
          assert.deepEqual(
            comparable(fast.findings.filter(statementOnly)),
            comparable(expected.filter(statementOnly)),
            `quick run differs on statement rules after edit ${step}: ${JSON.stringify(change)}`,
          );
        }
      } finally {
        document.dispose();
      }
      assert.ok(reused > 0, 'unchanged statements were reused');
    });
  }

  it('re-runs every statement when an import changes what a name means', () => {
    const text = 'import os\n\n\ndef restore(path):\n    return load(path)\n';
    const document = new AnalyzedDocument('python', '/w/a.py', text);
    const analyzer = new IncrementalAnalyzer();
    assert.deepEqual(analyzer.analyze(document, {}).findings.map((f) => f.ruleId), []);
    const change = { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'from torch import load\n' };
    document.applyChanges([change]);
    analyzer.noteChanges([change]);
    const after = analyzer.analyze(document, {}, 'quick');
    assert.ok(after.findings.some((f) => f.ruleId === 'supply-chain/torch-load-without-weights-only' && f.range.start.line === 5), JSON.stringify(after.findings));
    document.dispose();
  });

  it('typing an import re-runs only the statements that mention the names it binds', () => {
    const text = generatePython(600);
    const document = new AnalyzedDocument('python', '/w/t.py', text);
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(document, {});
    const typed = 'from pickle import loads\n';
    for (let c = 0; c < typed.length; c++) {
      const change = { range: { start: { line: 2, character: c }, end: { line: 2, character: c } }, text: typed[c] };
      document.applyChanges([change]);
      analyzer.noteChanges([change]);
      analyzer.analyze(document, {}, 'quick');
      assert.ok(analyzer.lastRun.rewalked < 10, `keystroke ${c} re-walked ${analyzer.lastRun.rewalked} of ${analyzer.lastRun.statements}`);
    }
    // A statement that uses the new name is re-checked with its new meaning.
    const use = { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'data = loads(open("x", "rb").read())\n' };
    document.applyChanges([use]);
    analyzer.noteChanges([use]);
    const quick = analyzer.analyze(document, {}, 'quick');
    const statementOnly = documentRuleFilter(analyzer);
    assert.deepEqual(
      comparable(quick.findings.filter(statementOnly)),
      comparable(analyze(document.text, 'python', { filePath: '/w/t.py' }).findings.filter(statementOnly)),
    );
    assert.ok(quick.findings.some((f) => f.range.start.line === 3), JSON.stringify(quick.findings.filter((f) => f.range.start.line < 5)));
    document.dispose();
  });

  it('re-walks only the statement that changed and shifts the others', () => {
    const text = generatePython(600);
    const document = new AnalyzedDocument('python', '/w/s.py', text);
    const analyzer = new IncrementalAnalyzer();
    const before = analyzer.analyze(document, {});
    const line = text.split('\n').findIndex((l, i) => i > 300 && l.startsWith('    return '));
    const change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '    # note\n' };
    document.applyChanges([change]);
    analyzer.noteChanges([change]);
    const after = analyzer.analyze(document, {}, 'quick');
    assert.equal(analyzer.lastRun.rewalked, 1);
    assert.equal(after.findings.length, before.findings.length);
    const moved = after.findings.filter((f) => f.range.start.line > line);
    assert.ok(moved.length > 0);
    for (const finding of moved) {
      assert.ok(before.findings.some((b) => b.ruleId === finding.ruleId && b.range.start.line === finding.range.start.line - 1), `${finding.ruleId} moved by one line`);
    }
    document.dispose();
  });

  it('carries whole-document findings (dataflow) through edits in quick runs, and recomputes them in full runs', () => {
    const text = 'from fastapi import FastAPI, Request\nfrom openai import OpenAI\napp = FastAPI()\nclient = OpenAI()\n\n\n@app.post("/ask")\nasync def ask(request: Request):\n    body = await request.json()\n    prompt = f"You are a bot. {body[\'q\']}"\n    return client.chat.completions.create(model="m", max_tokens=5, timeout=5, messages=[{"role": "system", "content": prompt}])\n';
    const document = new AnalyzedDocument('python', '/w/r.py', text);
    const analyzer = new IncrementalAnalyzer();
    const first = analyzer.analyze(document, {});
    const injection = first.findings.find((f) => f.ruleId === 'model-input/prompt-injection');
    assert.ok(injection, JSON.stringify(first.findings.map((f) => f.ruleId)));
    assert.ok(analyzer.documentScopedRules?.has('model-input/prompt-injection'));
    const change = { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '\n\n' };
    document.applyChanges([change]);
    analyzer.noteChanges([change]);
    const quick = analyzer.analyze(document, {}, 'quick');
    assert.equal(quick.complete, false);
    assert.equal(quick.findings.find((f) => f.ruleId === 'model-input/prompt-injection')?.range.start.line, injection.range.start.line + 2);
    const full = analyzer.analyze(document, {}, 'full');
    assert.equal(full.complete, true);
    assert.deepEqual(comparable(full.findings), comparable(analyze(document.text, 'python', { filePath: '/w/r.py' }).findings));
    document.dispose();
  });
});
