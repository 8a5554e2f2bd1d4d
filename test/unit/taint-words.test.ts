import * as assert from 'node:assert/strict';
import { analyze, defaultConfig, initEngine } from '../../server/src/engine';
import { analyzeTaint, defineRule, taintWords, type TaintQuery } from '../../server/src/engine/api';
import { hasRequiredWords } from '../../server/src/engine/required-words';
import type { Rule } from '../../server/src/engine/rule';
import { mayHardcodeCredential } from '../../server/src/engine/secrets/detect';
import { extendsTaintFlows } from '../../server/src/engine/taint/user-spec';
import { anyOf, nameTokens, taintMayFlow } from '../../server/src/engine/taint/words';
import shell from '../../rules/model-input/llm-output-to-shell';
import promptInjection from '../../rules/model-input/prompt-injection';
import logs from '../../rules/data-leak/sensitive-data-in-logs';

const SHELL: TaintQuery = { sources: ['llm-output'], sinks: ['shell'] };

/** A rule with the shell rule's words that only notes whether it was set up and whether the engine ran. */
function probe(): { rule: Rule; created: () => number; engineRan: () => boolean } {
  let created = 0;
  let ran = false;
  const rule = defineRule({
    meta: { ...shell.meta, id: 'model-input/words-probe' },
    create(context) {
      created++;
      analyzeTaint(context, SHELL);
      ran = context.cache.has('taint-run');
    },
  });
  return { rule, created: () => created, engineRan: () => ran };
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

  it('does not run the engine when a set-up rule asks a question the text cannot answer', () => {
    const { rule, created, engineRan } = probe();
    // `subprocess` and `run` are the rule's words, but no model call or fallback receiver is in the text.
    report(rule, 'import subprocess\nsubprocess.run(["ls"], check=True)\n');
    assert.equal(created(), 1);
    assert.equal(engineRan(), false);
    report(rule, 'import subprocess\nfrom openai import OpenAI\nc = OpenAI()\nsubprocess.run(c.responses.create(input="x").output_text, shell=True)\n');
    assert.equal(engineRan(), true);
  });

  it('admits handler parameters as sources: a route whatever its parameter is called, split over lines', () => {
    const code = "app\n  .post /* chat */ (\n  '/chat', (r, s) => {\n    console.log(r.body);\n  });\n";
    assert.ok(taintMayFlow('javascript', { sources: ['request'], sinks: ['logging'] }, code, nameTokens(code)));
    assert.equal(report(logs, code, 'javascript').length, 1);
    const typed = "app.post<{ Body: Chat }>('/chat', async (r, s) => {\n  console.log(r.body);\n});\n";
    assert.ok(taintMayFlow('javascript', { sources: ['request'], sinks: ['logging'] }, typed, nameTokens(typed)));
    assert.equal(report(logs, typed, 'typescript').length, 1);
  });

  it('admits a Gradio handler, whose parameters are user input without any request word', () => {
    const code =
      'import gradio as gr\nfrom langchain_core.messages import SystemMessage\ndef respond(topic):\n    return SystemMessage(content=f"Expert on {topic}")\ngr.Interface(fn=respond, inputs="text", outputs="text")\n';
    assert.ok(hasRequiredWords(promptInjection.meta, code));
    assert.equal(report(promptInjection, code).length, 1);
  });

  it('admits a hard-coded credential under an annotation, and env reads only under a credential name', () => {
    const annotated = 'import logging\nAPI_TOKEN: Final[str] = "Zq3vLm9pXw2sKd8a"\nlogging.info(API_TOKEN)\n';
    assert.ok(mayHardcodeCredential(annotated));
    assert.equal(report(logs, annotated).length, 1);
    const plain = 'import logging, os\nlogging.info(os.environ["HOME"])\nvalue = compute(1)\n';
    assert.equal(mayHardcodeCredential(plain), false);
    assert.equal(taintMayFlow('python', { sources: ['secret'], sinks: ['logging'] }, plain, nameTokens(plain)), false);
  });

  it('stands aside when the configuration adds sources or sinks: neither the words nor the gate apply', () => {
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
    const [sources, sinks] = taintWords(SHELL);
    assert.ok(sources.includes('completions') && sources.includes('invoke'));
    assert.ok(sinks.includes('subprocess') && sinks.includes('popen') && !sinks.includes('completions'));
    // `model(x)` is inference whatever the variable is called, and secrets can be any literal.
    assert.equal(taintWords({ sources: ['request'], sinks: ['model-inference'] }).length, 1);
    assert.deepEqual(taintWords({ sources: ['secret'], sinks: ['model-inference'] }), []);
  });

  it('joins conditions with anyOf: (A and B) or C', () => {
    assert.deepEqual(anyOf([['a'], ['b']], [['c']]), [['a', 'c'], ['b', 'c']]);
    assert.deepEqual(anyOf([['a']], []), []);
  });
});
