import type { Node, Tree } from 'web-tree-sitter';
import { analyzeDocument, hasActiveRules, runRules, sortAndDedupe, type AnalysisResult, type AnalyzeOptions, type RunHooks } from '../analyze';
import type { AisecConfig } from '../config/config';
import type { AnalyzedDocument } from '../document';
import type { Rule, Visitors } from '../rule';
import { isSuppressed, parseSuppressions } from '../suppression';
import type { Finding } from '../types';
import { shiftFinding, withinLines } from './shift';
import { documentSummary, statementKey, supportsStatementCache } from './statements';
import { walkSubtrees } from './walk-subtrees';

/** Findings of one top-level statement, with lines relative to the statement's first line. */
interface CachedStatement {
  findings: Finding[];
}

/** Root node types: a visitor on them sees the whole document. */
const ROOT_TYPES = new Set(['module', 'program']);

/**
 * Analyses one editor document again and again as it changes, re-running statement-scoped rules only on
 * the top-level statements whose text changed since the last run and reusing (shifted) findings for the
 * rest. Document-scoped rules (`meta.scope: 'document'`, `$exit` visitors, root visitors) and whatever rules
 * report outside their visitors run every time. The result equals a full `analyzeDocument`.
 */
export class IncrementalAnalyzer {
  private cache = new Map<string, CachedStatement>();
  private summary: string | undefined;
  private config: AisecConfig | undefined;
  private rules: readonly Rule[] | undefined;

  /** Statements re-walked by the last run, for tests and the latency bench. */
  lastRun = { statements: 0, rewalked: 0 };

  clear(): void {
    this.cache.clear();
    this.summary = undefined;
  }

  analyze(document: AnalyzedDocument, options: AnalyzeOptions = {}): AnalysisResult {
    const family = document.family;
    if (!family || !supportsStatementCache(family) || !hasActiveRules(family, options)) {
      this.clear();
      return analyzeDocument(document, options);
    }
    let tree: Tree;
    try {
      const parsed = document.tree;
      if (!parsed) return analyzeDocument(document, options);
      tree = parsed;
    } catch (error) {
      this.clear();
      return { findings: [], notes: [`${options.filePath ?? '<document>'}: not analysed: ${(error as Error).message}`] };
    }
    const statements = tree.rootNode.namedChildren.filter((node): node is Node => node !== null);
    const summary = documentSummary(family, statements);
    if (summary !== this.summary || options.config !== this.config || options.rules !== this.rules) {
      this.cache.clear();
      this.summary = summary;
      this.config = options.config;
      this.rules = options.rules;
    }

    const reused: Finding[] = [];
    const dirty: { node: Node; key: string; fresh: Finding[] }[] = [];
    const nextCache = new Map<string, CachedStatement>();
    for (const statement of statements) {
      const key = statementKey(statement);
      const cached = this.cache.get(key);
      if (cached) {
        const line = statement.startPosition.row;
        for (const finding of cached.findings) reused.push(shiftFinding(finding, line));
        nextCache.set(key, cached);
      } else {
        dirty.push({ node: statement, key, fresh: [] });
      }
    }

    let current: Finding[] | undefined;
    const hooks: RunHooks = {
      onReport(finding) {
        current?.push(finding);
      },
      walk(whole, visitors, owners, onError) {
        const documentScoped = visitors.map((set, index) => isDocumentScoped(owners[index], set));
        // Document-scoped visitors see the whole tree; the others only the statements that changed.
        walkSubtrees([whole.rootNode], visitors, (index) => documentScoped[index], onError, () => (current = undefined));
        walkSubtrees(
          dirty.map((entry) => entry.node),
          visitors,
          (index) => !documentScoped[index],
          onError,
          (position) => (current = dirty[position].fresh),
          true,
        );
        current = undefined;
      },
    };
    const result = runRules(
      { family, languageId: document.languageId, filePath: options.filePath ?? document.filePath, source: document.source, tree, dockerfile: undefined },
      options,
      false,
      hooks,
    );

    for (const entry of dirty) {
      const start = entry.node.startPosition.row;
      const end = entry.node.endPosition.row;
      // A finding that points outside its statement (an import to add at the top) cannot be shifted safely.
      if (entry.fresh.every((finding) => withinLines(finding, start, end))) {
        nextCache.set(entry.key, { findings: entry.fresh.map((finding) => shiftFinding(finding, -start)) });
      }
    }
    this.cache = nextCache;
    this.lastRun = { statements: statements.length, rewalked: dirty.length };

    const all = result.findings.concat(reused);
    const suppressions = parseSuppressions(document.source);
    return { findings: sortAndDedupe(all.filter((finding) => !isSuppressed(finding, suppressions))), notes: result.notes };
  }
}

function isDocumentScoped(rule: Rule, visitors: Visitors): boolean {
  if (rule.meta.scope === 'document' || visitors.$exit) return true;
  for (const type of Object.keys(visitors)) if (ROOT_TYPES.has(type)) return true;
  return false;
}
