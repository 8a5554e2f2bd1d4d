import { createHash } from 'node:crypto';
import type { Range } from '../engine';

/**
 * Fingerprints from the rule, the finding's line with whitespace squeezed, and how many identical (rule, line)
 * pairs came before it in the file: they survive code moving up or down, re-indentation and the file being
 * renamed, which is what code scanning needs to match an alert across commits and what a baseline needs to
 * recognise an accepted finding. They are hashes, so a secret on the line is never in them. The SARIF output
 * (`aisecFindingHash/v1`), baselines and the editor all use this one function.
 */
export function fingerprints(findings: readonly { ruleId: string; range: Range }[], text: string): string[] {
  const lineStarts = lineStartOffsets(text);
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const line = finding.range.start.line;
    const lineText = text.slice(lineStarts[line] ?? text.length, lineStarts[line + 1] ?? text.length).replace(/\s+/g, ' ').trim();
    const key = `${finding.ruleId}\0${lineText}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32);
  });
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
