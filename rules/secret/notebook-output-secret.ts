import { defineRule, findProviderKey, maskSecret, type NotebookText } from '../../server/src/engine/api';

/**
 * A key printed once (`print(os.environ)`, a debug log, an exception) stays in the cell's saved output after the
 * code is fixed, and so does a key pasted into a markdown note.
 */
export default defineRule({
  meta: {
    id: 'secret/notebook-output-secret',
    category: 'secret',
    title: 'Secret in a notebook output or markdown cell',
    severity: 'error',
    languages: ['notebook'],
    docs: {
      summary: 'Finds provider keys in the saved outputs of notebook cells (stream text, results, errors) and in markdown cells.',
      why:
        'Outputs are saved in the .ipynb file with the code. A key printed by `print(os.environ)` or shown in a traceback ' +
        'is still there after the code is fixed, and is committed and shared with the notebook. Markdown notes with a pasted ' +
        'key leak the same way.',
      bad: 'print(os.environ)   # output: environ({... \'OPENAI_API_KEY\': \'sk-proj-…\' ...})\n',
      good: 'print(sorted(os.environ))   # names only; then clear the old output and rotate the key\n',
      fix: 'Clear the cell\'s output (Notebook: Clear Cell Outputs, or `jupyter nbconvert --clear-output`) and rotate the key.',
      references: { owaspLlm: ['LLM02'], cwe: [532, 312, 798] },
    },
  },
  create(context) {
    const notebook = context.notebook;
    if (!notebook) return;
    for (const cell of notebook.cells) {
      if (cell.kind === 'markdown') {
        for (const found of keysIn(cell)) {
          context.report({
            range: found.range,
            message: `${found.provider} ${maskSecret(found.key)} is written in markdown cell ${cell.index + 1}: remove it and rotate the key.`,
            properties: { cell: cell.index },
          });
        }
      }
      cell.outputs.forEach((output, outputIndex) => {
        for (const found of keysIn(output)) {
          context.report({
            range: found.range,
            message:
              `${found.provider} ${maskSecret(found.key)} is saved in the output of cell ${cell.index + 1}: ` +
              `clear the cell's output, stop printing it, and rotate the key.`,
            properties: { cell: cell.index, output: outputIndex },
          });
        }
      });
    }
  },
});

function* keysIn(text: NotebookText): Generator<{ provider: string; key: string; range: import('../../server/src/engine/api').Range }> {
  const source = text.source;
  for (let line = 0; line < source.lineCount; line++) {
    let rest = source.lineText(line);
    let offset = 0;
    for (let match = findProviderKey(rest); match; match = findProviderKey(rest)) {
      const key = rest.slice(match.start, match.end);
      yield {
        provider: match.provider,
        key,
        range: { start: { line, character: offset + match.start }, end: { line, character: offset + match.end } },
      };
      offset += match.end;
      rest = rest.slice(match.end);
    }
  }
}
