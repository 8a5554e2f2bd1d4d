import * as assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { AnalyzedDocument, initEngine } from '../../server/src/engine/index';
import type { SyntaxNode } from '../../server/src/engine/syntax/node';
import { snapshotTree } from '../../server/src/engine/syntax/snapshot';
import { openRawCursor } from '../../server/src/engine/syntax/raw-cursor';
import { copyTreeFromMemory, resetTreeMemoryForTests } from '../../server/src/engine/syntax/tree-memory';
import { parserFor } from '../../server/src/engine/parsing/grammars';
import type { GrammarName } from '../../server/src/engine/languages';
import { treeSitterRuntime } from '../../server/src/engine/parsing/grammars';
import { walkTree } from '../../server/src/engine/walk';

// The snapshot derives some facts instead of asking tree-sitter (the end of literal tokens); these sources
// cover the cases where a derivation could go wrong: anonymous nodes with children (`not in`, `is not`),
// MISSING and ERROR nodes, string escapes, non-ASCII text, CRLF line ends and a byte order mark.
const sources: [languageId: string, text: string][] = [
  ['python', 'import os\nif a not in b and c is not d:\n    x = {"k": [1, 2.5, -3]}\n    y = lambda q, *r, **s: q @ r\n'],
  ['python', 'x = "a\\n\\t{b}" + f"{x!r:>10} {{y}}" + b"\\x00" + r"\\d+"\n'],
  ['python', 'def f(:\n  x = (1,\n'],
  ['python', 'a = [1, 2\nb = 3\nprint(\'é\\u00e9 ☃\')\r\nclass C(B, metaclass=M):\r\n    async def g(self): await h()\r\n'],
  ['python', '\ufeff# comment\n@app.post("/chat")\ndef chat(request):  # trailing\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": request.prompt}])\n'],
  ['javascript', 'const x = `a${b}c`; a ??= b >>>= 2; if (!(k in o) && o?.p instanceof C) { throw new Error("x") }\n'],
  ['javascript', 'function (\nconst y = [1, 2'],
  ['typescript', 'class A<T extends object> { #p = 1; get x(): number { return this.#p } }\nexport const f = async (r: Request): Promise<void> => { await r.json() as unknown }\n'],
  ['typescriptreact', 'export default function Page() { return <div className="a">{value ?? "none"}<br/></div> }\n'],
];

function compare(live: Node, snapshot: SyntaxNode, path: string): number {
  const where = `${path}/${live.type}`;
  assert.equal(snapshot.type, live.type, `${where}: type`);
  assert.equal(snapshot.startIndex, live.startIndex, `${where}: startIndex`);
  assert.equal(snapshot.endIndex, live.endIndex, `${where}: endIndex`);
  assert.deepEqual(snapshot.startPosition, live.startPosition, `${where}: startPosition`);
  assert.deepEqual(snapshot.endPosition, live.endPosition, `${where}: endPosition`);
  assert.equal(snapshot.text, live.text, `${where}: text`);
  assert.equal(snapshot.isNamed, live.isNamed, `${where}: isNamed`);
  assert.equal(snapshot.isMissing, live.isMissing, `${where}: isMissing`);
  assert.equal(snapshot.hasError, live.hasError, `${where}: hasError`);
  assert.equal(snapshot.childCount, live.childCount, `${where}: childCount`);
  assert.equal(snapshot.namedChildCount, live.namedChildCount, `${where}: namedChildCount`);
  let count = 1;
  live.children.forEach((child, index) => {
    assert.ok(child);
    assert.equal(snapshot.child(index)?.parent, snapshot, `${where}: parent of child ${index}`);
    assert.equal(
      live.fieldNameForChild(index) ?? null,
      (snapshot.child(index) as { fieldName?: string | null }).fieldName ?? null,
      `${where}: field of child ${index}`,
    );
    count += compare(child, snapshot.child(index)!, where);
  });
  live.namedChildren.forEach((child, index) => assert.equal(snapshot.namedChild(index)?.type, child?.type, `${where}: named child ${index}`));
  return count;
}

/** Where a node is, to compare nodes of two trees (null for none). */
const at = (node: SyntaxNode | Node | null | undefined) => (node ? `${node.type}@${node.startIndex}-${node.endIndex}` : null);

