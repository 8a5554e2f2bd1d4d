import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { ruleById, ruleDocsUrl, type Finding } from '../engine';

function contains(finding: Finding, position: Position): boolean {
  const { start, end } = finding.range;
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

/**
 * A hover for the findings under the cursor: the rule's title, the finding's message (already masked by the
 * rule, never a full secret), why it matters, the fix, and a link to the full documentation.
 */
export function hoverFor(findings: readonly Finding[], position: Position): Hover | undefined {
  const here = findings.filter((finding) => contains(finding, position));
  if (here.length === 0) return undefined;
  const sections = here.map((finding) => {
    const rule = ruleById(finding.ruleId);
    const lines = [`**AISec: ${rule?.meta.title ?? finding.ruleId}** \`${finding.ruleId}\` (${finding.severity})`, '', escape(finding.message)];
    if (rule) {
      lines.push('', `**Why it matters.** ${rule.meta.docs.why}`);
      if (rule.meta.docs.fix) lines.push('', `**Fix.** ${rule.meta.docs.fix}`);
      else lines.push('', '**Use instead**', '', '```', rule.meta.docs.good.trimEnd(), '```');
    }
    lines.push('', `[Documentation for ${finding.ruleId}](${ruleDocsUrl(finding.ruleId)})`);
    return lines.join('\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: here[0].range };
}

/** Messages quote code; markdown must not turn `*` or `_` in them into emphasis or `<` into HTML. */
function escape(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
