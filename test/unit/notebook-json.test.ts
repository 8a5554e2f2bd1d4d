import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsonc from 'jsonc-parser';
import { findNodeAtLocation, parseJsonTree, type JsonNode } from '../../server/src/engine/notebook/json-tree';

// The notebook reader's JSON tree against jsonc-parser's (strict options), which notebooks were read with before:
// the same nodes, offsets, lengths and values for JSON, and no tree for anything jsonc-parser reports an error in.

function referenceTree(text: string): jsonc.Node | undefined {
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  return errors.length === 0 ? root : undefined;
}

function compare(ours: JsonNode, reference: jsonc.Node, where: string): number {
  assert.equal(ours.type, reference.type, `${where}: type`);
  assert.equal(ours.offset, reference.offset, `${where}: offset`);
  assert.equal(ours.length, reference.length, `${where}: length`);
  if (ours.type !== 'object' && ours.type !== 'array' && ours.type !== 'property') assert.deepEqual(ours.value, reference.value, `${where}: value`);
  assert.equal(ours.children?.length ?? 0, reference.children?.length ?? 0, `${where}: children`);
  let count = 1;
  (reference.children ?? []).forEach((child, index) => (count += compare(ours.children![index], child, `${where}/${index}`)));
  return count;
}

/** A seeded generator (so a failure can be replayed) of JSON values with the awkward parts: escapes, astral characters, exponents. */
function generator(seed: number) {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const strings = ['', 'cell', 'source', 'line\n', 'tab\there', 'quote " and \\ backslash', 'é☃😀', '\u0001\u001f', 'print("hi")\r\n', '/slash/', 'data:image/png;base64,iVBORw0KGgo='];
  const numbers = [0, -0, 1, -17, 3.25, 1e21, 1.5e-7, -2.5e300, 4];
  const value = (depth: number): unknown => {
    const kind = depth > 4 ? Math.floor(next() * 4) : Math.floor(next() * 6);
    if (kind === 0) return pick(strings);
    if (kind === 1) return pick(numbers);
    if (kind === 2) return pick([true, false, null]);
    if (kind === 3) return pick(strings) + pick(strings);
    if (kind === 4) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [pick(strings), value(depth + 1)]));
  };
  return { value, pick };
}

describe('notebook JSON tree', () => {
  it('gives the nodes, offsets, lengths and values jsonc-parser gives, on generated JSON in three layouts', () => {
    let nodes = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { value } = generator(seed);
      const data = { cells: [value(0), value(0)], metadata: value(1), nbformat: 4 };
      for (const text of [JSON.stringify(data), JSON.stringify(data, null, 1), JSON.stringify(data, null, '\t').replace(/\n/g, '\r\n')]) {
        const ours = parseJsonTree(text);
        const reference = referenceTree(text);
        assert.ok(ours && reference, `seed ${seed}: both read it`);
        nodes += compare(ours, reference, `seed ${seed}`);
      }
    }
    assert.ok(nodes > 10_000, `${nodes} nodes compared`);
  });

  it('reads the repository notebooks as jsonc-parser does', () => {
    const notebooks = ['test/corpus/apps/notebook-eval/vulnerable/evaluate.ipynb', 'test/corpus/apps/notebook-eval/fixed/evaluate.ipynb', 'test/e2e/workspace/notebook.ipynb'];
    for (const file of notebooks) {
      const text = fs.readFileSync(path.resolve(file), 'utf8');
      assert.ok(compare(parseJsonTree(text)!, referenceTree(text)!, file) > 20);
    }
  });

  it('finds nodes by path as findNodeAtLocation does, the first of duplicate keys included', () => {
    const text = '{"a": {"b": [10, {"c": "x"}]}, "d": 1, "d": 2, "e": [] }';
    const ours = parseJsonTree(text)!;
    const reference = referenceTree(text)!;
    const paths: (string | number)[][] = [[], ['a'], ['a', 'b'], ['a', 'b', 0], ['a', 'b', 1, 'c'], ['a', 'b', 2], ['a', 'b', -1], ['d'], ['e', 0], ['missing'], ['a', 0], [0]];
    for (const location of paths) {
      const found = findNodeAtLocation(ours, location);
      const expected = jsonc.findNodeAtLocation(reference, location);
      assert.equal(found ? `${found.offset}:${found.length}` : undefined, expected ? `${expected.offset}:${expected.length}` : undefined, JSON.stringify(location));
    }
    assert.equal(findNodeAtLocation(ours, ['d'])?.value, 1);
  });

  it('rejects exactly what jsonc-parser reports an error in', () => {
    const texts = [
      '',
      '   ',
      '{',
      '{"a": 1,}',
      '[1, 2,]',
      '[1 2]',
      '{"a" 1}',
      '{a: 1}',
      "{'a': 1}",
      '{"a": 1} // comment',
      '/* c */ {}',
      '{"a": 01}',
      '{"a": -}',
      '{"a": 1.}',
      '{"a": .5}',
      '{"a": +1}',
      '{"a": 1e}',
      '{"a": NaN}',
      '{"a": tru}',
      '{"a": truex}',
      '{"a": "unterminated}',
      '{"a": "bad \\x escape"}',
      '{"a": "short \\u12 escape"}',
      '{"a": "raw\ttab"}',
      '{"a": "raw\nline"}',
      '\ufeff{"a": 1}',
      '{"a": 1}\u00a0',
      '{"a": 1} {"b": 2}',
      '{"a": 1}]',
      // And some that are fine.
      '{"a": -0.5e+10, "b": "\\u00e9\\n\\"", "c": [true, false, null], "d": {}}',
      ' \r\n\t[] ',
      '"just a string"',
      '12',
    ];
    for (const text of texts) {
      assert.equal(parseJsonTree(text) !== undefined, referenceTree(text) !== undefined, `${JSON.stringify(text)}: valid for one reader only`);
    }
  });

  it('answers for deeply nested input instead of overflowing the stack', () => {
    const depth = 200_000;
    const closed = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const tree = parseJsonTree(closed);
    assert.equal(tree?.type, 'array');
    assert.equal(tree?.length, closed.length);
    assert.equal(parseJsonTree('['.repeat(depth)), undefined);
  });

  it('decodes a string only when its value is asked for, and then as JSON does', () => {
    const text = JSON.stringify({ s: 'a\\b"c\u00e9😀\n' });
    const node = findNodeAtLocation(parseJsonTree(text), ['s'])!;
    assert.equal(node.type, 'string');
    assert.equal(node.value, 'a\\b"c\u00e9😀\n');
    assert.equal(node.value, node.value);
  });
});
