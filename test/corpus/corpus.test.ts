import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../cli/run-cli';
import { type AppExpectation, type Finding, type VariantExpectation, difference, findingKey, loadExpectations } from './expectations';
import { type Tally, formatTally, tallyVariant } from './tally';

/**
 * End-to-end accuracy: realistic AI applications, each in a vulnerable and a fixed variant, scanned by the
 * built CLI as a user would. Every variant's findings must equal its expected.json (rule id + file + line),
 * no more and no less. Known detection gaps are listed in expected.json and checked too, so that fixing one
 * makes this test ask for the expectation to be promoted.
 */
const APPS_DIR = path.join(__dirname, 'apps');
const VARIANTS = ['vulnerable', 'fixed'] as const;
type Variant = (typeof VARIANTS)[number];

interface CliFinding extends Finding {
  severity: 'info' | 'warning' | 'error';
  category: string;
  message: string;
}

const apps: AppExpectation[] = loadExpectations(APPS_DIR);

/** Findings of one variant, with `file` relative to the variant folder. */
function findingsOf(all: CliFinding[], app: string, variant: Variant): CliFinding[] {
  const prefix = `${app}/${variant}/`;
  return all
    .filter((f) => f.file.startsWith(prefix))
    .map((f) => ({ ...f, file: f.file.slice(prefix.length) }));
}

/** The provider keys written into the corpus's files (fake, but in the providers' formats). */
function corpusKeys(dir: string): string[] {
  const keyPattern = /\b(?:sk-(?:proj|ant-api03|local)-|hf_|AIza|gsk_|lsv2_pt_|tvly-dev-|xoxb-)[A-Za-z0-9_-]{16,}|\b[a-f0-9]{40}\b/g;
  const keys = new Set<string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.parentPath.includes(`${path.sep}vulnerable`)) continue;
    for (const match of fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8').matchAll(keyPattern)) keys.add(match[0]);
  }
  return [...keys];
}

function describeFinding(f: Finding & { message?: string }): string {
  return `${f.ruleId} ${f.file}:${f.line}${f.message ? ` (${f.message})` : ''}`;
}

describe('corpus: realistic AI apps, vulnerable and fixed (end-to-end accuracy)', function () {
  this.timeout(60_000);
  let all: CliFinding[] = [];
  let jsonReport = '';
  const tallies: Record<Variant, Tally> = { vulnerable: new Map(), fixed: new Map() };

  before(async () => {
    // One scan of the whole corpus: each app is its own sub-project (configuration, lock files and
    // Dockerfiles are looked up beside each file), so this equals scanning each folder on its own.
    // --no-cache: the scan would otherwise keep its cache in the apps folder, beside the apps it lists.
    const run = await runCli(['scan', '.', '--format', 'json', '--no-cache'], APPS_DIR);
    assert.equal(run.code, 1, `the vulnerable apps must fail the scan\n${run.stderr}`);
    jsonReport = run.stdout;
    all = (JSON.parse(run.stdout) as { findings: CliFinding[] }).findings.map((f) => ({ ...f, file: f.file.split(path.sep).join('/') }));
  });

  after(() => {
    if (all.length === 0) return;
    console.log(`\n    Vulnerable variants (expected findings vs found):\n${formatTally(tallies.vulnerable)}`);
    console.log(`\n    Fixed variants (only listed info findings are expected; anything else is a false positive):\n${formatTally(tallies.fixed)}`);
  });

  it('has between 8 and 12 apps, each with both variants', () => {
    assert.ok(apps.length >= 8 && apps.length <= 12, `${apps.length} apps`);
    for (const app of apps) {
      for (const variant of VARIANTS) assert.ok(fs.statSync(path.join(APPS_DIR, app.name, variant)).isDirectory());
    }
  });

  for (const app of apps) {
    for (const variant of VARIANTS) {
      it(`${app.name}/${variant}: exactly the expected findings`, () => {
        const expected: VariantExpectation = app[variant];
        const found = findingsOf(all, app.name, variant);
        tallyVariant(tallies[variant], expected, found);

        // Multisets: two findings of one rule on one line (two packages on one RUN line) are two findings.
        const gapKeys = new Set(expected.knownGaps.map(findingKey));
        const knownFalsePositives = new Set(expected.knownGaps.filter((g) => g.kind === 'false-positive').map(findingKey));
        const missing = difference(expected.findings, found);
        const surplus = difference(found, expected.findings);
        const unexpected = surplus.filter((f) => !gapKeys.has(findingKey(f)));
        assert.deepEqual(
          { missing: missing.map(describeFinding), unexpected: unexpected.map(describeFinding) },
          { missing: [], unexpected: [] },
          `${app.name}/${variant} differs from expected.json`,
        );

        // A known gap that no longer happens is progress: the expectation must say so. Gaps count beyond the
        // listed findings, so a listed info and a tolerated warning of one rule on one line are two.
        const surplusKeys = new Set(surplus.map(findingKey));
        for (const gap of expected.knownGaps) {
          const present = surplusKeys.has(findingKey(gap));
          const wanted = gap.kind === 'false-positive';
          assert.equal(present, wanted, `knownGaps entry is stale (${gap.kind}): ${describeFinding(gap)}; promote it in expected.json`);
        }

        if (variant === 'fixed') {
          const loud = found.filter((f) => f.severity !== 'info' && !knownFalsePositives.has(findingKey(f)));
          assert.deepEqual(loud.map(describeFinding), [], 'a fixed app has findings at warning or above');
        }
      });
    }
  }

  it('never prints a key from the corpus in full, in any output format', async () => {
    const keys = corpusKeys(APPS_DIR);
    assert.ok(keys.length >= 12, `only ${keys.length} keys found in the corpus`);
    const others = await Promise.all((['sarif', 'text'] as const).map((format) => runCli(['scan', '.', '--format', format, '--no-cache'], APPS_DIR)));
    const outputs = [jsonReport, ...others.map((run) => run.stdout)];
    for (const key of keys) {
      // Any 12 characters from the middle would already give most of the key away.
      const middle = key.slice(Math.floor(key.length / 2) - 6, Math.floor(key.length / 2) + 6);
      for (const output of outputs) assert.ok(!output.includes(middle), `a corpus key (${key.slice(0, 4)}…) appears in the output`);
    }
  });

  it('the fixed apps pass a CI scan (exit 0 at the default fail level) but for listed false positives', async () => {
    const run = await runCli(['scan', ...apps.map((app) => `${app.name}/fixed`), '--format', 'json', '--no-cache'], APPS_DIR);
    const found = (JSON.parse(run.stdout) as { findings: CliFinding[] }).findings;
    const loud = found.filter((f) => f.severity !== 'info');
    for (const f of loud) {
      const app = apps.find((a) => f.file.startsWith(`${a.name}/fixed/`));
      const local = { ...f, file: f.file.slice(`${app?.name}/fixed/`.length) };
      assert.ok(
        app?.fixed.knownGaps.some((g) => g.kind === 'false-positive' && findingKey(g) === findingKey(local)),
        `fails CI: ${describeFinding(f)}`,
      );
    }
    assert.equal(run.code, loud.length > 0 ? 1 : 0, run.stderr);
  });
});
