import { type Finding, type VariantExpectation, difference } from './expectations';

/** Per-category counts: `expected` includes known missed detections, `found` everything the scanner reported. */
export interface CategoryCounts {
  expected: number;
  found: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export type Tally = Map<string, CategoryCounts>;

function categoryOf(ruleId: string): string {
  return ruleId.split('/')[0];
}

function counts(tally: Tally, category: string): CategoryCounts {
  let entry = tally.get(category);
  if (!entry) {
    entry = { expected: 0, found: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0 };
    tally.set(category, entry);
  }
  return entry;
}

/** Adds one variant's comparison to the tally (multisets, by category of the rule). */
export function tallyVariant(tally: Tally, expected: VariantExpectation, found: Finding[]): void {
  const missedGaps = expected.knownGaps.filter((g) => g.kind === 'missed');
  const wanted = [...expected.findings, ...missedGaps];
  const notFound = new Set(difference(wanted, found));
  for (const f of wanted) {
    const entry = counts(tally, categoryOf(f.ruleId));
    entry.expected++;
    if (notFound.has(f)) entry.falseNegatives++;
    else entry.truePositives++;
  }
  const unwanted = new Set(difference(found, wanted));
  for (const f of found) {
    const entry = counts(tally, categoryOf(f.ruleId));
    entry.found++;
    if (unwanted.has(f)) entry.falsePositives++;
  }
}

function ratio(numerator: number, denominator: number): string {
  return denominator === 0 ? '   -  ' : `${((100 * numerator) / denominator).toFixed(1).padStart(5)}%`;
}

/** A fixed-width table: category, expected, found, TP, FP, FN, precision, recall. */
export function formatTally(tally: Tally): string {
  const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total: CategoryCounts = { expected: 0, found: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  for (const [, c] of rows) {
    total.expected += c.expected;
    total.found += c.found;
    total.truePositives += c.truePositives;
    total.falsePositives += c.falsePositives;
    total.falseNegatives += c.falseNegatives;
  }
  const line = (name: string, c: CategoryCounts) =>
    `    ${name.padEnd(14)}${String(c.expected).padStart(9)}${String(c.found).padStart(7)}${String(c.truePositives).padStart(5)}` +
    `${String(c.falsePositives).padStart(5)}${String(c.falseNegatives).padStart(5)}  ${ratio(c.truePositives, c.truePositives + c.falsePositives)}  ${ratio(c.truePositives, c.truePositives + c.falseNegatives)}`;
  return [
    `    ${'category'.padEnd(14)} expected  found   TP   FP   FN  precision  recall`,
    ...rows.map(([name, c]) => line(name, c)),
    line('total', total),
  ].join('\n');
}
