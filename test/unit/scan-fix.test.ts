import * as assert from 'node:assert/strict';
import { defaultConfig, initEngine, type Rule } from '../../server/src/engine';
import { defineRule } from '../../server/src/engine/rule';
import { fixText } from '../../server/src/scan/fix-file';
import { probeMeta } from '../support/probe-meta';

/** A rule whose "fix" deletes a closing parenthesis: the kind of bug the guard in fixText exists for. */
const BREAKING: Rule = defineRule({
  meta: probeMeta('supply-chain/test-breaking-fix', ['python'], { fixable: 'safe' }),
  create(context) {
    return {
      call(node) {
        const end = context.rangeOf(node).end;
        context.report({
          node,
          message: 'call',
          fixes: [{ title: 'break it', safety: 'safe', edits: [{ range: { start: { line: end.line, character: end.character - 1 }, end }, newText: '' }] }],
        });
      },
    };
  },
});

describe('fixText', () => {
  before(() => initEngine());

  it('refuses fixes that would leave the file with more syntax errors than before', () => {
    const text = 'print("hello")\n';
    const outcome = fixText(text, 'python', { config: defaultConfig(), filePath: 'a.py', includeUnsafe: false, rules: [BREAKING] });
    assert.equal(outcome.text, text);
    assert.equal(outcome.applied, 0);
    assert.match(outcome.refused ?? '', /not applied: the result would not parse/);
  });

  it('applies fixes that keep the file parsing', () => {
    const text = 'from diffusers import DiffusionPipeline\np = DiffusionPipeline.from_pretrained("org/sd", revision="0123456789abcdef0123456789abcdef01234567", use_safetensors=False)\n';
    const outcome = fixText(text, 'python', { config: defaultConfig(), filePath: 'a.py', includeUnsafe: false });
    assert.equal(outcome.applied, 1);
    assert.ok(!outcome.text.includes('use_safetensors'));
    assert.equal(outcome.refused, undefined);
  });
});
