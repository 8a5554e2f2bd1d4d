import type { SnippetTextEdit, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { snippetToPlainText, SourceText, type TextEdit as EngineEdit } from '../engine';

/** What the client can apply, from its `workspace.workspaceEdit` capabilities. */
export interface EditCapabilities {
  documentChanges: boolean;
  snippets: boolean;
}

/**
 * A workspace edit for one document. With `documentChanges` the edit names the version it was computed
 * for, so the client refuses it if the text moved on; snippet placeholders are sent as snippets only to
 * clients that support SnippetTextEdit, and as plain text otherwise.
 */
export function workspaceEdit(
  uri: string,
  version: number,
  edits: readonly EngineEdit[],
  capabilities: EditCapabilities,
  isSnippet = false,
): WorkspaceEdit {
  if (capabilities.documentChanges) {
    const converted: (TextEdit | SnippetTextEdit)[] = edits.map((edit) =>
      isSnippet && capabilities.snippets
        ? { range: edit.range, snippet: { kind: 'snippet', value: edit.newText } }
        : { range: edit.range, newText: isSnippet ? snippetToPlainText(edit.newText) : edit.newText },
    );
    const change: TextDocumentEdit = { textDocument: { uri, version }, edits: converted };
    return { documentChanges: [change] };
  }
  return {
    changes: {
      [uri]: edits.map((edit) => ({ range: edit.range, newText: isSnippet ? snippetToPlainText(edit.newText) : edit.newText })),
    },
  };
}

/**
 * One edit that turns `before` into `after`, covering only the span that differs, so that applying a
 * "fix all" keeps the cursor and folding of untouched code where they were.
 */
export function minimalEdit(before: string, after: string): EngineEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a surrogate pair or a CRLF: positions must land on whole characters.
  while (start > 0 && isLowSurrogateOrLf(before, start)) start--;
  const source = new SourceText(before);
  return { range: source.rangeOf(start, endBefore), newText: after.slice(start, endAfter) };
}

function isLowSurrogateOrLf(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (code >= 0xdc00 && code <= 0xdfff) || (code === 10 && text.charCodeAt(index - 1) === 13);
}
