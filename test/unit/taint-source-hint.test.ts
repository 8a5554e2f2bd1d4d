import * as assert from 'node:assert/strict';
import { SpecIndex } from '../../server/src/engine/taint/matcher';
import { BUILTIN_SPEC } from '../../server/src/engine/taint/spec';
import { flows, initEngine } from './taint-support';

// The source hint decides which functions and statements the taint passes read at all: text without it cannot
// hold a source. Python's built-in `input` is a source only as the callee of a call, so the word alone (a
// PyTorch `forward(self, input)`, an `input` variable) must not open a function, and every way of writing the
// call must.
describe('taint source hint', () => {
  before(() => initEngine());

  const python = new SpecIndex(BUILTIN_SPEC, 'python');
  const javascript = new SpecIndex(BUILTIN_SPEC, 'javascript');

  it('does not take the word `input` for a source in Python', () => {
    for (const text of [
      'def forward(self, input):\n    return self.linear(input)\n',
      'x = batch.input\n',
      'inputs = input_ids\n',
      'fn = input\n',
    ]) {
      assert.equal(python.sourceHint.test(text), false, text);
    }
  });

  it('takes every way of calling `input` for one', () => {
    for (const text of ['name = input("name? ")\n', 'name = input ("x")\n', 'name = input\\\n("x")\n', 'name = (input  # ask\n    ("x"))\n', 'run(input())\n']) {
      assert.equal(python.sourceHint.test(text), true, text);
    }
  });

  it('keeps the other sources and the JavaScript vocabulary', () => {
    assert.equal(python.sourceHint.test('data = request.json\n'), true);
    assert.equal(python.sourceHint.test('reply = chain.invoke(question)\n'), true);
    assert.equal(javascript.sourceHint.test('const { input } = useChat()\n'), true);
  });

  it('still finds user input reaching a shell however the call is spaced', () => {
    for (const call of ['input("cmd? ")', 'input ("cmd? ")', '(input  # ask\n        ("cmd? "))']) {
      const code = `import subprocess\n\ndef main(input_dir):\n    subprocess.run(${call}, shell=True)\n`;
      assert.deepEqual(
        flows(code, 'python').map((flow) => `${flow.labels.join(',')}->${flow.kind}`),
        ['user-input->shell'],
        code,
      );
    }
  });
});
