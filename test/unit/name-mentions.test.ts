import * as assert from 'node:assert/strict';
import { mentionsAnyName, type NameEdges } from '../../server/src/engine/name-mentions';
import { seededRandom } from '../support/seeded-random';
import { flows, initEngine } from './taint-support';

/** The expressions the search replaced (taint hints, helper summaries, the constant index), one per kind of edge. */
function byExpression(text: string, names: readonly string[], edges: NameEdges): boolean {
  // Without names the callers made no expression (and `(?:)` would match the empty string).
  if (names.length === 0) return false;
  const alternatives = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const expression =
    edges === 'word' ? `\\b(?:${alternatives})\\b` : edges === 'identifier' ? `(?<!\\w)(?:${alternatives})(?!\\w)` : `(?<![\\w$])(?:${alternatives})(?![\\w$])`;
  return new RegExp(expression).test(text);
}

describe('name mentions', () => {
  it('answers as the whole-name expressions do, for each kind of edge, on generated texts', () => {
    const next = seededRandom(11);
    const random = (n: number) => Math.floor(next() * n);
    // Names that contain each other, `$` at either end, a non-ASCII letter (not a word character to `\b`), an
    // empty name; texts of their pieces and of what may stand next to a name.
    const names = ['key', 'api_key', 'KEY', '$key', 'key$', 'é', 'café', 'a.b', '', 'k'];
    const pieces = ['key', 'api', '_', '$', 'K', 'EY', 'é', 'caf', '.', 'a', 'b', ' ', '(', '1', '\n'];
    for (let round = 0; round < 20000; round++) {
      let text = '';
      for (let i = random(10); i >= 0; i--) text += pieces[random(pieces.length)];
      const chosen = names.filter(() => random(3) === 0);
      for (const edges of ['word', 'identifier', 'name'] as const) {
        assert.equal(mentionsAnyName(text, chosen, edges), byExpression(text, chosen, edges), `${edges} ${JSON.stringify(text)} ${JSON.stringify(chosen)}`);
      }
    }
  });

  it('tells the three kinds of edge apart', () => {
    assert.equal(mentionsAnyName('x = $key', ['key'], 'word'), true);
    assert.equal(mentionsAnyName('x = $key', ['key'], 'identifier'), true);
    assert.equal(mentionsAnyName('x = $key', ['key'], 'name'), false);
    assert.equal(mentionsAnyName('api_key()', ['key'], 'word'), false);
    assert.equal(mentionsAnyName('', [], 'word'), false);
  });

  describe('in the taint passes', () => {
    before(() => initEngine());

    // Both handlers name no source themselves: only the helper's name, found in their text, keeps them analysed.
    it('keeps Python code that calls a helper returning request data', () => {
      const code =
        'from flask import Flask, request\nimport os\napp = Flask(__name__)\n\ndef ask():\n    return request.args["q"]\n\n' +
        '@app.post("/run")\ndef run():\n    x = ask()\n    os.system(x)\n';
      assert.deepEqual(flows(code, 'python').map((flow) => flow.kind), ['shell']);
    });

    it('keeps JavaScript code that calls a helper returning model output', () => {
      const code =
        'import { exec } from "child_process";\nimport OpenAI from "openai";\nconst client = new OpenAI();\n' +
        'async function ask(p) {\n  const r = await client.chat.completions.create({ model: "m", messages: [] });\n  return r.choices[0].message.content;\n}\n' +
        'async function run() {\n  const x = await ask("q");\n  exec(x);\n}\n';
      assert.deepEqual(flows(code, 'typescript').map((flow) => flow.kind), ['shell']);
    });
  });
});
