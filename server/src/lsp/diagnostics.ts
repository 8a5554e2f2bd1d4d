import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { ruleDocsUrl, type Finding, type Severity } from '../engine';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './protocol';
import type { BaselineSeverity } from './settings';

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

/** Findings a project's baseline accepts, and how to show them. */
export interface BaselineMarks {
  accepted: readonly boolean[];
  severity: BaselineSeverity;
}

const BASELINE_SEVERITY: Record<Exclude<BaselineSeverity, 'unchanged'>, DiagnosticSeverity> = {
  hint: DiagnosticSeverity.Hint,
  info: DiagnosticSeverity.Information,
};

/** A finding as an LSP diagnostic; `data` lets code actions find the finding again without re-analysing. */
export function toDiagnostic(
  finding: Finding,
  uri: string,
  version: number | undefined,
  index: number,
  options: DiagnosticOptions,
  inBaseline = false,
  baselineSeverity: BaselineSeverity = 'hint',
): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, version, index };
  const lowered = inBaseline && baselineSeverity !== 'unchanged';
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: lowered ? BASELINE_SEVERITY[baselineSeverity] : SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    message: inBaseline ? `${finding.message} (accepted in the baseline)` : finding.message,
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

export function toDiagnostics(
  findings: readonly Finding[],
  uri: string,
  version: number | undefined,
  options: DiagnosticOptions,
  baseline?: BaselineMarks,
): Diagnostic[] {
  return findings.map((finding, index) => toDiagnostic(finding, uri, version, index, options, baseline?.accepted[index] === true, baseline?.severity));
}
