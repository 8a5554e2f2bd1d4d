import * as assert from 'node:assert/strict';
import { initEngine } from '../../server/src/engine';
import { JavaScriptSemantics, PythonSemantics, parseText, SourceText } from '../../server/src/engine/api';
import { snapshotTree } from '../../server/src/engine/syntax/snapshot';

/** The qualified callee name of every call in a snippet whose text starts with `prefix`, in source order. */
function pythonCallees(code: string, prefix: string): (string | undefined)[] {
  const tree = snapshotTree(parseText('python', code), code);
  const semantics = new PythonSemantics(tree.rootNode, new SourceText(code));
  return tree.rootNode
    .descendantsOfType('call')
    .filter((c) => c.text.startsWith(prefix))
    .map((c) => semantics.calleeName(c));
}

function javascriptCallees(code: string, prefix: string): (string | undefined)[] {
  const tree = snapshotTree(parseText('typescript', code), code);
  const semantics = new JavaScriptSemantics(tree.rootNode);
  return tree.rootNode
    .descendantsOfType(['call_expression', 'new_expression'])
    .filter((c) => c.text.startsWith(prefix))
    .map((c) => semantics.calleeName(c));
}

describe('semantic model: imports in every scope', () => {
  before(() => initEngine());

  describe('Python', () => {
    it('binds an import inside a function for that function and the functions nested in it', () => {
      const code = 'def restore(p):\n    import torch\n    def inner():\n        return torch.load(p)\n    return torch.load(p)\n';
      assert.deepEqual(pythonCallees(code, 'torch.load'), ['torch.load', 'torch.load']);
    });

    it('does not leak a function-local import to the module or to sibling functions', () => {
      const code = 'def a():\n    import torch\n\ndef b():\n    torch.load("x")\n\ntorch.load("y")\n';
      assert.deepEqual(pythonCallees(code, 'torch.load'), [undefined, undefined]);
    });

    it('resolves aliases of local imports (import as, from import as)', () => {
      const code = 'def f(d, t):\n    import pickle as pk\n    from yaml import load as L\n    pk.loads(d)\n    L(t)\n';
      assert.deepEqual(pythonCallees(code, 'pk.'), ['pickle.loads']);
      assert.deepEqual(pythonCallees(code, 'L('), ['yaml.load']);
    });

    it('binds imports in methods, class bodies (not seen by methods) and TYPE_CHECKING blocks', () => {
      const code = [
        'from typing import TYPE_CHECKING',
        'if TYPE_CHECKING:',
        '    import numpy as np',
        'class Store:',
        '    import pickle',
        '    blob = pickle.dumps({})',
        '    def get(self, d):',
        '        return pickle.loads(d)',
        '    def put(self, d):',
        '        import yaml',
        '        return yaml.load(d), np.zeros(1)',
        '',
      ].join('\n');
      assert.deepEqual(pythonCallees(code, 'pickle.'), ['pickle.dumps', undefined]);
      assert.deepEqual(pythonCallees(code, 'yaml.'), ['yaml.load']);
      assert.deepEqual(pythonCallees(code, 'np.'), ['numpy.zeros']);
    });

    it('keeps an optional import when the except branch sets a fallback', () => {
      const code = 'def f(t):\n    try:\n        import yaml\n    except ImportError:\n        yaml = None\n    return yaml.load(t)\n';
      assert.deepEqual(pythonCallees(code, 'yaml.load'), ['yaml.load']);
    });

    it('lets a later plain assignment, a parameter or a use before the import shadow it', () => {
      assert.deepEqual(pythonCallees('def f():\n    import torch\n    torch = Fake()\n    torch.load("x")\n', 'torch.load'), [undefined]);
      assert.deepEqual(pythonCallees('import torch\ndef f(torch):\n    torch.load("x")\n', 'torch.load'), [undefined]);
      assert.deepEqual(pythonCallees('def f():\n    torch.load("x")\n    import torch\n', 'torch.load'), [undefined]);
      assert.deepEqual(pythonCallees('import torch\nf = lambda torch: torch.load("x")\n', 'torch.load'), [undefined]);
    });

    it('a local import is not a local that shadows the module import of the same name', () => {
      const code = 'import yaml\ndef f(t):\n    import yaml\n    return yaml.load(t)\n';
      assert.deepEqual(pythonCallees(code, 'yaml.load'), ['yaml.load']);
    });

    it('binds names to importlib.import_module / __import__ with a literal, at module level and in functions', () => {
      const code = [
        'import importlib',
        'yaml = importlib.import_module("yaml")',
        'yaml.load(a)',
        'def f(b, name):',
        '    from importlib import import_module',
        '    pk = import_module("pickle")',
        '    pk.loads(b)',
        '    dyn = importlib.import_module(name)',
        '    dyn.loads(b)',
        '    __import__("os.path").system(b)',
        '',
      ].join('\n');
      assert.deepEqual(pythonCallees(code, 'yaml.load'), ['yaml.load']);
      assert.deepEqual(pythonCallees(code, 'pk.loads'), ['pickle.loads']);
      assert.deepEqual(pythonCallees(code, 'dyn.loads'), [undefined]);
      assert.deepEqual(pythonCallees(code, '__import__("os.path").system'), ['os.system']);
    });

    it('lists local imports but adds module-level imports only when the module lacks one', () => {
      const code = 'def f():\n    import yaml\n';
      const tree = snapshotTree(parseText('python', code), code);
      const semantics = new PythonSemantics(tree.rootNode, new SourceText(code));
      assert.equal(semantics.importStatements.length, 1);
      assert.equal(semantics.importsModule('yaml'), false);
      assert.ok(semantics.addImport('yaml'));
    });
  });

  describe('JavaScript', () => {
    it('binds require inside a function, with destructuring, for that function only', () => {
      const code = [
        'function run(cmd) {',
        '  const { exec } = require("child_process");',
        '  const cp = require("node:child_process");',
        '  exec(cmd); cp.execSync(cmd);',
        '}',
        'function other(cmd) { exec(cmd); }',
        '',
      ].join('\n');
      assert.deepEqual(javascriptCallees(code, 'exec('), ['child_process.exec', undefined]);
      assert.deepEqual(javascriptCallees(code, 'cp.'), ['child_process.execSync']);
    });

    it('binds await import() namespaces and their default export', () => {
      const code = [
        'async function ask(q: string) {',
        '  const m = await import("openai");',
        '  const { default: OpenAI } = await import("openai");',
        '  const a = new m.default();',
        '  const b = new OpenAI();',
        '  const c = new m.OpenAI();',
        '}',
        'const d = new OpenAI();',
        '',
      ].join('\n');
      assert.deepEqual(javascriptCallees(code, 'new '), ['openai', 'openai', 'openai.OpenAI', undefined]);
    });
  });
});
