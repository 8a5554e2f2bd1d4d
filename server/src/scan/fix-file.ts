import { AnalyzedDocument, fixAll, type AisecConfig, type Rule } from '../engine';

export interface FixOutcome {
  text: string;
  applied: number;
  /** Why fixes were found but not kept. */
  refused?: string;
}

/**
 * Applies the fixes of a file's findings (safe ones, or all with `includeUnsafe`) and checks the result
 * still parses as well as the original did; fixes are never kept when they would break the file, even
 * though every rule's fixes are tested not to.
 */
export function fixText(
  text: string,
  languageId: string,
  options: { config: AisecConfig; filePath: string; includeUnsafe: boolean; rules?: readonly Rule[] },
): FixOutcome {
  const fixed = fixAll(text, languageId, options);
  if (fixed.applied === 0 || fixed.text === text) return { text, applied: 0 };
  if (syntaxProblems(fixed.text, languageId, options.filePath) > syntaxProblems(text, languageId, options.filePath)) {
    return { text, applied: 0, refused: `${fixed.applied} fix(es) not applied: the result would not parse` };
  }
  return { text: fixed.text, applied: fixed.applied };
}

/**
 * A rough count of syntax problems, enough to tell whether an edit made a file worse: tree-sitter's ERROR and
 * MISSING nodes, or whether JSON still parses. Line-based formats (Dockerfile, requirements) count none.
 */
function syntaxProblems(text: string, languageId: string, filePath: string): number {
  if (languageId === 'json' || languageId === 'jupyter') {
    try {
      JSON.parse(text);
      return 0;
    } catch {
      return 1;
    }
  }
  const document = new AnalyzedDocument(languageId, filePath, text);
  try {
    const tree = document.tree;
    if (!tree) return 0;
    let count = 0;
    const cursor = tree.walk();
    // Count ERROR and MISSING nodes in one pass over the tree.
    for (let more = true; more; ) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) count++;
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          more = false;
          break;
        }
      }
    }
    return count;
  } catch {
    return 0;
  } finally {
    document.dispose();
  }
}
