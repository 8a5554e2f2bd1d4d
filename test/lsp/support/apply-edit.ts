import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, initEngine } from '../../../server/src/engine';
import { parseText } from '../../../server/src/engine/parsing/parse';
import { grammarFor, familyOf } from '../../../server/src/engine/languages';

/** Applies a workspace edit for one document to its text, as an editor would (checking the version it names). */
export function applyWorkspaceEdit(edit: WorkspaceEdit | undefined, uri: string, text: string, version: number): string {
  if (!edit) throw new Error('the code action has no edit');
  let edits: TextEdit[] = [];
  if (edit.documentChanges) {
    for (const change of edit.documentChanges) {
      if (!('textDocument' in change)) throw new Error('unexpected resource operation');
      if (change.textDocument.uri !== uri) throw new Error(`edit for another document: ${change.textDocument.uri}`);
      if (change.textDocument.version !== null && change.textDocument.version !== version) {
        throw new Error(`edit for version ${change.textDocument.version}, document is at ${version}`);
      }
      edits = edits.concat(change.edits.map((e) => ('snippet' in e ? { range: e.range, newText: e.snippet.value } : e)));
    }
  } else {
    edits = edit.changes?.[uri] ?? [];
  }
  return applyEdits(text, edits, false);
}

/** Whether a text parses without syntax errors in its language (tree-sitter languages only). */
export async function hasSyntaxErrors(text: string, languageId: string, filePath: string): Promise<boolean> {
  await initEngine();
  const family = familyOf(languageId, filePath);
  const grammar = family && grammarFor(languageId, family);
  if (!grammar) return false;
  const tree = parseText(grammar, text);
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}
