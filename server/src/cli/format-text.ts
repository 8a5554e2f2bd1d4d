import { styleText } from 'node:util';
import type { Severity } from '../engine';
import { countBySeverity, displayPath, totalFixed, totalLines, type ScanReport } from './report';

type Style = Parameters<typeof styleText>[0];
const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

/**
 * `file:line:col severity rule-id message`, one finding per line (the form editors and terminals turn into
 * links), related locations indented below, then a summary line. Colour only when asked (a terminal).
 */
export function formatText(report: ScanReport, options: { color: boolean }): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text) : text);
  const lines: string[] = [];
  for (const file of report.files) {
    const name = displayPath(file.path, report.cwd);
    for (const finding of file.findings) {
      const { line, character } = finding.range.start;
      const where = `${name}:${line + 1}:${character + 1}`;
      lines.push(`${paint('bold', where)} ${paint(SEVERITY_STYLE[finding.severity], finding.severity)} ${paint('dim', finding.ruleId)} ${finding.message}`);
      for (const step of finding.related) {
        lines.push(`    ${name}:${step.range.start.line + 1}:${step.range.start.character + 1} ${paint('dim', step.message)}`);
      }
    }
  }
  if (lines.length > 0) lines.push('');
  const fixable = fixableCounts(report);
  if (!report.fromStdin && (fixable.safe > 0 || fixable.unsafe > 0)) {
    const safe = fixable.safe > 0 ? `${fixable.safe} fixable with --fix` : '';
    const unsafe = fixable.unsafe > 0 ? `${fixable.unsafe} ${safe ? 'more ' : ''}fixable with --fix --unsafe-fixes` : '';
    lines.push(paint('dim', [safe, unsafe].filter(Boolean).join(', ') + '.'));
  }
  const fixed = totalFixed(report);
  if (fixed.fixes > 0) {
    lines.push(paint('green', `Fixed ${fixed.fixes} ${plural(fixed.fixes, 'problem')} in ${fixed.files} ${plural(fixed.files, 'file')}.`));
  }
  lines.push(...adoptionLines(report).map((line) => paint('dim', line)));
  lines.push(summaryLine(report, paint));
  return lines.join('\n') + '\n';
}

export function summaryLine(report: ScanReport, paint: (style: Style, text: string) => string = (_s, t) => t): string {
  const counts = countBySeverity(report);
  const total = counts.error + counts.warning + counts.info;
  const files = `${report.files.length} ${report.files.length === 1 ? 'file' : 'files'}`;
  const lines = `${totalLines(report).toLocaleString('en-US')} lines`;
  const seconds = `${(report.durationMs / 1000).toFixed(2)} s`;
  const skipped = report.skipped.length > 0 ? `, ${report.skipped.length} skipped` : '';
  if (total === 0) return paint('green', `No findings in ${files} (${lines}${skipped}), ${seconds}.`);
  const breakdown = `${counts.error} ${plural(counts.error, 'error')}, ${counts.warning} ${plural(counts.warning, 'warning')}, ${counts.info} info`;
  return paint('bold', `${total} ${plural(total, 'finding')} (${breakdown}) in ${files} (${lines}${skipped}), ${seconds}.`);
}

/** What a baseline or `--diff-base` left out, so that a quiet report is never mistaken for a clean one. */
function adoptionLines(report: ScanReport): string[] {
  const lines: string[] = [];
  if (report.baseline) {
    const { baselined, stale } = report.baseline;
    let line = `${baselined} ${plural(baselined, 'finding')} accepted by the baseline not shown`;
    if (stale > 0) line += `; ${stale} baseline ${stale === 1 ? 'entry no longer matches' : 'entries no longer match'} (rewrite it with --write-baseline)`;
    lines.push(`${line}.`);
  }
  if (report.diffBase) {
    const { unchanged, ref } = report.diffBase;
    lines.push(`${unchanged} ${plural(unchanged, 'finding')} on lines unchanged since ${ref} not shown.`);
  }
  return lines;
}

function fixableCounts(report: ScanReport): { safe: number; unsafe: number } {
  const counts = { safe: 0, unsafe: 0 };
  for (const file of report.files) for (const finding of file.findings) if (finding.fixSafety) counts[finding.fixSafety]++;
  return counts;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
