/** The engine's public surface for the CLI and the language server. It knows nothing of LSP or VS Code. */
import { analyzeDocument, type AnalyzeOptions } from './analyze';
import { AnalyzedDocument } from './document';
import { applyFixes } from './fixes/apply';
import { loadGrammars } from './parsing/grammars';
import './notebook/register';

export * from './types';
export * from './languages';
export { analyze, analyzeDocument, effectiveSeverity, registerFamilyAnalyzer, type AnalyzeOptions, type AnalysisResult } from './analyze';
export { AnalyzedDocument, type TextChange } from './document';
export { IncrementalAnalyzer, type IncrementalResult } from './incremental/analyzer';
export { SourceText } from './source-text';
export { allRules, ruleById, ruleIds, rulesForFamily } from './registry';
export type { Rule, RuleMeta, RuleDocs, RuleReferences } from './rule';
export { applyEdits, applyFixes, pickFix, snippetToPlainText } from './fixes/apply';
export { maskSecret } from './mask';
export { parserHeapBytes } from './parsing/grammars';
export { parseSuppressions, isSuppressed } from './suppression';
export * from './config/config';
export * from './config/load';

/** Loads the parsers; call once per process or worker before analysing. */
export function initEngine(): Promise<void> {
  return loadGrammars();
}

/**
 * Applies safe fixes (and unsafe ones when asked) until none is left or ten passes have run; each pass
 * re-analyses the new text, as ESLint does, so overlapping fixes land one after another.
 */
export function fixAll(
  text: string,
  languageId: string,
  options: AnalyzeOptions & { includeUnsafe?: boolean } = {},
): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < 10; pass++) {
    const document = new AnalyzedDocument(languageId, options.filePath, current);
    try {
      const { findings } = analyzeDocument(document, options);
      const result = applyFixes(current, findings, options.includeUnsafe ?? false);
      if (result.applied === 0) break;
      applied += result.applied;
      current = result.text;
    } finally {
      document.dispose();
    }
  }
  return { text: current, applied };
}
export { analyzeNotebook, analyzeNotebookCells } from './notebook/analyze-notebook';
export { parseIpynb, NotebookFormatError } from './notebook/ipynb';
export type { CellKind, NotebookModel } from './notebook/model';
export { renderRuleMarkdown, renderRuleCatalogue, ruleDocsUrl, ruleAnchor } from './docs';
export { NodeFileSystem, EMPTY_FILE_SYSTEM, type FileSystem } from './file-system';
