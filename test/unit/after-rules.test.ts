import * as assert from 'node:assert/strict';
import { analyze, initEngine } from '../../server/src/engine';
import { defineRule } from '../../server/src/engine/api';
import { probeMeta } from '../support/probe-meta';

/** A rule that counts the calls it visits and reports each at $exit. */
function countingRule(log: string[]) {
  return defineRule({
    meta: probeMeta('supply-chain/counting-calls', ['python']),
    create(context) {
      return {
        call: (node) => {
          log.push('visit');
          context.report({ node, message: 'call' });
        },
        $exit: () => log.push('exit'),
      };
    },
  });
}

describe('AnalyzeOptions.afterRules (the scan worker collects garbage there)', () => {
  before(() => initEngine());

  it('is called once per document, after every visitor and $exit, with the document alive, before the result returns', () => {
    const log: string[] = [];
    let alive: unknown;
    const result = analyze('a()\nb()\n', 'python', {
      filePath: 'app.py',
      rules: [countingRule(log)],
      afterRules: (objects) => {
        log.push('afterRules');
        alive = objects;
      },
    });
    assert.deepEqual(log, ['visit', 'visit', 'exit', 'afterRules']);
    assert.equal(result.findings.length, 2);
    assert.ok(Array.isArray(alive) && alive.length > 0, 'the document objects are handed over for the duration of the call');
  });

  it('is called for the Python module of a notebook too', () => {
    const log: string[] = [];
    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', source: ['a()\n'], outputs: [] }], metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 });
    analyze(notebook, 'jupyter', { filePath: 'n.ipynb', rules: [countingRule(log)], afterRules: () => log.push('afterRules') });
    assert.ok(log.includes('visit'), log.join(','));
    assert.ok(log.indexOf('afterRules') > log.indexOf('exit'), log.join(','));
  });
});
