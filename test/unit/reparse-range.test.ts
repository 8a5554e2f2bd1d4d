import * as assert from 'node:assert/strict';
import { AnalyzedDocument, initEngine, type TextChange } from '../../server/src/engine/index';
import { parserFor } from '../../server/src/engine/parsing/grammars';
import { reparseRange } from '../../server/src/engine/parsing/reparse-range';
import { Edit } from '../../server/src/engine/parsing/parse';
import { SourceText } from '../../server/src/engine/source-text';
import type { Tree } from 'web-tree-sitter';

// One block of a Python module with what makes the indentation change from a line to the next: blocks that
// open and close at several depths, a decorator, a docstring, comment lines at several indentations, a call
// closed by a lone `)`, lone `pass` / `continue` / `raise` before a dedent, trailing comments. Blocks follow each other with no
// module-level statement between them (as functions and classes do), where a lost step would never be found.
function block(n: number): string {
  return `@app.post("/ask/${n}")
def handler_${n}(request: Any) -> dict:
    """Answers one question.

    Returns the answer.
    """
    body = request.json()  # the payload
    if body.get("debug"):
        # print what came in
        print(body)
    for item in body.get("items", []):
        with open(item, "r") as handle:
            data = handle.read()
        if not data:
            continue
    result = call(
        body,
        retries=3,
    )
    try:
        value = result["value"]
    except KeyError:
        pass
# a comment at the left margin inside nothing
    return {"value": value}


class Store${n}:
    def __init__(self) -> None:
        self.items = {}

    def close(self) -> None:
        for handle in self.items.values():
            handle.close()
        raise

    def get(self, key: str) -> Any:
        return self.items.get(key)
`;
}

const MODULE = 'import os\nfrom typing import Any\n\nLIMIT = 3\n\n\n' + Array.from({ length: 12 }, (_, n) => block(n)).join('\n\n');

type Keystroke = { name: string; setup?: (line: string) => string; at: (line: string) => number; text: string; deleted?: number };

// Ways of typing on a line, as an editor sends them: `setup` is typed first (not counted), then the keystroke.
const KEYSTROKES: Keystroke[] = [
  { name: 'a comment at the end', setup: () => '  # no', at: (line) => line.length, text: 't' },
  { name: 'a space at the end', at: (line) => line.length, text: ' ' },
  { name: 'code at the end', at: (line) => line.length, text: 'x' },
  { name: 'code in the middle', at: (line) => Math.ceil(line.length / 2), text: 'x' },
  { name: 'Enter at the end', at: (line) => line.length, text: '\n' },
  { name: 'a statement on a new line below', setup: (line) => `\n${' '.repeat(line.length - line.trimStart().length)}valu`, at: (line) => line.length, text: 'e' },
  { name: 'Backspace at the end', at: (line) => line.length - 1, text: '', deleted: 1 },
];

/** Tokens tree-sitter lexes while `parse` runs, counted from the parser's log. */
function tokensLexed(parse: () => void): number {
  const parser = parserFor('python');
  let lexed = 0;
  parser.setLogger((message: string, isLex: boolean) => {
    if (!isLex && message.startsWith('lexed_lookahead')) lexed++;
  });
  try {
    parse();
  } finally {
    parser.setLogger(null);
  }
  return lexed;
}

function change(line: number, character: number, text: string, deleted = 0): TextChange {
  return { range: { start: { line, character }, end: { line, character: character + deleted } }, text };
}

