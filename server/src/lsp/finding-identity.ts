import { createHash } from 'node:crypto';
import type { Finding, Range, SourceText } from '../engine';

/**
 * What names a finding across analyses of the same text: its rule, its range and a hash of the text the range
 * covers. A position in a findings list does not: a quick run and a full run of one version may list the same
 * findings in a different order, and a fix looked up by index would then be another finding's fix.
 */
export interface FindingIdentity {
  ruleId: string;
  range: Range;
  /** A short hash of the covered text (never the text: it may be a secret). */
  textHash: string;
}

export function identityOf(finding: Pick<Finding, 'ruleId' | 'range'>, source: SourceText): FindingIdentity {
  return { ruleId: finding.ruleId, range: finding.range, textHash: coveredTextHash(finding.range, source) };
}

/**
 * The finding with this identity in the current results (the first that also satisfies `accept`, when two
 * findings of one rule share a range), or undefined when it is gone.
 */
export function findByIdentity<F extends Pick<Finding, 'ruleId' | 'range'>>(
  findings: readonly F[],
  source: SourceText,
  identity: FindingIdentity | undefined,
  accept: (finding: F) => boolean = () => true,
): F | undefined {
  if (!identity || typeof identity.ruleId !== 'string' || !identity.range) return undefined;
  return findings.find(
    (f) => f.ruleId === identity.ruleId && sameRange(f.range, identity.range) && coveredTextHash(f.range, source) === identity.textHash && accept(f),
  );
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character
  );
}

function coveredTextHash(range: Range, source: SourceText): string {
  const text = source.text.slice(source.offsetAt(range.start), source.offsetAt(range.end));
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
