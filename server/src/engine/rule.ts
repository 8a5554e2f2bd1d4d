import type { SyntaxNode as Node, SyntaxTree as Tree } from './syntax/node';
import type { Dockerfile } from 'dockerfile-ast';
import type { FileContext, SeverityByContext } from './file-context';
import type { FileSystem } from './file-system';
import type { LanguageFamily } from './languages';
import type { NotebookView } from './notebook/model';
import type { SourceText } from './source-text';
import type { Category, Fix, Range, RelatedLocation, Severity } from './types';
import type { SpelledWord } from './word-matcher';

/** References a rule's documentation cites: OWASP Top 10 for LLM Applications 2025 (`LLM01`..`LLM10`), OWASP ML Top 10 (`ML01`..`ML10`), CWE numbers. */
export interface RuleReferences {
  owaspLlm?: string[];
  owaspMl?: string[];
  cwe?: number[];
  links?: { title: string; url: string }[];
}

/** A rule's documentation, in fixed sections; docs/rules.md, hovers and SARIF help are generated from it. */
export interface RuleDocs {
  /** One sentence: what the rule finds. */
  summary: string;
  /** Why it matters: the attack or failure it prevents. */
  why: string;
  /** Code that the rule reports. */
  bad: string;
  /** The same code, written safely. */
  good: string;
  /** What the fix does, when the rule has one. */
  fix?: string;
  /**
   * The family of APIs the rule knows, one entry per member (`pickle.loads`, urllib3 `cert_reqs`), each with its
   * CWE and why it is dangerous; rendered as a list in docs/rules.md and the hover.
   */
  family?: readonly FamilyMember[];
  references: RuleReferences;
}

/** One member of a rule's family of APIs. */
export interface FamilyMember {
  /** How users write it: `dill.loads`, `cert_reqs=ssl.CERT_NONE`. */
  member: string;
  cwe: readonly number[];
  /** Why this member is dangerous, in one sentence. */
  why: string;
}

export interface RuleMeta {
  /** `category/slug`; the slug matches the rule file's name. */
  id: string;
  category: Category;
  title: string;
  severity: Severity;
  /** Off unless a configuration turns it on (for noisy, informational rules). */
  disabledByDefault?: boolean;
  languages: readonly LanguageFamily[];
  /** Whether some findings carry fixes, and whether any of those are safe. */
  fixable?: 'safe' | 'unsafe';
  docs: RuleDocs;
  /**
   * The highest severity the rule's findings keep in files of a kind (docs/severity.md): `{ example: 'info' }`
   * makes every finding in an example, cookbook or docs file at most info. Kinds: `test`, `example`, `tooling`, `notebook`,
   * `library` (source of a published package). The engine applies it to every report, so a rule states its
   * policy once; a severity the user configured wins over it, like over any per-finding severity. Leave out
   * what must stay loud everywhere (a hard-coded live key is an error in a test too).
   */
  severityIn?: SeverityByContext;
  /**
   * What a finding depends on, for incremental analysis in the editor. "statement" (the default): only the
   * top-level statement its visitors are walking, plus the document's imports and module-level bindings, so
   * the editor re-runs it only on statements that changed. "document": anything in the document (a flow
   * across functions, "is X configured anywhere?"); it runs on the whole tree at every change, so keep it
   * cheap. Rules with a `$exit` visitor are treated as "document" automatically.
   */
  scope?: 'statement' | 'document';
  /**
   * Words the document's text must contain (any one of them, case-sensitive) for the rule to be able to
   * report anything: the module a checked call comes from, the keyword it looks at. A full analysis skips the
   * rule on documents that contain none of them, before any of its work. List only words without which the
   * rule provably cannot report; the rule's own tests then show that each positive case contains one.
   */
  requires?: readonly RequiredWord[];
  /**
   * Like `requires`, for rules that need two things at once: each list must have a word in the text. A rule
   * about model output reaching a shell needs a model call and a shell call; a file with only one of them is
   * skipped. Words are data from the tables the rule reads (the SDK table, the taint specification), so a
   * new SDK entry widens them with it. Both fields may be given; all must hold. May be given as a function,
   * called when a text is first checked: words derived from the taint specification (`taintWords`) take a
   * noticeable part of start-up to build, which a scan answered from its cache, `aisec rules` and a language
   * server with no document open never need.
   */
  requiresAll?: readonly (readonly RequiredWord[])[] | (() => readonly (readonly RequiredWord[])[]);
  /**
   * The words come from the built-in taint specification (`taintWords`). A configuration that adds taint sources
   * or sinks (`settings.taint`) can make any text hold a flow, so the engine then ignores them.
   */
  wordsFollowTaintSpec?: boolean;
}

