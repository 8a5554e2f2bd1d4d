import * as path from 'node:path';
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import type { SyntaxNode as Node, SyntaxTree as Tree } from './syntax/node';
import { defaultConfig, type AisecConfig } from './config/config';
import { AnalyzedDocument } from './document';
import { defaultFileSystem, type FileSystem } from './file-system';
import type { LanguageFamily } from './languages';
import { fileContext, severityInContext } from './file-context';
import { allRules, rulesForFamily } from './registry';
import type { ReportDescriptor, Rule, RuleContext, Visitors } from './rule';
import { isSuppressed, parseSuppressions } from './suppression';
import type { SourceText } from './source-text';
import type { Finding, Range, Severity, SeveritySetting } from './types';
import { treeForRules } from './syntax/tree-for-rules';
import { walkTree } from './walk';
import { hasRequiredWords, registerRequiredWords } from './required-words';
import { extendsTaintFlows } from './taint/user-spec';

export interface AnalyzeOptions {
  config?: AisecConfig;
  filePath?: string;
  /** Rules to run instead of the registry's (for tests). */
  rules?: readonly Rule[];
  /** Read-only access to files around the document; default: the disk when `filePath` is absolute, else nothing. */
  fileSystem?: FileSystem;
  /** Trees with more nodes are read live rather than snapshotted (tests lower it; see tree-for-rules.ts). */
  snapshotNodeLimit?: number;
  /**
   * Called once the rules have run on a document, with its tree, models and the rules' visitors (`alive`, to
   * be ignored) still reachable. When the scan worker must force a full collection (its memory backstop), it
   * does so here rather than after the file: a forced collection makes V8 discard the optimized code that
   * refers to objects it frees (the rules' per-document closures and objects), and collecting while this
   * document's are alive keeps most of that code (measured with forced collections as the only bound: 12-20 %
   * less CPU over a whole scan).
   */
  afterRules?: (alive: unknown) => void;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Things the user should know: a rule that failed, a file that could not be parsed in time. Never fatal. */
  notes: string[];
}

/** Severity a rule runs at under a configuration: the rule's id wins over its category, "off" disables. */
export function effectiveSeverity(rule: Rule, config: AisecConfig): SeveritySetting {
  return (
    config.rules[rule.meta.id] ??
    config.rules[rule.meta.category] ??
    (rule.meta.disabledByDefault ? 'off' : rule.meta.severity)
  );
}

/** Analyses a text in one call. Grammars must be loaded first (`await initEngine()`). */
export function analyze(text: string, languageId: string, options: AnalyzeOptions = {}): AnalysisResult {
  const document = new AnalyzedDocument(languageId, options.filePath, text);
  try {
    return analyzeDocument(document, options);
  } finally {
    document.dispose();
  }
}

type FamilyAnalyzer = (document: AnalyzedDocument, options: AnalyzeOptions) => AnalysisResult;
const familyAnalyzers = new Map<LanguageFamily, FamilyAnalyzer>();

/**
 * Lets a family whose files are containers of other code (notebooks) analyse itself, typically by
 * mapping its parts onto `analyzeDocument` calls and positions back.
 */
export function registerFamilyAnalyzer(family: LanguageFamily, analyzer: FamilyAnalyzer): void {
  familyAnalyzers.set(family, analyzer);
}

/** Analyses a kept document; its syntax tree is re-parsed incrementally when the text changed. */
export function analyzeDocument(document: AnalyzedDocument, options: AnalyzeOptions = {}): AnalysisResult {
  const family = document.family;
  if (!family) return { findings: [], notes: [] };
  const special = familyAnalyzers.get(family);
  if (special) return special(document, options);
  // No rule that could report on this text (`meta.requires`): nothing to parse, copy or walk.
  if (!hasCandidateRules(family, document.text, options)) return { findings: [], notes: [] };
  let tree: Tree | undefined;
  try {
    // Rules read a copy of the tree (syntax/snapshot.ts): one cursor walk instead of a WebAssembly call (and a new
    // wrapper object) for every node access a rule makes, which halves the time of a full analysis.
    const live = document.tree;
    tree = live ? treeForRules(live, document.text, options.snapshotNodeLimit) : undefined;
  } catch (error) {
    return { findings: [], notes: [`${label(options)}: not analysed: ${(error as Error).message}`] };
  }
  return runRules(
    {
      family,
      languageId: document.languageId,
      filePath: options.filePath ?? document.filePath,
      source: document.source,
      tree,
      dockerfile: family === 'dockerfile' ? DockerfileParser.parse(document.text) : undefined,
    },
    options,
  );
}

interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

/**
 * The enabled rules of a family and their severities, kept per configuration (its `rules` settings, which a
 * resolved configuration never changes afterwards), rule list and family: a scan asks twice for every file,
 * and working them out each time was about 1 % of its CPU.
 */
const activeByConfig = new WeakMap<object, WeakMap<readonly Rule[], Map<LanguageFamily, readonly ActiveRule[]>>>();

function activeRules(family: LanguageFamily, options: AnalyzeOptions): readonly ActiveRule[] {
  const config = options.config ?? defaultConfig();
  const rules = options.rules ?? allRules();
  let byRules = activeByConfig.get(config.rules);
  if (!byRules) activeByConfig.set(config.rules, (byRules = new WeakMap()));
  let byFamily = byRules.get(rules);
  if (!byFamily) byRules.set(rules, (byFamily = new Map()));
  let active = byFamily.get(family);
  if (!active) {
    active = rulesForFamily(family, rules)
      .map((rule) => ({ rule, severity: effectiveSeverity(rule, config) }))
      .filter((entry): entry is ActiveRule => entry.severity !== 'off');
    byFamily.set(family, active);
  }
  return active;
}

export function hasActiveRules(family: LanguageFamily, options: AnalyzeOptions): boolean {
  return activeRules(family, options).length > 0;
}

/** Whether any enabled rule of the family could report on this text: one without required words, or whose words occur. */
export function hasCandidateRules(family: LanguageFamily, text: string, options: AnalyzeOptions): boolean {
  registerRequiredWords(options.rules ?? allRules());
  const taintExtended = extendsTaintFlows((options.config ?? defaultConfig()).settings.taint);
  return activeRules(family, options).some(({ rule }) => !lacksWords(rule, text, taintExtended));
}

/** What the rules of one family look at; `extras` carries family-specific models (a notebook's cells). */
export interface RuleInput {
  family: LanguageFamily;
  languageId: string;
  filePath: string | undefined;
  source: SourceText;
  tree: Tree | undefined;
  dockerfile: Dockerfile | undefined;
  notebook?: RuleContext['notebook'];
}

/**
 * Runs every enabled rule of the input's family: builds one context per rule, walks the tree once for all
 * visitors, and drops suppressed findings. A rule that throws is skipped and noted.
 */
/**
 * Lets incremental analysis (incremental/analyzer.ts) replace the walk and learn which rule reported each
 * finding while the walk is in progress.
 */
export interface RunHooks {
  walk?(tree: Tree, visitors: readonly Visitors[], owners: readonly Rule[], onError: (index: number, error: unknown) => void): void;
  onReport?(finding: Finding, rule: Rule): void;
  /** Wraps each rule's `create`, to see what it does up front. */
  aroundCreate?(rule: Rule, create: () => Visitors | void): Visitors | void;
  /** The per-document cache the rules share (to observe which shared models a rule uses). */
  cache?: Map<string, unknown>;
}