/** Siblings, first and last children and field lookups of every node, against the live tree's. */
function compareNavigation(live: Node, snapshot: SyntaxNode, fieldNames: readonly (string | null)[]): number {
  const where = at(live);
  for (const key of ['nextSibling', 'previousSibling', 'nextNamedSibling', 'previousNamedSibling', 'firstChild', 'lastChild', 'firstNamedChild', 'lastNamedChild'] as const) {
    assert.equal(at(snapshot[key]), at(live[key]), `${where}: ${key}`);
  }
  for (const name of fieldNames) {
    if (!name) continue;
    assert.equal(at(snapshot.childForFieldName(name)), at(live.childForFieldName(name)), `${where}: field ${name}`);
    assert.deepEqual(snapshot.childrenForFieldName(name).map(at), live.childrenForFieldName(name).map(at), `${where}: fields ${name}`);
  }
  let count = 1;
  live.children.forEach((child, index) => (count += compareNavigation(child!, snapshot.child(index)!, fieldNames)));
  return count;
}

describe('syntax snapshot', () => {
  before(() => initEngine());

  for (const [languageId, text] of sources) {
    it(`matches the live ${languageId} tree node for node: ${JSON.stringify(text.slice(0, 40))}`, () => {
      const document = new AnalyzedDocument(languageId, undefined, text);
      try {
        const live = document.tree;
        assert.ok(live, 'parsed');
        const compared = compare(live.rootNode, snapshotTree(live, text).rootNode, '');
        assert.ok(compared > 10, `compared ${compared} nodes`);
      } finally {
        document.dispose();
      }
    });
  }

  for (const [languageId, text] of sources) {
    it(`navigates like the live ${languageId} tree (siblings, first and last children, fields): ${JSON.stringify(text.slice(0, 30))}`, () => {
      const document = new AnalyzedDocument(languageId, undefined, text);
      try {
        const live = document.tree!;
        const snapshot = snapshotTree(live, text);
        assert.ok(compareNavigation(live.rootNode, snapshot.rootNode, live.language.fields) > 10);
        for (const types of ['identifier', ['string', 'call', 'call_expression', 'ERROR']]) {
          assert.deepEqual(snapshot.rootNode.descendantsOfType(types).map(at), live.rootNode.descendantsOfType(types).map(at), `descendants ${types}`);
        }
      } finally {
        document.dispose();
      }
    });
  }

  it('gives one node object per node, however it is reached', () => {
    const text = 'import os\nclient.chat(model="m", messages=[{"role": "user"}])\n';
    const document = new AnalyzedDocument('python', undefined, text);
    try {
      const snapshot = snapshotTree(document.tree!, text);
      const root = snapshot.rootNode;
      assert.equal(snapshot.rootNode, root);
      const call = root.descendantsOfType('call')[0];
      const viaChildren = root.children[1].children[0];
      assert.equal(viaChildren, call, 'the same call from descendantsOfType and from children');
      assert.equal(call.childForFieldName('function'), call.firstChild);
      assert.equal(call.firstChild!.nextSibling, call.childForFieldName('arguments'));
      assert.equal(call.childForFieldName('arguments')!.previousSibling, call.firstChild);
      assert.equal(call.parent!.parent, root);
      const walked = new Set<SyntaxNode>();
      const cursor = root.walk();
      do walked.add(cursor.currentNode);
      while (cursor.gotoFirstChild() || cursor.gotoNextSibling());
      assert.ok(walked.has(root.children[0]), 'the cursor yields the node objects the other paths do');
    } finally {
      document.dispose();
    }
  });

  it('makes node objects only for the nodes visitors and rules reach, not for every row', () => {
    // The copy is rows of numbers; objects are what the collector has to trace, so a walk must not make one per node.
    const text = `${'x = compute(a, b) + [1, 2, 3]\n'.repeat(200)}client.chat(prompt)\n`;
    const document = new AnalyzedDocument('python', undefined, text);
    try {
      const snapshot = snapshotTree(document.tree!, text);
      const seen: string[] = [];
      walkTree(snapshot, [{ call: (node: SyntaxNode) => void seen.push(node.text) }], (_, error) => assert.fail(String(error)));
      assert.equal(seen.length, 201, 'every call visited');
      assert.equal(seen[200], 'client.chat(prompt)');
      const rows = document.tree!.rootNode.descendantCount;
      assert.ok(rows > 4000, `${rows} rows`);
      assert.ok(snapshot.nodesMade <= 202, `${snapshot.nodesMade} node objects for ${rows} rows`);
    } finally {
      document.dispose();
    }
  });

  it('grows its columns when the tree has more nodes than reserved', () => {
    const [languageId, text] = sources[0];
    const document = new AnalyzedDocument(languageId, undefined, text);
    try {
      const live = document.tree!;
      assert.ok(compare(live.rootNode, snapshotTree(live, text, { rows: 1 }).rootNode, '') > 10);
    } finally {
      document.dispose();
    }
  });

  for (const [languageId, text] of sources) {
    it(`matches with the raw cursor too (the fallback): ${languageId} ${JSON.stringify(text.slice(0, 20))}`, () => {
      const document = new AnalyzedDocument(languageId, undefined, text);
      try {
        const live = document.tree!;
        assert.ok(compare(live.rootNode, snapshotTree(live, text, { cursorOnly: true }).rootNode, '') > 10);
      } finally {
        document.dispose();
      }
    });
  }

  for (const [languageId, text] of sources.slice(0, 3)) {
    it(`matches with web-tree-sitter's public cursor too (the fallback): ${languageId} ${JSON.stringify(text.slice(0, 20))}`, () => {
      const document = new AnalyzedDocument(languageId, undefined, text);
      try {
        const live = document.tree!;
        assert.ok(compare(live.rootNode, snapshotTree(live, text, { publicApiOnly: true }).rootNode, '') > 10);
      } finally {
        document.dispose();
      }
    });
  }

  it('copies with the raw cursor (the runtime exposes what raw-cursor.ts calls)', () => {
    // A web-tree-sitter upgrade that changes its binding would silently fall back to the slow walk.
    const document = new AnalyzedDocument('python', undefined, 'x = 1\n');
    try {
      const cursor = openRawCursor(document.tree!);
      assert.ok(cursor, 'raw cursor available');
      assert.equal(cursor.gotoFirstChild(), true);
      assert.equal(cursor.startIndex(), 0);
      assert.equal(cursor.endIndex(), 5);
      cursor.close();
    } finally {
      document.dispose();
    }
  });

  it('copies trees deeper than the cursor stack starts out, again and again, without corrupting the runtime', () => {
    // Going deep makes the runtime reallocate the cursor's stack; closing must free the final one.
    const depth = 400;
    const text = `x = ${'['.repeat(depth)}1${']'.repeat(depth)}\ny = f(a, b)\n`;
    for (let round = 0; round < 30; round++) {
      const document = new AnalyzedDocument('python', undefined, text);
      try {
        const live = document.tree!;
        const root = snapshotTree(live, text, { cursorOnly: true }).rootNode;
        if (round === 0 || round === 29) assert.ok(compare(live.rootNode, root, '') > depth);
      } finally {
        document.dispose();
      }
    }
  });

  it('frees the cursor stack the walk ended with, not the one it started with', () => {
    // The runtime reads the cursor to free from its transfer buffer, where web-tree-sitter's `delete` puts the
    // JavaScript cursor's state: that state must be the final one, or the grown stack leaks and the first is
    // freed twice. Watch what the runtime holds when the cursor is made, after a deep walk, and when it is freed.
    const runtime = treeSitterRuntime() as Record<string, unknown>;
    const heap = () => runtime.HEAP32 as Int32Array;
    const buffer = (runtime._ts_init as () => number)() >> 2;
    const malloc = runtime._malloc as (bytes: number) => number;
    const free = runtime._free as (address: number) => void;
    const created = runtime._ts_tree_cursor_new_wasm as (tree: number) => void;
    const deleted = runtime._ts_tree_cursor_delete_wasm as (tree: number) => void;
    const stacks: { created?: number; last?: number; freed?: number } = {};
    let blocker = 0;
    runtime._ts_tree_cursor_new_wasm = (tree: number) => {
      created(tree);
      stacks.created = heap()[buffer];
      // A block right after the new stack, so that growing it has to move it.
      blocker = malloc(64);
    };
    runtime._ts_tree_cursor_delete_wasm = (tree: number) => {
      stacks.freed = heap()[buffer];
      deleted(tree);
    };
    // `a.b.b.b...`: each attribute's first child is the next one, so first-child moves go all the way down.
    const text = `a${'.b'.repeat(300)}\n`;
    const document = new AnalyzedDocument('python', undefined, text);
    try {
      const cursor = openRawCursor(document.tree!);
      assert.ok(cursor);
      let depth = 0;
      while (cursor.gotoFirstChild()) depth++;
      stacks.last = heap()[buffer];
      cursor.close();
      assert.ok(depth > 300, `walked ${depth} levels down`);
    } finally {
      runtime._ts_tree_cursor_new_wasm = created;
      runtime._ts_tree_cursor_delete_wasm = deleted;
      if (blocker) free(blocker);
      document.dispose();
    }
    assert.ok(stacks.created && stacks.last && stacks.freed, 'cursor created, moved and freed');
    assert.notEqual(stacks.last, stacks.created, 'going 300 levels deep moved the stack');
    assert.equal(stacks.freed, stacks.last, 'the stack freed is the one the walk ended with');
  });

  it('reads the children of an anonymous node that has them (Python `not in`)', () => {
    const text = 'ok = a not in b\n';
    const document = new AnalyzedDocument('python', undefined, text);
    try {
      const root = snapshotTree(document.tree!, text).rootNode;
      const operator = root.descendantsOfType('not in')[0];
      assert.ok(operator, 'a `not in` node');
      assert.equal(operator.isNamed, false);
      assert.equal(operator.text, 'not in');
      assert.deepEqual(
        operator.children.map((child) => child?.text),
        ['not', 'in'],
      );
    } finally {
      document.dispose();
    }
  });
});

