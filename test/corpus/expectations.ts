import * as fs from 'node:fs';
import * as path from 'node:path';

/** A finding as the corpus compares it: the rule and where it points, `file` relative to the variant folder. */
export interface Finding {
  ruleId: string;
  file: string;
  line: number;
}

/**
 * Something the scanner gets wrong today that is not fixed yet: a detection it misses (`missed`, must be
 * absent from the output) or a finding that should not be there (`false-positive`, present and tolerated).
 */
export interface KnownGap extends Finding {
  kind: 'missed' | 'false-positive';
  note: string;
}

export interface VariantExpectation {
  findings: Finding[];
  knownGaps: KnownGap[];
}

export interface AppExpectation {
  name: string;
  description: string;
  vulnerable: VariantExpectation;
  fixed: VariantExpectation;
}

export function findingKey(f: Finding): string {
  return `${f.ruleId}|${f.file}|${f.line}`;
}

/** The members of `a` left after taking away one equal member of `b` for each of them (multiset difference). */
export function difference<T extends Finding>(a: T[], b: Finding[]): T[] {
  const remaining = new Map<string, number>();
  for (const f of b) remaining.set(findingKey(f), (remaining.get(findingKey(f)) ?? 0) + 1);
  return a.filter((f) => {
    const left = remaining.get(findingKey(f)) ?? 0;
    if (left === 0) return true;
    remaining.set(findingKey(f), left - 1);
    return false;
  });
}

/** Reads `<app>/expected.json` for every app folder; a malformed file fails loudly with its path. */
export function loadExpectations(appsDir: string): AppExpectation[] {
  return fs
    .readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(appsDir, name, 'expected.json');
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AppExpectation>;
      return {
        name,
        description: requireString(raw.description, `${file}: description`),
        vulnerable: variant(raw.vulnerable, `${file}: vulnerable`),
        fixed: variant(raw.fixed, `${file}: fixed`),
      };
    });
}

function variant(raw: Partial<VariantExpectation> | undefined, where: string): VariantExpectation {
  if (!raw || !Array.isArray(raw.findings)) throw new Error(`${where}.findings must be an array`);
  const knownGaps = raw.knownGaps ?? [];
  raw.findings.forEach((f, i) => finding(f, `${where}.findings[${i}]`));
  knownGaps.forEach((g, i) => {
    finding(g, `${where}.knownGaps[${i}]`);
    if (g.kind !== 'missed' && g.kind !== 'false-positive') throw new Error(`${where}.knownGaps[${i}].kind must be "missed" or "false-positive"`);
    requireString(g.note, `${where}.knownGaps[${i}].note`);
  });
  return { findings: raw.findings, knownGaps };
}

function finding(f: Finding, where: string): void {
  requireString(f.ruleId, `${where}.ruleId`);
  requireString(f.file, `${where}.file`);
  if (!Number.isInteger(f.line) || f.line < 1) throw new Error(`${where}.line must be a 1-based line number`);
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${where} must be a non-empty string`);
  return value;
}
