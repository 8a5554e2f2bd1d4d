import * as assert from 'node:assert/strict';
import { analyze, initEngine } from '../../server/src/engine';
import { defineRule, javascriptConstant, pythonConstant, pythonTruthiness, type Node } from '../../server/src/engine/api';
import { probeMeta } from '../support/probe-meta';

/** Reports, for every `probe(x)` call, what the constants model says `x` is: its literal text or `?`. */
const probe = defineRule({
  meta: probeMeta('endpoint/probe', ['python', 'javascript'], { severity: 'info' }),
  create(context) {
    const visit = (call: Node) => {
      if (call.childForFieldName('function')?.text !== 'probe') return;
      const argument = call.childForFieldName('arguments')?.namedChildren[0];
      const value = context.family === 'python' ? pythonConstant(context, argument) : javascriptConstant(context, argument);
      context.report({ node: call, message: value ? value.text : '?' });
    };
    return { call: visit, call_expression: visit };
  },
});

function values(code: string, language = 'python'): string[] {
  return analyze(code, language, { rules: [probe] }).findings.map((f) => f.message);
}

describe('constants followed through names', () => {
  before(() => initEngine());

  it('follows a module constant into functions, and chains of names', () => {
    assert.deepEqual(values('V = False\nW = V\ndef f():\n    probe(V)\n    probe(W)\nprobe(V)\n'), ['False', 'False', 'False']);
  });

  it('prefers the function binding and ignores names bound more than once', () => {
    assert.deepEqual(values('V = False\ndef f():\n    V = "x"\n    probe(V)\nW = 1\nW = 2\nprobe(W)\n'), ['"x"', '?']);
  });

  it('does not follow parameters, loop and with targets, lambdas, globals or walrus', () => {
    const code =
      'P = False\ndef f(P):\n    probe(P)\nL = 1\nfor L in xs:\n    pass\nprobe(L)\nwith open(p) as W:\n    pass\nW = 0\nprobe(W)\n' +
      'Q = 0\ng = lambda Q: probe(Q)\nG = True\ndef h():\n    global G\n    G = False\nprobe(G)\nif (N := 3):\n    pass\nN = 4\nprobe(N)\n';
    assert.deepEqual(values(code), ['?', '?', '?', '?', '?', '?']);
  });

  it('returns non-names as they are and leaves calls alone', () => {
    assert.deepEqual(values('probe([1])\nX = make()\nprobe(X)\n'), ['[1]', '?']);
  });

  it('follows JavaScript declarations once, not reassigned lets or parameters', () => {
    const code = "const A = false;\nlet B = '0';\nB = '1';\nconst C = A;\nfunction f(D) { probe(D); }\nconst D = true;\nprobe(A);\nprobe(B);\nprobe(C);\n";
    assert.deepEqual(values(code, 'javascript'), ['?', 'false', '?', 'false']);
  });

  it('follows only JavaScript declarations visible where the name is used', () => {
    const code = "function a() { const X = false; probe(X); }\nfunction b() { probe(X); }\nconst Y = '*';\nfunction c() { const Y = 'a'; probe(Y); }\n";
    assert.deepEqual(values(code, 'javascript'), ['false', '?', '?']);
  });

  it('knows Python truthiness of literals', () => {
    const truth = (code: string) => {
      let result: boolean | undefined | 'unset' = 'unset';
      const rule = defineRule({
        ...probe,
        create: () => ({ expression_statement: (node: Node) => void (result = pythonTruthiness(node.namedChildren[0])) }),
      });
      analyze(code, 'python', { rules: [rule] });
      return result;
    };
    assert.deepEqual(
      ['True', '1', '"False"', '0x10', '[0]', 'False', '0', '0.0', '""', 'None', '[]', '0x0', 'x', 'f()'].map((c) => truth(`${c}\n`)),
      [true, true, true, true, true, false, false, false, false, false, false, false, undefined, undefined],
    );
  });
});
