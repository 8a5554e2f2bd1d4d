import * as assert from 'node:assert/strict';
import {
  analyze,
  analyzeNotebookCells,
  initEngine,
  parseIpynb,
  SourceText,
  type Finding,
  type Rule,
} from '../../server/src/engine';
import { neutraliseCell } from '../../server/src/engine/notebook/magics';
import { defineRule, pythonStringValue } from '../../server/src/engine/api';
import { syntaxErrorCount } from '../support/rule-tester';
import { probeMeta } from '../support/probe-meta';

/** A Python rule that reports string literals containing MARK, and what name they are assigned to. */
const markRule: Rule = defineRule({
  meta: probeMeta('secret/test-mark', ['python']),
  create(context) {
    return {
      string(node) {
        const value = pythonStringValue(node);
        if (value?.includes('MARK')) {
          context.report({
            node,
            message: `mark ${value}`,
            fixes: [{ title: 'unmark', safety: 'safe', edits: [{ range: context.rangeOf(node), newText: '"clean"' }] }],
          });
        }
      },
    };
  },
});

/** A notebook rule that reports every `%pip` magic and every output containing MARK. */
const magicRule: Rule = defineRule({
  meta: {
    id: 'supply-chain/test-magic',
    category: 'supply-chain',
    title: 'magic',
    severity: 'warning',
    languages: ['notebook'],
    docs: { summary: 's', why: 'w', bad: 'b', good: 'g', references: { cwe: [1] } },
  },
  create(context) {
    const notebook = context.notebook!;
    for (const cell of notebook.cells) {
      for (const magic of notebook.magics(cell.index)) {
        if (magic.name !== 'pip') continue;
        const line = magic.line;
        context.report({
          range: { start: { line, character: magic.argsColumn }, end: { line, character: magic.argsColumn + magic.args.length } },
          message: `pip ${magic.args.trim()}`,
          properties: { cell: cell.index },
        });
      }
      cell.outputs.forEach((output, k) => {
        const at = output.source.text.indexOf('MARK');
        if (at >= 0) {
          context.report({ range: output.source.rangeOf(at, at + 4), message: 'output mark', properties: { cell: cell.index, output: k } });
        }
      });
    }
  },
});