export function runRules(input: RuleInput, options: AnalyzeOptions, applySuppressions = true, hooks?: RunHooks): AnalysisResult {
  const config = options.config ?? defaultConfig();
  const notes: string[] = [];
  const active = activeRules(input.family, options);
  if (active.length === 0) return { findings: [], notes };
  registerRequiredWords(options.rules ?? allRules());
  const cache = hooks?.cache ?? new Map<string, unknown>();
  const findings: Finding[] = [];
  const visitors: Visitors[] = [];
  const owners: Rule[] = [];
  const configuredSeverity = (rule: Rule) => config.rules[rule.meta.id] ?? config.rules[rule.meta.category];
  const files = options.fileSystem ?? defaultFileSystem(input.filePath);
  // Judged once per file for all rules; the project kind is read lazily, by the first rule that asks.
  const file = fileContext(input.filePath, config.projectRoot, files);
  const taintExtended = extendsTaintFlows(config.settings.taint);

  for (const { rule, severity } of active) {
    // The incremental analyzer keeps per-statement results across versions of a document, and a rule skipped in
    // one version would leave it nothing to invalidate in the next: only full runs (no hooks) skip rules.
    if (!hooks && lacksRequiredWords(rule, input, taintExtended)) continue;
    const context: RuleContext = {
      family: input.family,
      languageId: input.languageId,
      filePath: input.filePath,
      source: input.source,
      file,
      options: config.ruleOptions[rule.meta.id] ?? {},
      settings: config.settings,
      tree: input.tree,
      dockerfile: input.dockerfile,
      notebook: input.notebook,
      cache,
      files,
      rangeOf: nodeRange,
      report(descriptor: ReportDescriptor) {
        // A configured severity is the user's decision and wins over a rule's per-finding adjustment.
        // The rule's ceilings for this kind of file (tests, examples...) apply to its own choice only.
        const chosen = configuredSeverity(rule)
          ? severity
          : severityInContext(descriptor.severity ?? severity, rule.meta.severityIn, file);
        const finding = toFinding(rule, chosen, descriptor);
        findings.push(finding);
        hooks?.onReport?.(finding, rule);
      },
    };
    try {
      const result = hooks?.aroundCreate ? hooks.aroundCreate(rule, () => rule.create(context)) : rule.create(context);
      if (result) {
        visitors.push(result);
        owners.push(rule);
      }
    } catch (error) {
      notes.push(ruleFailure(rule, error, options));
    }
  }
  if (input.tree && visitors.length > 0) {
    const onError = (index: number, error: unknown) => notes.push(ruleFailure(owners[index], error, options));
    if (hooks?.walk) hooks.walk(input.tree, visitors, owners, onError);
    else walkTree(input.tree, visitors, onError);
  }
  // Passed so that they are reachable during the call (see AnalyzeOptions.afterRules).
  options.afterRules?.([input, cache, visitors]);
  if (!applySuppressions) return { findings: sortAndDedupe(findings), notes };
  const suppressions = parseSuppressions(input.source);
  return { findings: sortAndDedupe(findings.filter((f) => !isSuppressed(f, suppressions))), notes };
}

/** True when the rule declares words it needs (`meta.requires`, `meta.requiresAll`) and the document's text lacks them. */
function lacksRequiredWords(rule: Rule, input: RuleInput, taintExtended: boolean): boolean {
  // A notebook's own rules get an empty source; its code is analysed separately as one Python module.
  if (input.family === 'notebook') return false;
  return lacksWords(rule, input.source.text, taintExtended);
}

/** `taintExtended`: the configuration adds taint sources or sinks, so words from the built-in taint spec prove nothing. */
function lacksWords(rule: Rule, text: string, taintExtended: boolean): boolean {
  if (taintExtended && rule.meta.wordsFollowTaintSpec) return false;
  return !hasRequiredWords(rule.meta, text);
}

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

function toFinding(rule: Rule, severity: Severity, descriptor: ReportDescriptor): Finding {
  const range = descriptor.range ?? (descriptor.node ? nodeRange(descriptor.node) : undefined);
  if (!range) throw new Error(`rule ${rule.meta.id} reported a finding without a node or range`);
  const finding: Finding = {
    ruleId: rule.meta.id,
    category: rule.meta.category,
    severity,
    message: descriptor.message,
    range,
    fixes: descriptor.fixes ?? [],
    related: descriptor.related ?? [],
  };
  if (descriptor.properties) finding.properties = descriptor.properties;
  return finding;
}

function ruleFailure(rule: Rule, error: unknown, options: AnalyzeOptions): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${label(options)}: rule ${rule.meta.id} failed and was skipped: ${message}`;
}

function label(options: AnalyzeOptions): string {
  return options.filePath ?? '<document>';
}

function comparePositions(a: Finding, b: Finding): number {
  return (
    // Notebook findings given in cell ranges are ordered by cell first.
    (a.cell?.index ?? 0) - (b.cell?.index ?? 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

export function sortAndDedupe(findings: Finding[]): Finding[] {
  findings.sort(comparePositions);
  return findings.filter((finding, index) => {
    const previous = findings[index - 1];
    return !(
      previous &&
      previous.ruleId === finding.ruleId &&
      previous.cell?.index === finding.cell?.index &&
      previous.message === finding.message &&
      previous.range.start.line === finding.range.start.line &&
      previous.range.start.character === finding.range.start.character &&
      previous.range.end.line === finding.range.end.line &&
      previous.range.end.character === finding.range.end.character
    );
  });
}
