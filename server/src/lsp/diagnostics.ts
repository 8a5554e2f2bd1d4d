import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { ruleDocsUrl, type Finding, type Severity } from '../engine';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface DiagnosticOptions {
  /** The client shows relatedInformation (else the steps are left out rather than sent for nothing). */
  relatedInformation: boolean;
  /** The client shows codeDescription links. */
  codeDescription: boolean;
}

/** A finding as an LSP diagnostic; `data` lets code actions find the finding again without re-analysing. */
export function toDiagnostic(
  finding: Finding,
  uri: string,
  version: number | undefined,
  index: number,
  options: DiagnosticOptions,
): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, version, index };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    message: finding.message,
    data,
  };
  if (options.codeDescription) diagnostic.codeDescription = { href: ruleDocsUrl(finding.ruleId) };
  if (options.relatedInformation && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (step): DiagnosticRelatedInformation => ({ location: { uri, range: step.range }, message: step.message }),
    );
  }
  return diagnostic;
}

export function toDiagnostics(findings: readonly Finding[], uri: string, version: number | undefined, options: DiagnosticOptions): Diagnostic[] {
  return findings.map((finding, index) => toDiagnostic(finding, uri, version, index, options));
}