/** The one change that turns `from` into `to`, keeping what they start and end with. */
function difference(from: string, to: string): TextChange {
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let end = 0;
  while (end < from.length - start && end < to.length - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  const source = new SourceText(from);
  return { range: { start: source.positionAt(start), end: source.positionAt(from.length - end) }, text: to.slice(start, to.length - end) };
}

/** The tokens lexed when the change is described to tree-sitter as it is, without reparseRange. */
function tokensLexedForBareChange(old: Tree, before: string, after: string, keystroke: TextChange): number {
  const source = new SourceText(before);
  const start = source.offsetAt(keystroke.range!.start);
  const oldEnd = source.offsetAt(keystroke.range!.end);
  const newEnd = start + keystroke.text.length;
  const point = (text: string, offset: number) => {
    const position = new SourceText(text).positionAt(offset);
    return { row: position.line, column: position.character };
  };
  const edited = old.copy();
  edited.edit(new Edit({
    startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd,
    startPosition: point(before, start), oldEndPosition: point(before, oldEnd), newEndPosition: point(after, newEnd),
  }));
  let result: Tree | null = null;
  const tokens = tokensLexed(() => (result = parserFor('python').parse(after, edited)));
  edited.delete();
  (result as Tree | null)?.delete();
  return tokens;
}

describe('incremental re-parse (reparseRange)', function () {
  this.timeout(60_000);
  before(() => initEngine());

  it('gives tree-sitter a range that contains the change, and leaves grammars without the problem alone', () => {
    const text = 'def f():\n    x = 1\n\n\ny = 2\n';
    for (let start = 0; start <= text.length; start++) {
      for (let end = start; end <= Math.min(text.length, start + 3); end++) {
        const range = reparseRange('python', text, { start, oldEnd: end });
        assert.ok(range.start <= start && range.oldEnd >= end, `${start}-${end} -> ${range.start}-${range.oldEnd}`);
      }
    }
    assert.deepEqual(reparseRange('typescript', 'a\nb\n', { start: 1, oldEnd: 1 }), { start: 1, oldEnd: 1 });
  });

  // Python's NEWLINE/INDENT/DEDENT are zero-width tokens of a stateful scanner: an edit that marked them
  // changed made tree-sitter re-parse everything after it (see reparse-range.ts). Every keystroke on every
  // line of the first of 12 blocks must leave the tree a fresh parse gives, never lex much more than the bare
  // change did and, unless it changes what the lines below are, lex a small share of what a fresh parse lexes
  // (as typing in the middle of a line always did).
  it('re-parses after keystrokes on every line without re-lexing the rest of the file, and equals a fresh parse', () => {
    const document = new AnalyzedDocument('python', 'm.py', MODULE);
    const freshTokens = tokensLexed(() => void document.tree);
    const lines = MODULE.split('\n');
    const first = lines.indexOf('@app.post("/ask/0")');
    const worst = new Map<string, { tokens: number; line: number; bare: number }>();
    try {
      for (let line = first; line < first + block(0).split('\n').length; line++) {
        const text = lines[line];
        if (!text.trim()) continue;
        for (const key of KEYSTROKES) {
          const setup = key.setup?.(text);
          if (setup) document.applyChanges([change(line, text.length, setup)]);
          const before = document.text;
          const keystroke = change(line, key.at(new SourceText(before).lineText(line)), key.text, key.deleted);
          const old = document.tree!.copy();
          document.applyChanges([keystroke]);
          const tokens = tokensLexed(() => void document.tree);
          const bare = tokensLexedForBareChange(old, before, document.text, keystroke);
          old.delete();
          const fresh = parserFor('python').parse(document.text)!;
          const where = `${key.name} on line ${line + 1} (${JSON.stringify(text)})`;
          assert.equal(document.tree!.rootNode.toString(), fresh.rootNode.toString(), `${where}: tree differs from a fresh parse`);
          assert.equal(document.tree!.getChangedRanges(fresh).length, 0, `${where}: tree differs from a fresh parse`);
          // Text made invalid (`call(x`, a keyword broken), and code typed after or a deletion of a line's final
          // colon, bracket or quote, change what the lines below are (`class C:x` takes the indented lines after
          // it out of the class): those may take more re-parsing.
          const structural = fresh.rootNode.hasError || (/^(code|Backspace) at the end$/.test(key.name) && /[:()[\]{}'"]$/.test(text));
          fresh.delete();
          assert.ok(tokens <= bare + 40, `${where}: lexed ${tokens} tokens, the bare change ${bare}`);
          if (!structural) {
            const previous = worst.get(key.name);
            if (!previous || tokens > previous.tokens) worst.set(key.name, { tokens, line: line + 1, bare });
          }
          // Undone in one change, as an editor's undo would.
          document.applyChanges([difference(document.text, MODULE)]);
          assert.equal(document.text, MODULE, `${where}: undo`);
        }
      }
      const fresh = parserFor('python').parse(MODULE)!;
      assert.equal(document.tree!.rootNode.toString(), fresh.rootNode.toString());
      fresh.delete();
    } finally {
      document.dispose();
    }
    for (const [name, { tokens, line, bare }] of worst) {
      assert.ok(tokens < freshTokens / 10, `${name}: line ${line} lexed ${tokens} tokens (a fresh parse lexes ${freshTokens}, the bare change ${bare})`);
    }
  });
});