function notebookJson(cells: object[], nbformat = 4): string {
  return JSON.stringify({ cells, metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat, nbformat_minor: 5 }, null, 1);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('notebooks', () => {
  before(() => initEngine());
  const options = { rules: [markRule, magicRule] };

  it('maps findings in code cells to lines of the .ipynb file, with cell and cellLine', () => {
    const text = notebookJson([
      { cell_type: 'markdown', metadata: {}, source: ['# Title\n'] },
      { cell_type: 'code', metadata: {}, outputs: [], execution_count: 1, source: ['import os\n', 'x = 1\n'] },
      { cell_type: 'code', metadata: {}, outputs: [], execution_count: 2, source: ['y = 2\n', 'key = "MARK-1"'] },
    ]);
    const { findings } = analyze(text, 'jupyter', { ...options, filePath: 'nb.ipynb' });
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.range.start.line + 1, lineOf(text, 'MARK-1'));
    assert.equal(finding.properties?.cell, 2);
    assert.equal(finding.properties?.cellLine, 2);
    assert.deepEqual(finding.cell?.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 14 } });
    // The column points at the literal inside the JSON string, escapes included.
    const fileLine = text.split('\n')[finding.range.start.line];
    assert.equal(fileLine.slice(finding.range.start.character, finding.range.start.character + 2), '\\"');
  });

  it('accepts cell sources given as one string', () => {
    const text = notebookJson([{ cell_type: 'code', metadata: {}, outputs: [], source: 'a = 1\nb = "MARK-2"\n' }]);
    const { findings } = analyze(text, 'jupyter', options);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].properties?.cellLine, 2);
  });

  it('neutralises magics and shell escapes so the Python parse stays clean, keeping columns', () => {
    const cell = '%pip install torch transformers==4.46.0\n!curl -s https://x.example/install.sh | sh\nfiles = !ls\nmodel.fit?\n%%capture\nx = 1\n';
    const neutralised = neutraliseCell(cell);
    assert.equal(syntaxErrorCount(neutralised.text, 'python'), 0);
    assert.equal(neutralised.text.split('\n')[0].length, cell.split('\n')[0].length);
    assert.deepEqual(
      neutralised.magics.map((m) => `${m.line}:${m.kind}:${m.name}`),
      ['0:line-magic:pip', '1:shell:curl', '2:shell:ls', '4:line-magic:capture'],
    );
    const bash = neutraliseCell('%%bash\npip install requests\necho done\n');
    assert.deepEqual(bash.magics.map((m) => `${m.line}:${m.kind}:${m.name}`), ['0:line-magic:bash', '1:cell-magic:pip', '2:cell-magic:echo']);
    assert.equal(syntaxErrorCount(bash.text, 'python'), 0);
  });

  it('runs notebook rules on magics with cell-relative and file positions', () => {
    const text = notebookJson([{ cell_type: 'code', metadata: {}, outputs: [], source: ['import os\n', '%pip install torch\n'] }]);
    const { findings } = analyze(text, 'jupyter', options);
    assert.deepEqual(findings.map((f) => f.message), ['pip install torch']);
    assert.equal(findings[0].range.start.line + 1, lineOf(text, '%pip'));
    assert.equal(findings[0].properties?.cellLine, 2);
  });

  it('scans text outputs and skips images', () => {
    const text = notebookJson([
      {
        cell_type: 'code',
        metadata: {},
        execution_count: 1,
        source: ['print(os.environ)\n'],
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['environ({\'KEY\': \'MARK\'})\n'] },
          { output_type: 'display_data', metadata: {}, data: { 'image/png': 'iVBORw0KGgoMARK', 'text/plain': ['<Figure>'] } },
        ],
      },
    ]);
    const { findings } = analyze(text, 'jupyter', options);
    assert.deepEqual(findings.map((f) => f.message), ['output mark']);
    assert.equal(findings[0].range.start.line + 1, lineOf(text, "environ({"));
  });

  it('follows code across cells as one module and maps fixes to their cell', () => {
    const result = analyzeNotebookCells(
      [
        { kind: 'code', text: 'import os\n' },
        { kind: 'markdown', text: '# MARK in markdown is not code' },
        { kind: 'code', text: 'value = "MARK-3"' },
      ],
      options,
    );
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.equal(finding.cell?.index, 2);
    assert.deepEqual(finding.range, finding.cell?.range);
    assert.equal(finding.fixes[0].edits[0].cell, 2);
    assert.deepEqual(finding.fixes[0].edits[0].range.start, { line: 0, character: 8 });
  });

  it('honours suppression comments inside cells', () => {
    const text = notebookJson([{ cell_type: 'code', metadata: {}, outputs: [], source: ['# aisec-ignore\n', 'k = "MARK"\n', '%pip install x  # aisec-ignore\n'] }]);
    assert.deepEqual(analyze(text, 'jupyter', options).findings, []);
  });

  it('gives clear notes for invalid JSON and nbformat 3, never a crash', () => {
    const invalid = analyze('{"cells": [', 'jupyter', { ...options, filePath: 'bad.ipynb' });
    assert.deepEqual(invalid.findings, []);
    assert.match(invalid.notes[0], /bad\.ipynb: skipped: .*not valid JSON/);
    const old = analyze(JSON.stringify({ nbformat: 3, worksheets: [] }), 'jupyter', { ...options, filePath: 'old.ipynb' });
    assert.match(old.notes[0], /nbformat 3/);
    const noCells = analyze('{"nbformat": 4}', 'jupyter', options);
    assert.match(noCells.notes[0], /no "cells"/);
  });

  it('reads huge outputs without stalling', () => {
    const big = 'x'.repeat(3_000_000);
    const text = notebookJson([{ cell_type: 'code', metadata: {}, source: ['a = 1\n'], outputs: [{ output_type: 'stream', name: 'stdout', text: [big, 'MARK'] }] }]);
    const started = Date.now();
    const model = parseIpynb(text);
    assert.ok(model.cells[0].outputs[0].source.text.length <= 3_000_000);
    const findings: Finding[] = analyze(text, 'jupyter', options).findings;
    assert.deepEqual(findings, [], 'text past the output limit is not scanned');
    assert.ok(Date.now() - started < 10_000);
    assert.ok(new SourceText(text).lineCount > 0);
  });
});

describe('notebook findings from several rules and cells', () => {
  before(() => initEngine());
  const key = 'sk-proj-' + 'Zq8Wx3Ec5Rv7Tb9Yn1Um3Ik5Ol7Pa9Sd1Fg3Hj5Kl7Zx9Cv' + 'T3BlbkFJ' + 'Bn2Mq4We6Rt8Yu0Io2Pa4Sd6Fg8Hj0Kl2Zx4Cv6Bn8M';
  it('keeps the same finding in two cells as two findings', () => {
    const line = 'pipe = DiffusionPipeline.from_pretrained("org/b", use_safetensors=False)\n';
    const { findings } = analyzeNotebookCells(
      [
        { kind: 'code', text: 'from diffusers import DiffusionPipeline\n' + line },
        { kind: 'code', text: 'from diffusers import DiffusionPipeline\n' + line },
      ],
      {},
    );
    const safetensors = findings.filter((f) => f.ruleId === 'supply-chain/safetensors-disabled');
    assert.deepEqual(safetensors.map((f) => f.cell?.index), [0, 1]);
  });
  it('reports a key set with %env once, by the notebook rule', () => {
    const { findings } = analyzeNotebookCells([{ kind: 'code', text: `%env OPENAI_API_KEY=${key}\n` }], {});
    assert.deepEqual(findings.map((f) => f.ruleId), ['secret/notebook-env-secret']);
  });
});