describe('syntax snapshot read from the runtime memory', () => {
  before(() => initEngine());
  afterEach(() => resetTreeMemoryForTests());

  // Each grammar's hidden nodes, aliases (TS `type_identifier`, `property_identifier`), fields found through
  // hidden nodes, extras (comments) inside expressions and argument lists, errors with MISSING nodes, external
  // scanners (Python strings and indentation, YAML block scalars, Bash heredocs) and text outside ASCII.
  const samples: [GrammarName, string][] = [
    ['python', `@app.post("/x")  # route\n@limit(5)\nasync def f(a: int = 1, *b, c: "str", **d) -> None:\n    """doc é"""\n    x = [i for i in range(3) if i]  # c\n    y = {k: v for k, v in d.items()}\n    match x:\n        case [1, *rest]:\n            pass\n        case {"a": 1} | None:\n            print(f"{x!r:>{w}} ☃", sep="")\n    return (yield from g(a,  # inside\n        b))\nclass C(B, metaclass=M):\n    z: int = 0\n    def m(self): return lambda q, *r: q @ r\nif a not in b and c is not d: del e[1:2, ...]\nwhile 1: break\ntry: raise E from F\nexcept (A, B) as e: pass\nfinally: global g\n`],
    ['python', 'def f(:\n  x = (1,\nclass\n  y = [1, 2\nprint(\'\\u00e9\')\r\n'],
    ['javascript', `import a, { b as c } from "m"; // c\nexport default class K extends B { #p = 1; static s = 2; get x() { return this.#p } async *g() { yield* h() } }\nconst f = async ({ a, b: [c, ...d] = [] }, ...rest) => a?.b?.(c) ?? \`t\${/re[g]/gi.test(x)}\`;\nlabel: for (const k in o) { if (!(k in o)) continue label; else break; }\nconst el = <div className="a" {...p}>{x /* c */}<br/></div>;\nswitch (x) { case 1: default: throw new Error("e") }\n`],
    ['javascript', 'function (\nconst y = [1, 2\nlet = ;'],
    ['typescript', `interface I<T extends object = {}> { readonly a?: T[]; [k: string]: unknown; m(x: number): void }\ntype U = A | B & { c: "d" } | keyof typeof e;\nenum E { A = 1, B }\n@dec() abstract class C<T> implements I<T> { private constructor(protected readonly p: T) { super() } abstract m(): void }\nexport const f = <T,>(r: Request): Promise<void> => r.json() as unknown as T satisfies object;\nnamespace N { export declare function g(this: Window, ...a: any[]): asserts a is string[] }\n`],
    ['tsx', `export default function Page<T>({ items }: { items: T[] }) { return <ul>{items.map((i) => <li key={String(i)}>{i as any}</li>)}</ul> }\n`],
    ['bash', `#!/bin/sh\nset -eux; apt-get update && apt-get install -y curl \\\n  git # tools\ncat <<EOF > /etc/x\nline $HOME\nEOF\ncase "$1" in a|b) echo "\${x:-y}" ;; *) exit 1 ;; esac\nfor f in $(ls *.py); do [ -f "$f" ] && python "$f" | tee -a log; done\nfn() { local v=$((1 + 2)); echo "$v"; }\n`],
    ['yaml', `version: "3"\nservices:\n  app: &app\n    image: python:3.12 # pinned\n    command: |-\n      run it\n    env: >\n      folded\n    ports: ["8000:8000", {a: 1}]\n  other:\n    <<: *app\n---\n- [a, b]\n- ? complex\n  : value\n`],
  ];

  /** Every column of both copies, row by row. */
  function sameRows(a: ReturnType<typeof snapshotTree>, b: ReturnType<typeof snapshotTree>, rows: number, where: string): void {
    for (const column of ['typeIds', 'fieldIds', 'starts', 'ends', 'parents', 'after', 'flags'] as const) {
      for (let row = 0; row < rows; row++) assert.equal(a[column][row], b[column][row], `${where}: ${column} of row ${row} (${b.typeOf(row)})`);
    }
  }

  for (const [grammar, text] of samples) {
    it(`reads every node, field and position of a ${grammar} tree as the live tree has them: ${JSON.stringify(text.slice(0, 30))}`, () => {
      const tree = parserFor(grammar).parse(text)!;
      try {
        const root = tree.rootNode;
        let entered = 0;
        let depth = 0;
        const counted = copyTreeFromMemory(tree, root, text.length, root.descendantCount, {
          enter: () => void (entered++, depth++),
          leave: () => void depth--,
        });
        assert.equal(counted, true, 'read from memory, not left to the cursor');
        assert.equal(entered, root.descendantCount);
        assert.equal(depth, 0, 'every node entered was left');
        assert.equal(compare(root, snapshotTree(tree, text).rootNode, ''), root.descendantCount);
      } finally {
        tree.delete();
      }
    });
  }

  it('gives the same rows as the cursor copy on a large file', () => {
    // Repeated to make frames and columns grow past what they start with, nested to go deep.
    const text = `${samples[0][1].repeat(40)}x = ${'['.repeat(600)}1${']'.repeat(600)}\n`;
    const tree = parserFor('python').parse(text)!;
    try {
      const rows = tree.rootNode.descendantCount;
      assert.ok(rows > 10_000, `${rows} nodes`);
      sameRows(snapshotTree(tree, text), snapshotTree(tree, text, { cursorOnly: true }), rows, 'python');
    } finally {
      tree.delete();
    }
  });

  it('ends an anonymous token where the tree does, not where its type name would (YAML `|-`)', () => {
    // The cursor copy saves a call by taking a literal token's end from its type's text; the block scalar
    // indicator `|` spans `|-`. Read from memory, the end is the tree's own.
    const text = 'run: |-\n  echo hi\n';
    const tree = parserFor('yaml').parse(text)!;
    try {
      const indicator = snapshotTree(tree, text).rootNode.descendantsOfType('|')[0];
      assert.equal(indicator?.text, '|-');
      assert.equal(indicator?.endIndex, tree.rootNode.descendantsOfType('|')[0]?.endIndex);
    } finally {
      tree.delete();
    }
  });

  it('gives up on a tree whose count it does not meet, and the cursor copies it instead', () => {
    const text = samples[0][1];
    const tree = parserFor('python').parse(text)!;
    try {
      const root = tree.rootNode;
      const ignore = { enter: () => undefined, leave: () => undefined };
      // A count the walk cannot meet stands for a layout that is not what the reader expects.
      assert.equal(copyTreeFromMemory(tree, root, text.length, root.descendantCount + 1, ignore), false);
      assert.equal(copyTreeFromMemory(tree, root, text.length, root.descendantCount, ignore), false, 'off for the rest of the process');
      assert.ok(compare(root, snapshotTree(tree, text).rootNode, '') > 20, 'the snapshot is still right');
      resetTreeMemoryForTests();
      assert.equal(copyTreeFromMemory(tree, root, text.length, root.descendantCount, ignore), true);
    } finally {
      tree.delete();
    }
  });

  it('does not read a grammar whose header differs from what the runtime reported of it', () => {
    const text = 'x = 1\n';
    const tree = parserFor('python').parse(text)!;
    try {
      const language = tree.language;
      // The same grammar (same address, types and fields) reporting another ABI version.
      const changed = Object.create(language, { abiVersion: { value: language.abiVersion + 1 } }) as typeof language;
      const withChanged = new Proxy(tree, { get: (target, key) => (key === 'language' ? changed : Reflect.get(target, key)) });
      const root = tree.rootNode;
      const ignore = { enter: () => undefined, leave: () => undefined };
      assert.equal(copyTreeFromMemory(withChanged, root, text.length, root.descendantCount, ignore), false);
      assert.equal(copyTreeFromMemory(tree, root, text.length, root.descendantCount, ignore), true, 'the real grammar is still read');
    } finally {
      tree.delete();
    }
  });
});
