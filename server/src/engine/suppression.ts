import type { SourceText } from './source-text';
import type { Finding } from './types';

/**
 * Suppression comments: `# aisec-ignore` or `// aisec-ignore`, optionally followed by `: id-or-category, ...`,
 * silence findings on their own line and on the line below.
 */
const DIRECTIVE = /(?:#|\/\/|\/\*)\s*aisec-ignore\b(?:\s*:\s*([A-Za-z0-9_\-/ ,]+))?/;

export const SUPPRESSION_MARKER = 'aisec-ignore';

/** What a directive silences: everything (`all`) or the listed rule ids and categories. */
interface Directive {
  all: boolean;
  targets: Set<string>;
}

export function parseSuppressions(source: SourceText): Map<number, Directive> {
  const directives = new Map<number, Directive>();
  if (!source.text.includes(SUPPRESSION_MARKER)) return directives;
  for (let line = 0; line < source.lineCount; line++) {
    const text = source.lineText(line);
    if (!text.includes(SUPPRESSION_MARKER)) continue;
    const match = DIRECTIVE.exec(text);
    if (!match) continue;
    const targets = (match[1] ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    directives.set(line, { all: targets.length === 0, targets: new Set(targets) });
  }
  return directives;
}

function silences(directive: Directive | undefined, finding: Finding): boolean {
  if (!directive) return false;
  return directive.all || directive.targets.has(finding.ruleId) || directive.targets.has(finding.category);
}

export function isSuppressed(finding: Finding, directives: Map<number, Directive>): boolean {
  if (directives.size === 0) return false;
  const line = finding.range.start.line;
  return silences(directives.get(line), finding) || silences(directives.get(line - 1), finding);
}
