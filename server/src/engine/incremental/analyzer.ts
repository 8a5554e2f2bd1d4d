import type { SyntaxNode as Node, SyntaxTree as Tree } from '../syntax/node';
import { analyzeDocument, hasActiveRules, runRules, sortAndDedupe, type AnalysisResult, type AnalyzeOptions, type RunHooks } from '../analyze';
import type { AisecConfig } from '../config/config';
import type { AnalyzedDocument, TextChange } from '../document';
import { allRules, rulesForFamily } from '../registry';
import type { Rule, Visitors } from '../rule';
import { isSuppressed, parseSuppressions } from '../suppression';
import type { Finding } from '../types';
import { mapFindingThroughChanges } from './map-through-changes';
import { DOCUMENT_WIDE_MODELS, RecordingCache } from './recording-cache';
import { shiftFinding, withinLines } from './shift';
import { changedNames, documentSummary, mentionPattern, statementKey, supportsStatementCache } from './statements';
import { snapshotTree } from '../syntax/snapshot';
import { walkSubtrees } from '../walk';

/** Findings of one top-level statement, with lines relative to the statement's first line. */
interface CachedStatement {
  findings: Finding[];
}

/** Root node types: a visitor on them sees the whole document. */
const ROOT_TYPES = new Set(['module', 'program']);

export interface IncrementalResult extends AnalysisResult {
  /**
   * False when document-scoped rules did not run and their findings are the last full run's, carried through
   * the edits since (a "quick" run); a full run should follow when the user pauses.
   */
  complete: boolean;
}

/** An analyzer's state as plain data (structured-cloneable), see `IncrementalAnalyzer.exportState`. */
export interface IncrementalState {
  cache: [string, CachedStatement][];
  summary: string[] | undefined;
  documentRules: string[] | undefined;
  carried: Finding[] | undefined;
}

/**
 * Analyses one editor document again and again as it changes.
 *
 * Statement-scoped rules (the default) re-run only on the top-level statements whose text changed since the
 * last run; the other statements' findings are reused, shifted to where the statement now starts. When the
 * document's summary (imports, module-level bindings, definition names) changes, the statements that mention
 * a name whose binding changed are re-run too.
 *
 * Document-scoped rules (`meta.scope: 'document'`, `$exit` or root visitors, reports from `create`, or use of a
 * whole-document model such as the taint engine's dataflow while being created) run on every `full` run. A `quick` run skips them and carries their
 * last findings through the edits made since, the way an editor moves its markers while you type; the editor
 * follows up with a full run when typing pauses. A full run equals a plain `analyzeDocument`.
 */
export class IncrementalAnalyzer {
  private cache = new Map<string, CachedStatement>();
  private summary: string[] | undefined;
  private config: AisecConfig | undefined;
  private rules: readonly Rule[] | undefined;
  /** Rules found to be document-scoped on the last full run (by id). */
  private documentRules: Set<string> | undefined;
  /** Their findings from the last full run, moved through every edit since; undefined when unknown. */
  private carried: Finding[] | undefined;

  /**
   * Whether a quick run with these options would be quick: it needs a full run with the same configuration,
   * and carried findings that survived the edits since (a whole-text replacement loses them). Otherwise a
   * "quick" run is a full run.
   */
  canRunQuick(options: AnalyzeOptions = {}): boolean {
    const sameOptions = options.config === this.config && options.rules === this.rules && this.summary !== undefined;
    return sameOptions && this.documentRules !== undefined && this.carried !== undefined;
  }

  /** Ids of the rules the last full run found to be document-scoped (undefined before the first full run). */
  get documentScopedRules(): ReadonlySet<string> | undefined {
    return this.documentRules;
  }

  /**
   * Everything the analyzer learnt from its last run, as plain data: a full run done elsewhere (a worker
   * thread, on its own copy of the document) hands it to the editor's analyzer with `restoreState`.
   */
  exportState(): IncrementalState {
    return {
      cache: [...this.cache],
      summary: this.summary,
      documentRules: this.documentRules && [...this.documentRules],
      carried: this.carried,
    };
  }

  /**
   * Takes over the state of an analyzer that ran on the same text with the same options, as if this one had
   * made that run itself. Edits made since that text must be passed to `noteChanges` afterwards.
   */
  restoreState(state: IncrementalState, options: AnalyzeOptions = {}): void {
    this.cache = new Map(state.cache);
    this.summary = state.summary;
    this.documentRules = state.documentRules && new Set(state.documentRules);
    this.carried = state.carried;
    this.config = options.config;
    this.rules = options.rules;
  }

  /** What the last run did, for tests and the latency bench. */
  lastRun = { statements: 0, rewalked: 0, quick: false };

  clear(): void {
    this.cache.clear();
    this.summary = undefined;
    this.carried = undefined;
  }

  /** Tells the analyzer about edits, so carried findings move with the text. Call for every change. */
  noteChanges(changes: readonly TextChange[]): void {
    if (!this.carried) return;
    const moved: Finding[] = [];
    for (const finding of this.carried) {
      const mapped = mapFindingThroughChanges(finding, changes);
      if (!mapped) {
        this.carried = undefined;
        return;
      }
      moved.push(mapped);
    }
    this.carried = moved;
  }

