import * as assert from 'node:assert/strict';
import { analyze, defaultConfig, initEngine } from '../../server/src/engine';
import { analyzeTaint, defineRule, taintWords, type TaintQuery } from '../../server/src/engine/api';
import { hasRequiredWords } from '../../server/src/engine/required-words';
import type { Rule } from '../../server/src/engine/rule';
import { extendsTaintFlows } from '../../server/src/engine/taint/user-spec';
import { anyOf } from '../../server/src/engine/taint/words';
import shell from '../../rules/model-input/llm-output-to-shell';
import promptInjection from '../../rules/model-input/prompt-injection';

const SHELL: TaintQuery = { sources: ['llm-output'], sinks: ['shell'] };

/** A rule with the shell rule's words that only counts how often it was set up. */
function probe(): { rule: Rule; created: () => number } {
  let created = 0;
  const rule = defineRule({
    meta: { ...shell.meta, id: 'model-input/words-probe' },
    create(context) {
      created++;
      analyzeTaint(context, SHELL);
    },
  });
  return { rule, created: () => created };
}

const withSettings = (settings: Record<string, unknown>) => ({ ...defaultConfig(), settings });
const report = (rule: Rule, code: string, language = 'python', settings: Record<string, unknown> = {}) =>
  analyze(code, language, { rules: [rule], config: withSettings(settings) }).findings;

describe('taint words (words.ts)', () => {
  before(() => initEngine());

  it('skips an output rule, before it is set up, on text with a model call and no shell', () => {
    const { rule, created } = probe();
    report(rule, 'from openai import OpenAI\nclient = OpenAI()\nreply = client.chat.completions.create(model="m", messages=[])\nprint(reply)\n');
    assert.equal(created(), 0);
  });

  it('admits a model call through an aliased import and a client whatever its variable is called', () => {
    const code =
      'import subprocess as sp\nfrom cohere import Client as C\nzz = C()\nanswer = zz.chat(message="list files").text\nsp.run(answer, shell=True)\n';
    assert.ok(hasRequiredWords(shell.meta, code));
    assert.equal(report(shell, code).length, 1);
  });

  it('admits a call on a client made by a factory the pattern does not name (`()` calls of a pipeline)', () => {
    const code = 'import os\nfrom transformers import pipeline\ngen = pipeline("text-generation")\nos.system(gen("a command")[0]["generated_text"])\n';
    assert.equal(report(shell, code).length, 1);
  });

  it('admits a Gradio handler, whose parameters are user input without any request word', () => {
    const code =
      'import gradio as gr\nfrom langchain_core.messages import SystemMessage\ndef respond(topic):\n    return SystemMessage(content=f"Expert on {topic}")\ngr.Interface(fn=respond, inputs="text", outputs="text")\n';
    assert.ok(hasRequiredWords(promptInjection.meta, code));
    assert.equal(report(promptInjection, code).length, 1);
  });

  it('stands aside when the configuration adds sources or sinks', () => {
    const code = 'import acme\nout = acme.think()\nrunner.exec_line(out)\n';
    const settings = {
      taint: { sources: [{ pattern: 'acme.think', label: 'llm-output' }], sinks: [{ pattern: '.exec_line', kind: 'shell', argument: 0 }] },
    };
    assert.equal(hasRequiredWords(shell.meta, code), false);
    assert.deepEqual(report(shell, code), []);
    assert.equal(report(shell, code, 'python', settings).length, 1);
    assert.equal(extendsTaintFlows(settings.taint), true);
    assert.equal(extendsTaintFlows({ sanitizers: [{ pattern: 'acme.clean', clears: ['*'] }] }), false);
  });

  it('gives a list for each side, and none for a side that can arise anywhere', () => {
    const [sinks, sources] = taintWords(SHELL);
    assert.ok(sources.includes('completion') && sources.includes('invoke') && !sources.includes('ainvoke') && !sources.includes('completions'));
    assert.ok(sinks.includes('subprocess') && sinks.includes('popen') && !sinks.includes('completions'));
    // `model(x)` is inference whatever the variable is called, and a secret can be any literal under a credential's name.
    assert.equal(taintWords({ sources: ['request'], sinks: ['model-inference'] }).length, 1);
    assert.deepEqual(taintWords({ sources: ['secret'], sinks: ['model-inference'] }), []);
  });

  it('joins conditions with anyOf: (A and B) or C', () => {
    assert.deepEqual(anyOf([['a'], ['b']], [['c']]), [['a', 'c'], ['b', 'c']]);
    assert.deepEqual(anyOf([['a']], []), []);
  });
});
