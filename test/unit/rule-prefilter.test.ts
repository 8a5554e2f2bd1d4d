import * as assert from 'node:assert/strict';
import { hasRequiredWords, requiredWordsMatcherBuilds } from '../../server/src/engine/required-words';
import { allRules, analyze, analyzeDocument, AnalyzedDocument, IncrementalAnalyzer, initEngine } from '../../server/src/engine';
import { defineRule } from '../../server/src/engine/api';
import type { RequiredWord, Rule } from '../../server/src/engine/rule';
import { probeMeta } from '../support/probe-meta';

/** A rule that reports every call and counts how often it was set up. */
function callRule(
  requires: readonly RequiredWord[] | undefined,
  requiresAll?: readonly (readonly RequiredWord[])[] | (() => readonly (readonly RequiredWord[])[]),
): { rule: Rule; created: () => number } {
  let created = 0;
  const rule = defineRule({
    meta: probeMeta('supply-chain/every-call', ['python'], { requires, requiresAll }),
    create(context) {
      created++;
      return { call: (node) => context.report({ node, message: 'call' }) };
    },
  });
  return { rule, created: () => created };
}

describe('rule prefilter (meta.requires)', () => {
  before(() => initEngine());

  it('skips a rule, before it is set up, when the text has none of its words', () => {
    const { rule, created } = callRule(['yaml', 'ruamel']);
    assert.deepEqual(analyze('import json\njson.loads(data)\n', 'python', { rules: [rule] }).findings, []);
    assert.equal(created(), 0);
  });

  it('learns the words of every rule of a set before the first text, so the one-pass matcher is built once', () => {
    // Words learnt rule by rule, as each is first asked about, rebuilt the matcher for every rule with new words.
    const run = Date.now().toString(36);
    const unique = (index: number) => `zq${index}word${run}`;
    const rules = Array.from({ length: 6 }, (_, index) => callRule([unique(index)]).rule);
    const before = requiredWordsMatcherBuilds();
    const found = analyze(`x = "${unique(5)}"\nf()\n`, 'python', { rules }).findings;
    assert.equal(found.length, 1, 'the rule whose word is in the text ran');
    assert.equal(requiredWordsMatcherBuilds() - before, 1);
  });

  it('runs it when any one of the words occurs, anywhere in the text', () => {
    const { rule, created } = callRule(['yaml', 'ruamel']);
    const findings = analyze('from ruamel import x\nx.load(data)\n', 'python', { rules: [rule] }).findings;
    assert.equal(findings.length, 1);
    assert.equal(created(), 1);
  });

  it('does not parse a document on which no rule could report', () => {
    const { rule } = callRule(['yaml']);
    const parses = { count: 0 };
    class CountingDocument extends AnalyzedDocument {
      override get tree() {
        parses.count++;
        return super.tree;
      }
    }
    const without = new CountingDocument('python', undefined, 'import json\njson.loads(data)\n');
    const withWord = new CountingDocument('python', undefined, 'import yaml\nyaml.load(data)\n');
    try {
      assert.deepEqual(analyzeDocument(without, { rules: [rule] }), { findings: [], notes: [] });
      assert.equal(parses.count, 0);
      assert.equal(analyzeDocument(withWord, { rules: [rule] }).findings.length, 1);
      assert.equal(parses.count, 1);
    } finally {
      without.dispose();
      withWord.dispose();
    }
  });

  it('with `requiresAll`, needs a word of every list: skipped when one list has none, run when all have one', () => {
    const { rule, created } = callRule(undefined, [['openai', 'anthropic'], ['subprocess', 'os.system']]);
    assert.deepEqual(analyze('import openai\nopenai.chat(x)\n', 'python', { rules: [rule] }).findings, []);
    assert.deepEqual(analyze('import subprocess\nsubprocess.run(x)\n', 'python', { rules: [rule] }).findings, []);
    assert.equal(created(), 0);
    const both = analyze('import anthropic, subprocess\nsubprocess.run(anthropic.x())\n', 'python', { rules: [rule] }).findings;
    assert.equal(both.length, 2);
    assert.equal(created(), 1);
  });

  it('takes `requiresAll` given as a function the first time a text is checked, and only then', () => {
    let built = 0;
    const lists = () => {
      built++;
      return [['openai', 'anthropic'], ['subprocess']];
    };
    const { rule, created } = callRule(undefined, lists);
    assert.equal(built, 0, 'defining the rule must not build its words');
    assert.deepEqual(analyze('import openai\nopenai.chat(x)\n', 'python', { rules: [rule] }).findings, []);
    assert.equal(built, 1);
    assert.equal(analyze('import openai, subprocess\nsubprocess.run(openai.x())\n', 'python', { rules: [rule] }).findings.length, 2);
    assert.equal(created(), 1);
    assert.equal(built, 1, 'the words are built once per rule');
  });

  it('leaves the taint rules\' words (derived from the specification) to be built on first use', () => {
    const taintRules = allRules().filter((rule) => typeof rule.meta.requiresAll === 'function');
    assert.ok(taintRules.length >= 10, `rules with words built on first use: ${taintRules.map((r) => r.meta.id).join(', ')}`);
    for (const rule of taintRules) {
      const requiresAll = rule.meta.requiresAll as () => readonly (readonly RequiredWord[])[];
      assert.deepEqual(requiresAll(), requiresAll(), `${rule.meta.id}: the same words every time`);
      assert.ok(requiresAll().length > 0 && requiresAll().every((list) => list.length > 0), `${rule.meta.id}: words to look for`);
    }
  });

  it('answers for the text asked about, also when the same rule is asked about another text next', () => {
    const meta = { requires: ['yaml'] };
    assert.equal(hasRequiredWords(meta, 'import yaml\n'), true);
    assert.equal(hasRequiredWords(meta, 'import yaml\n'), true);
    assert.equal(hasRequiredWords(meta, 'import json\n'), false);
    assert.equal(hasRequiredWords({ requires: ['json'] }, 'import json\n'), true);
    assert.equal(hasRequiredWords(meta, 'import yaml\n'), true);
  });

  it('applies `requires` and `requiresAll` together', () => {
    const { rule } = callRule(['yaml'], [['load']]);
    assert.equal(analyze('import yaml\nyaml.dump(x)\n', 'python', { rules: [rule] }).findings.length, 0);
    assert.equal(analyze('import yaml\nyaml.load(x)\n', 'python', { rules: [rule] }).findings.length, 1);
  });

  it('matches a RegExp word anywhere, in any case the expression allows, whatever its lastIndex', () => {
    const word = /access-control-allow-origin/gi;
    const { rule, created } = callRule(['CORSMiddleware', word]);
    assert.equal(analyze('f({"Access-Control-Allow-ORIGIN": o})\n', 'python', { rules: [rule] }).findings.length, 1);
    word.lastIndex = 1000;
    assert.equal(analyze('f({"ACCESS-CONTROL-ALLOW-ORIGIN": o})\n', 'python', { rules: [rule] }).findings.length, 1);
    assert.deepEqual(analyze('f({"Access-Control-Max-Age": o})\n', 'python', { rules: [rule] }).findings, []);
    assert.equal(created(), 2);
  });

  it('runs rules without `requires` on every document', () => {
    const { rule } = callRule(undefined);
    assert.equal(analyze('print(1)\n', 'python', { rules: [rule] }).findings.length, 1);
  });

  it('does not skip in the incremental analyzer, whose per-statement cache outlives one version', () => {
    const { rule, created } = callRule(['yaml']);
    const analyzer = new IncrementalAnalyzer();
    const document = new AnalyzedDocument('python', undefined, 'print(1)\n');
    try {
      assert.equal(analyzer.analyze(document, { rules: [rule] }).findings.length, 1);
      assert.equal(created(), 1);
    } finally {
      document.dispose();
    }
  });
});
