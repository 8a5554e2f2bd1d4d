import * as assert from 'node:assert/strict';
import {
  analyze,
  AnalyzedDocument,
  applyEdits,
  initEngine,
  type Finding,
  type Rule,
  type AisecConfig,
  defaultConfig,
} from '../../server/src/engine';

/**
 * RuleTester in the manner of ESLint: each rule's test lists valid and invalid snippets; invalid ones say
 * which lines are reported and what the text becomes after the fixes. Every fix is applied, re-parsed
 * (no new syntax errors allowed) and re-analysed (the finding must be gone).
 */
export interface ValidCase {
  code: string;
  language: string;
  filePath?: string;
  config?: Partial<AisecConfig>;
  name?: string;
}

export interface ExpectedFinding {
  /** 1-based line where the finding starts. */
  line: number;
  /** 1-based column, when it matters. */
  column?: number;
  endLine?: number;
  messageIncludes?: string | string[];
  severity?: Finding['severity'];
  /** Text of the range reported, when it matters. */
  text?: string;
}

export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
  /** The text after applying the first fix of every finding (one at a time, re-analysing between). */
  output?: string;
  /** Titles the fixes must have (first fix of the first finding). */
  fixTitleIncludes?: string;
}

export function runRuleTests(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`rule ${rule.meta.id}`, () => {
    before(() => initEngine());

    it('has complete documentation', () => {
      const { meta } = rule;
      assert.match(meta.id, /^(secret|container|model-input|supply-chain|data-leak|endpoint)\/[a-z0-9-]+$/);
      assert.equal(meta.id.split('/')[0], meta.category);
      for (const key of ['summary', 'why', 'bad', 'good'] as const) assert.ok(meta.docs[key].trim(), `docs.${key} is empty`);
      const refs = meta.docs.references;
      assert.ok((refs.cwe?.length ?? 0) + (refs.owaspLlm?.length ?? 0) + (refs.owaspMl?.length ?? 0) > 0, 'no references');
      // A rule that documents its family names each member's CWE and why it is dangerous.
      for (const member of meta.docs.family ?? []) {
        assert.ok(member.member.trim() && member.why.trim() && member.cwe.length > 0, `family member ${member.member} lacks a CWE or a reason`);
        assert.equal((member.member.match(/`/g) ?? []).length % 2, 0, `unbalanced backticks in ${member.member}`);
      }
    });

    cases.valid.forEach((testCase, index) => {
      it(`valid #${index + 1}${testCase.name ? `: ${testCase.name}` : ''} (${testCase.language})`, () => {
        const findings = run(rule, testCase);
        assert.deepEqual(
          findings.map((f) => `${f.range.start.line + 1}: ${f.message}`),
          [],
          'expected no findings',
        );
      });
    });

    cases.invalid.forEach((testCase, index) => {
      it(`invalid #${index + 1}${testCase.name ? `: ${testCase.name}` : ''} (${testCase.language})`, () => {
        const findings = run(rule, testCase);
        assert.deepEqual(
          findings.map((f) => f.range.start.line + 1),
          testCase.findings.map((f) => f.line),
          `reported lines differ; got: ${findings.map((f) => `${f.range.start.line + 1}: ${f.message}`).join(' | ')}`,
        );
        testCase.findings.forEach((expected, i) => {
          const actual = findings[i];
          if (expected.column !== undefined) assert.equal(actual.range.start.character + 1, expected.column, 'column');
          if (expected.endLine !== undefined) assert.equal(actual.range.end.line + 1, expected.endLine, 'endLine');
          if (expected.severity) assert.equal(actual.severity, expected.severity, 'severity');
          const includes = typeof expected.messageIncludes === 'string' ? [expected.messageIncludes] : (expected.messageIncludes ?? []);
          for (const part of includes) assert.ok(actual.message.includes(part), `message "${actual.message}" lacks "${part}"`);
          if (expected.text !== undefined) assert.equal(textOf(testCase.code, actual), expected.text, 'reported text');
        });
        if (testCase.fixTitleIncludes) {
          assert.ok(findings[0]?.fixes[0]?.title.includes(testCase.fixTitleIncludes), `fix title: ${findings[0]?.fixes[0]?.title}`);
        }
        if (testCase.output !== undefined) {
          const fixed = applyEveryFix(rule, testCase);
          assert.equal(fixed, testCase.output);
          assertParsesNoWorse(testCase.code, fixed, testCase);
          const after = run(rule, { ...testCase, code: fixed });
          assert.ok(
            after.length < findings.length,
            `the fix did not remove a finding: ${after.map((f) => f.message).join(' | ')}`,
          );
        }
        assertEveryFixRemovesItsFinding(rule, testCase, findings);
      });
    });
  });
}

function configFor(rule: Rule, testCase: ValidCase): AisecConfig {
  const config = { ...defaultConfig(), ...testCase.config };
  // Rules that are off by default are tested as if turned on, unless the case configures them.
  if (rule.meta.disabledByDefault && !config.rules[rule.meta.id]) config.rules = { ...config.rules, [rule.meta.id]: rule.meta.severity };
  return config;
}

export function run(rule: Rule, testCase: ValidCase): Finding[] {
  const result = analyze(testCase.code, testCase.language, {
    rules: [rule],
    filePath: testCase.filePath,
    config: configFor(rule, testCase),
  });
  const failures = result.notes.filter((n) => n.includes('failed'));
  assert.deepEqual(failures, [], 'the rule threw');
  return result.findings;
}

function textOf(code: string, finding: Finding): string {
  const doc = new AnalyzedDocument('plaintext', undefined, code);
  return code.slice(doc.source.offsetAt(finding.range.start), doc.source.offsetAt(finding.range.end));
}

/**
 * Every fix on offer, not only the first: each is applied alone to the original code, which must parse no
 * worse and no longer have that finding (a fix that leaves its finding, or a placeholder the user must fill in
 * before the code runs, is not a fix).
 */
function assertEveryFixRemovesItsFinding(rule: Rule, testCase: InvalidCase, findings: Finding[]): void {
  findings.forEach((finding, index) => {
    finding.fixes.forEach((fix) => {
      const fixed = applyEdits(testCase.code, fix.edits);
      const what = `finding #${index + 1} (line ${finding.range.start.line + 1}), fix "${fix.title}"`;
      assertParsesNoWorse(testCase.code, fixed, testCase);
      const after = run(rule, { ...testCase, code: fixed });
      assert.ok(after.length < findings.length, `${what} did not remove its finding:\n${fixed}`);
    });
  });
}

/** Applies the first fix of the first finding that has one, re-analysing between fixes, until none is left. */
function applyEveryFix(rule: Rule, testCase: InvalidCase): string {
  let code = testCase.code;
  for (let pass = 0; pass < 20; pass++) {
    const withFix = run(rule, { ...testCase, code }).find((f) => f.fixes.length > 0);
    if (!withFix) break;
    code = applyEdits(code, withFix.fixes[0].edits);
  }
  return code;
}

/** Counts syntax errors in the tree of a text (0 for languages without a tree). */
export function syntaxErrorCount(code: string, language: string, filePath?: string): number {
  const doc = new AnalyzedDocument(language, filePath, code);
  try {
    const tree = doc.tree;
    if (!tree) return 0;
    return tree.rootNode.descendantsOfType(['ERROR']).length + countMissing(tree.rootNode);
  } finally {
    doc.dispose();
  }
}

function countMissing(node: import('web-tree-sitter').Node): number {
  if (!node.hasError) return 0;
  let count = node.isMissing ? 1 : 0;
  for (const child of node.children) if (child) count += countMissing(child);
  return count;
}

export function assertParsesNoWorse(before: string, after: string, testCase: ValidCase): void {
  const errorsBefore = syntaxErrorCount(before, testCase.language, testCase.filePath);
  const errorsAfter = syntaxErrorCount(after, testCase.language, testCase.filePath);
  assert.ok(errorsAfter <= errorsBefore, `the fix introduced syntax errors (${errorsBefore} → ${errorsAfter}):\n${after}`);
}