  analyze(document: AnalyzedDocument, options: AnalyzeOptions = {}, mode: 'full' | 'quick' = 'full'): IncrementalResult {
    const family = document.family;
    if (!family || !supportsStatementCache(family) || !hasActiveRules(family, options)) {
      this.clear();
      return { ...analyzeDocument(document, options), complete: true };
    }
    let tree: Tree;
    try {
      const parsed = document.tree;
      if (!parsed) return { ...analyzeDocument(document, options), complete: true };
      // A full run reads every statement with every rule: a snapshot (the tree copied into JavaScript) pays for itself.
      // A quick run walks only the changed statements, so it reads the live tree.
      tree = mode === 'full' ? snapshotTree(parsed, document.text) : parsed;
    } catch (error) {
      this.clear();
      return { findings: [], notes: [`${options.filePath ?? '<document>'}: not analysed: ${(error as Error).message}`], complete: true };
    }
    const statements = tree.rootNode.namedChildren.filter((node): node is Node => node !== null);
    const summary = documentSummary(family, statements);
    // Statements whose cached findings may be stale because a name they mention now means something else.
    let affected: RegExp | undefined;
    if (options.config !== this.config || options.rules !== this.rules || !this.summary) {
      this.cache.clear();
      this.carried = undefined;
      this.documentRules = undefined;
      this.config = options.config;
      this.rules = options.rules;
    } else {
      const names = changedNames(this.summary, summary);
      if (names === 'all') this.cache.clear();
      else affected = mentionPattern(names);
    }
    this.summary = summary;
    const quick = mode === 'quick' && this.carried !== undefined && this.documentRules !== undefined;

    const reused: Finding[] = [];
    const dirty: { node: Node; key: string; fresh: Finding[] }[] = [];
    const nextCache = new Map<string, CachedStatement>();
    for (const statement of statements) {
      const key = statementKey(statement);
      const cached = affected?.test(key) ? undefined : this.cache.get(key);
      if (cached) {
        const line = statement.startPosition.row;
        for (const finding of cached.findings) reused.push(shiftFinding(finding, line));
        nextCache.set(key, cached);
      } else {
        dirty.push({ node: statement, key, fresh: [] });
      }
    }

    let current: Finding[] | undefined;
    let walking = false;
    const documentScoped = new Set<string>();
    const withVisitors = new Set<string>();
    const documentFindings: Finding[] = [];
    const cache = new RecordingCache();
    const hooks: RunHooks = {
      cache,
      aroundCreate(rule, create) {
        const { value, touched } = cache.record(create);
        for (const key of touched) if (DOCUMENT_WIDE_MODELS.has(key)) documentScoped.add(rule.meta.id);
        return value;
      },
      onReport(finding, rule) {
        if (current) current.push(finding);
        else documentFindings.push(finding);
        // Reporting outside a statement walk (from `create`) means the rule looks at the whole document.
        if (!walking) documentScoped.add(rule.meta.id);
      },
      walk(whole, visitors, owners, onError) {
        walking = true;
        for (const rule of owners) withVisitors.add(rule.meta.id);
        const scoped = visitors.map((set, index) => isDocumentScoped(owners[index], set) || documentScoped.has(owners[index].meta.id));
        owners.forEach((rule, index) => scoped[index] && documentScoped.add(rule.meta.id));
        // Document-scoped visitors see the whole tree; the others only the statements that changed.
        walkSubtrees([whole.rootNode], visitors, (index) => scoped[index], onError, () => (current = undefined));
        walkSubtrees(
          dirty.map((entry) => entry.node),
          visitors,
          (index) => !scoped[index],
          onError,
          (position) => (current = dirty[position].fresh),
          true,
        );
        current = undefined;
      },
    };
    const candidates = rulesForFamily(family, options.rules ?? allRules());
    const rules = quick ? candidates.filter((rule) => !this.documentRules!.has(rule.meta.id)) : candidates;
    const result = runRules(
      { family, languageId: document.languageId, filePath: options.filePath ?? document.filePath, source: document.source, tree, dockerfile: undefined },
      { ...options, rules },
      false,
      hooks,
    );
    if (!quick) {
      // Rules that set up no visitors can only have worked in `create`: the whole document.
      for (const rule of candidates) if (!withVisitors.has(rule.meta.id) || rule.meta.scope === 'document') documentScoped.add(rule.meta.id);
      this.documentRules = documentScoped;
      this.carried = documentFindings;
    }

    for (const entry of dirty) {
      const start = entry.node.startPosition.row;
      const end = entry.node.endPosition.row;
      // A finding that points outside its statement (an import to add at the top) cannot be shifted safely.
      if (entry.fresh.every((finding) => withinLines(finding, start, end))) {
        nextCache.set(entry.key, { findings: entry.fresh.map((finding) => shiftFinding(finding, -start)) });
      }
    }
    this.cache = nextCache;
    this.lastRun = { statements: statements.length, rewalked: dirty.length, quick };

    const fresh = quick ? result.findings.concat(this.carried!) : result.findings;
    const all = fresh.concat(reused);
    const suppressions = parseSuppressions(document.source);
    const findings = sortAndDedupe(all.filter((finding) => !isSuppressed(finding, suppressions)));
    return { findings, notes: result.notes, complete: !quick || this.documentRules!.size === 0 };
  }
}

function isDocumentScoped(rule: Rule, visitors: Visitors): boolean {
  if (rule.meta.scope === 'document' || visitors.$exit) return true;
  for (const type of Object.keys(visitors)) if (ROOT_TYPES.has(type)) return true;
  return false;
}
