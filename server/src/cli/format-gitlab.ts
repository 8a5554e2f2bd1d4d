import { createHash } from 'node:crypto';
import { ruleById, ruleDocsUrl, type Severity } from '../engine';
import type { ScannedFinding } from '../scan/types';
import { displayPath, type ScanReport } from './report';
import { AISEC_VERSION } from './version';

/**
 * The GitLab security report schema release this report follows. GitLab accepts reports of the schema versions
 * it supports; 15.0.x is accepted by every GitLab since 15.0.
 */
export const GITLAB_SCHEMA_VERSION = '15.0.7';
const SCHEMA_URL = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SCHEMA_VERSION}/dist/sast-report-format.json`;

type GitLabSeverity = 'Critical' | 'High' | 'Medium' | 'Low' | 'Info' | 'Unknown';

interface Identifier {
  type: string;
  name: string;
  value: string;
  url?: string;
}

const AISEC = { id: 'aisec', name: 'AISec', version: AISEC_VERSION, vendor: { name: 'AISec' }, url: 'https://github.com/aisec-dev/aisec' };

/**
 * A GitLab SAST report (`artifacts: reports: sast:`), for merge request widgets and the vulnerability report:
 * `scan` with the analyzer and scanner, and one vulnerability per finding with a stable id (from the same
 * fingerprint as SARIF, so GitLab tracks it across pipelines), identifiers (the rule, its CWEs and OWASP
 * entries), severity and location. Messages are the findings' own, masked like every output.
 */
export function formatGitlab(report: ScanReport, now = new Date()): string {
  const vulnerabilities = report.files.flatMap((file) => {
    const name = displayPath(file.path, report.sourceRoot);
    return file.findings.map((finding) => vulnerability(finding, name));
  });
  const end = now;
  const start = new Date(end.getTime() - Math.max(0, Math.round(report.durationMs)));
  const gitlab = {
    schema: SCHEMA_URL,
    version: GITLAB_SCHEMA_VERSION,
    scan: {
      analyzer: AISEC,
      scanner: AISEC,
      type: 'sast',
      start_time: gitlabTime(start),
      end_time: gitlabTime(end),
      status: 'success',
    },
    vulnerabilities,
  };
  return JSON.stringify(gitlab, null, 2) + '\n';
}

function vulnerability(finding: ScannedFinding, file: string): Record<string, unknown> {
  const rule = ruleById(finding.ruleId);
  const references = rule?.meta.docs.references;
  const identifiers: Identifier[] = [
    // The first identifier is the primary one: GitLab groups and tracks vulnerabilities by it.
    { type: 'aisec_rule', name: `AISec ${finding.ruleId}`, value: finding.ruleId, url: ruleDocsUrl(finding.ruleId) },
    ...(references?.cwe ?? []).map((n) => ({ type: 'cwe', name: `CWE-${n}`, value: String(n), url: `https://cwe.mitre.org/data/definitions/${n}.html` })),
    ...(references?.owaspLlm ?? []).map((id) => ({ type: 'owasp', name: `OWASP Top 10 for LLM Applications 2025 ${id}`, value: id })),
    ...(references?.owaspMl ?? []).map((id) => ({ type: 'owasp', name: `OWASP Machine Learning Security Top 10 ${id}`, value: id })),
  ];
  const entry: Record<string, unknown> = {
    id: uuidFrom(`${file}\0${finding.fingerprint}`),
    name: truncate(rule?.meta.title ?? finding.ruleId, 255),
    description: finding.message,
    severity: gitlabSeverity(finding.severity, finding.category),
    identifiers,
    location: { file, start_line: finding.range.start.line + 1, end_line: finding.range.end.line + 1 },
    links: [{ name: `${finding.ruleId} documentation`, url: ruleDocsUrl(finding.ruleId) }],
  };
  if (rule?.meta.docs.fix) entry.solution = rule.meta.docs.fix;
  return entry;
}

/** As in SARIF's security-severity: a leaked key at error level is usable at once, hence critical. */
function gitlabSeverity(severity: Severity, category: string): GitLabSeverity {
  if (severity === 'error') return category === 'secret' ? 'Critical' : 'High';
  return severity === 'warning' ? 'Medium' : 'Low';
}

/** A name-based UUID (the version-5 layout over SHA-256): the same finding keeps its id from one pipeline to the next. */
function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(`aisec\0${text}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `yyyy-mm-ddThh:mm:ss` in UTC, the only form the schema allows. */
function gitlabTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
