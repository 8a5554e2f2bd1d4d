import type { Rule, RuleMeta } from './rule';

/** Where each rule's documentation lives; diagnostics link here (`codeDescription.href`). */
export const DOCS_BASE_URL = 'https://github.com/aisec-dev/aisec/blob/main/docs/rules.md';

/** GitHub's heading anchor for a rule's section in docs/rules.md. */
export function ruleAnchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}#${ruleAnchor(id)}`;
}

function referenceList(rule: Rule): string[] {
  const { owaspLlm = [], owaspMl = [], cwe = [], links = [] } = rule.meta.docs.references;
  return [
    ...owaspLlm.map((id) => `OWASP Top 10 for LLM Applications 2025: ${id}`),
    ...owaspMl.map((id) => `OWASP Machine Learning Security Top 10: ${id}`),
    ...cwe.map((n) => `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`),
    ...links.map((link) => `[${link.title}](${link.url})`),
  ];
}

function fenceLanguage(rule: Rule): string {
  const first = rule.meta.languages[0];
  switch (first) {
    case 'javascript':
      return 'ts';
    case 'package-json':
      return 'json';
    case 'pyproject':
      return 'toml';
    case 'compose':
      return 'yaml';
    case 'requirements':
      return 'text';
    case 'notebook':
      return 'python';
    default:
      return first;
  }
}

/** A rule's documentation in markdown; `headingLevel` 2 for docs/rules.md, 0 for a hover (no heading). */
export function renderRuleMarkdown(rule: Rule, headingLevel = 2): string {
  const { meta } = rule;
  const lang = fenceLanguage(rule);
  const lines: string[] = [];
  if (headingLevel > 0) lines.push(`${'#'.repeat(headingLevel)} ${meta.id}`, '');
  lines.push(
    `**${meta.title}**: ${meta.severity}${meta.disabledByDefault ? ' (off by default)' : ''}; ` +
      `languages: ${meta.languages.join(', ')}; fix: ${meta.fixable ?? 'none'}`,
    '',
    ...contextSeverityLines(meta.severityIn),
    meta.docs.summary,
    '',
    '**Why is this bad?** ' + meta.docs.why,
    '',
    '**Example**',
    '',
    '```' + lang,
    meta.docs.bad.trimEnd(),
    '```',
    '',
    '**Use instead**',
    '',
    '```' + lang,
    meta.docs.good.trimEnd(),
    '```',
    '',
  );
  if (meta.docs.fix) lines.push(`**Fix:** ${meta.docs.fix}`, '');
  if (meta.docs.family?.length) {
    lines.push('**Family**', '', ...meta.docs.family.map((m) => `- ${m.member} (${m.cwe.map((n) => `CWE-${n}`).join(', ')}): ${m.why}`), '');
  }
  const references = referenceList(rule);
  if (references.length) lines.push('**References**', '', ...references.map((r) => `- ${r}`), '');
  return lines.join('\n');
}

/** docs/rules.md: a table of every rule, then each rule's documentation. */
export function renderRuleCatalogue(rules: readonly Rule[]): string {
  const sorted = [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const lines = [
    '# AISec rules',
    '',
    '<!-- Generated from rules/ by `npm run build`; do not edit by hand. -->',
    '',
    `${sorted.length} rules. Severity is the default; configure it per rule or per category (see the README).`,
    '',
    '| Rule | Title | Severity | Languages | Fix |',
    '| --- | --- | --- | --- | --- |',
    ...sorted.map(
      (r) =>
        `| [${r.meta.id}](#${ruleAnchor(r.meta.id)}) | ${r.meta.title} | ${r.meta.disabledByDefault ? 'off' : r.meta.severity} | ${r.meta.languages.join(', ')} | ${r.meta.fixable ?? ''} |`,
    ),
    '',
    ...sorted.map((r) => renderRuleMarkdown(r, 2)),
  ];
  return lines.join('\n');
}

const CONTEXT_NAMES = { test: 'tests', example: 'examples, cookbooks and docs', tooling: 'dev containers, CI and maintainer scripts', notebook: 'notebooks', library: "a published library's source" } as const;

/** "At most info in tests, notebooks" (docs/severity.md), when the rule lowers its findings by file kind. */
function contextSeverityLines(ceilings: RuleMeta['severityIn']): string[] {
  if (!ceilings) return [];
  const bySeverity = new Map<string, string[]>();
  for (const [kind, severity] of Object.entries(ceilings) as [keyof typeof CONTEXT_NAMES, string][]) {
    bySeverity.set(severity, [...(bySeverity.get(severity) ?? []), CONTEXT_NAMES[kind]]);
  }
  const parts = [...bySeverity].map(([severity, kinds]) => `${severity} in ${kinds.join(', ')}`);
  return [`Severity by file (docs/severity.md): at most ${parts.join('; at most ')}.`, ''];
}