/**
 * A word of `requires`/`requiresAll`: a plain, case-sensitive substring; a spelled word (`{ text, anyCase,
 * endsName }`), found in the same one pass over the text as plain words (word-matcher.ts); or a regular
 * expression for what neither can say. Expressions run one by one on every document's text before it is parsed:
 * keep them to a literal with the `i` flag (`/access-control-allow-origin/i` for an HTTP header), or prefer a
 * spelled word. (The secret rules' patterns, which must also see through joined Python literals, are built and
 * kept linear in `secrets/word-patterns.ts`.)
 */
export type RequiredWord = string | SpelledWord | RegExp;

/** What a rule reports. The range is given directly or as a syntax node. */
export interface ReportDescriptor {
  node?: Node;
  range?: Range;
  message: string;
  /** Overrides the rule's severity for this finding (for example lower in test files). */
  severity?: Severity;
  fixes?: Fix[];
  related?: RelatedLocation[];
  properties?: Record<string, string | number | boolean>;
}

/** Visitors keyed by tree-sitter node type; the engine walks each tree once and calls every rule's visitors. */
export type Visitors = Partial<Record<string, (node: Node) => void>> & {
  /** Called after the walk, for rules that collect first and report at the end. */
  '$exit'?: () => void;
};

export interface RuleContext {
  readonly family: LanguageFamily;
  readonly languageId: string;
  /** Absolute or workspace-relative path, when the text comes from a file. */
  readonly filePath: string | undefined;
  readonly source: SourceText;
  /**
   * What the file is for (test, example, notebook, library or application source), judged once per file by the
   * engine. Rules use it to choose a severity (docs/severity.md), never to hide a real problem.
   */
  readonly file: FileContext;
  /** The rule's options from configuration (an empty object when none). */
  readonly options: Readonly<Record<string, unknown>>;
  /** The whole configuration's extension points for data-driven rules (taint specs and the like). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Syntax tree for python, javascript and compose documents. */
  readonly tree: Tree | undefined;
  /** Parsed Dockerfile for dockerfile documents. */
  readonly dockerfile: Dockerfile | undefined;
  /** The notebook's cells (code, markdown, outputs) for `notebook` rules; code cells are also analysed as Python. */
  readonly notebook?: NotebookView;
  /** Per-document values shared by all rules (semantic models and the like); see `shared`. */
  readonly cache: Map<string, unknown>;
  /** Read-only access to files beside the document (lock files, virtual environments); empty for unsaved text. */
  readonly files: FileSystem;
  report(descriptor: ReportDescriptor): void;
  rangeOf(node: Node): Range;
}

export interface Rule {
  meta: RuleMeta;
  /** Sets the rule up for one document; returns visitors for tree languages, or does its work directly. */
  create(context: RuleContext): Visitors | void;
}

/** Identity helper that gives rule files type checking without a cast. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

/**
 * Memoises a per-document value (a semantic model, a parsed manifest) so that rules sharing it compute
 * it once per analysis.
 */
export function shared<T>(context: RuleContext, key: string, compute: () => T): T {
  if (context.cache.has(key)) return context.cache.get(key) as T;
  const value = compute();
  context.cache.set(key, value);
  return value;
}
