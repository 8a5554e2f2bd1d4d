import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { allRules, renderRuleMarkdown, ruleDocsUrl, type Range, type Rule, type Severity } from '../engine';
import { DOCS_BASE_URL } from '../engine/docs';
import type { ScannedFinding } from '../scan/types';
import { displayPath, reportNotes, type ScanReport } from './report';
import { AISEC_VERSION } from './version';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * GitHub code scanning ranks alerts by `security-severity` (9.0+ critical, 7.0 high, 4.0 medium, below low).
 * Hard-coded secrets are critical when the rule calls them errors: they are usable the moment they leak.
 */
function securitySeverity(rule: Rule): string {
  if (rule.meta.severity === 'error') return rule.meta.category === 'secret' ? '9.0' : '8.0';
  return rule.meta.severity === 'warning' ? '5.5' : '2.0';
}

const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0, as GitHub code scanning and other viewers read it: every rule with its documentation, results
 * with repository-relative locations, data-flow paths as codeFlows, and stable fingerprints.
 */
export function formatSarif(report: ScanReport): string {
  const rules = [...allRules()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const results = report.files.flatMap((file) => {
    const uri = encodeUri(displayPath(file.path, report.sourceRoot));
    return file.findings.map((finding) => {
      const result = sarifResult(finding, uri, ruleIndex.get(finding.ruleId));
      // Compared with a baseline, what is reported is what it does not hold.
      if (report.baseline) result.baselineState = 'new';
      return result;
    });
  });
  const notifications = reportNotes(report).map((note): Sarif.Notification => ({
    level: 'note',
    message: { text: `${displayPath(note.file, report.cwd)}: ${note.message}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeUri(displayPath(note.file, report.sourceRoot)), uriBaseId: SRCROOT } } }],
  }));
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'AISec',
            version: AISEC_VERSION,
            semanticVersion: AISEC_VERSION,
            informationUri: DOCS_BASE_URL.replace(/\/blob\/.*$/, ''),
            rules: rules.map(sarifRule),
          },
        },
        originalUriBaseIds: { [SRCROOT.slice(1, -1)]: { uri: directoryUri(report.sourceRoot) } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function sarifRule(rule: Rule): Sarif.ReportingDescriptor {
  const { meta } = rule;
  const refs = meta.docs.references;
  const tags = [
    'security',
    meta.category,
    ...(refs.cwe ?? []).map((n) => `external/cwe/cwe-${n}`),
    ...(refs.owaspLlm ?? []).map((id) => `external/owasp-llm-2025/${id.toLowerCase()}`),
    ...(refs.owaspMl ?? []).map((id) => `external/owasp-ml/${id.toLowerCase()}`),
  ];
  const markdown = renderRuleMarkdown(rule, 0);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs.summary },
    help: { text: plainHelp(rule), markdown },
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { enabled: !meta.disabledByDefault, level: LEVEL[meta.severity] },
    properties: {
      tags,
      precision: 'high',
      'problem.severity': meta.severity === 'info' ? 'recommendation' : meta.severity,
      'security-severity': securitySeverity(rule),
    },
  };
}

function sarifResult(finding: ScannedFinding, uri: string, ruleIndex: number | undefined): Sarif.Result {
  const location = (range: Range, message?: string, id?: number): Sarif.Location => ({
    ...(id === undefined ? {} : { id }),
    physicalLocation: { artifactLocation: { uri, uriBaseId: SRCROOT }, region: region(range) },
    ...(message === undefined ? {} : { message: { text: message } }),
  });
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [location(finding.range)],
    partialFingerprints: { 'aisecFindingHash/v1': finding.fingerprint },
  };
  if (finding.properties) result.properties = finding.properties;
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((step, index) => location(step.range, step.message, index + 1));
    // The path as the rule gave it, ending where the finding is unless the rule's path already includes it.
    const steps = finding.related.map((step) => ({ range: step.range, message: step.message }));
    if (!steps.some((s) => sameRange(s.range, finding.range))) steps.push({ range: finding.range, message: finding.message });
    result.codeFlows = [
      {
        threadFlows: [{ locations: steps.map((step) => ({ location: location(step.range, step.message) })) }],
      },
    ];
  }
  return result;
}

function region(range: Range): Sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The documentation without markdown, for viewers that show plain text. */
function plainHelp(rule: Rule): string {
  const { docs } = rule.meta;
  const parts = [docs.summary, `Why: ${docs.why}`, `Example:\n${docs.bad.trimEnd()}`, `Use instead:\n${docs.good.trimEnd()}`];
  if (docs.fix) parts.push(`Fix: ${docs.fix}`);
  parts.push(`Documentation: ${ruleDocsUrl(rule.meta.id)}`);
  return parts.join('\n\n');
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
function encodeUri(relativePath: string): string {
  if (relativePath.startsWith('/')) return pathToFileURL(relativePath).href;
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
