import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { ruleDocsUrl, type Finding, type Severity } from '../engine';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './protocol';
import type { BaselineSeverity } from './settings';

/**
 * How info findings (hygiene, docs/severity.md) show in the editor: `hint` (the default) as faint dots that
 * stay out of the Problems panel, like SonarLint's and Ruff's quiet levels; `information` as blue squiggles
 * listed in Problems; `off` not at all. Errors and warnings always show. Setting `aisec.infoFindings`.
 */
export type InfoFindings = 'hint' | 'information' | 'off';
export const DEFAULT_INFO_FINDINGS: InfoFindings = 'hint';

const SEVERITY: Record<Exclude<Severity, 'info'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
};

function diagnosticSeverity(severity: Severity, infoFindings: InfoFindings): DiagnosticSeverity {
  if (severity !== 'info') return SEVERITY[severity];
  return infoFindings === 'information' ? DiagnosticSeverity.Information : DiagnosticSeverity.Hint;
}

export interface DiagnosticOptions {
  /** The client shows relatedInformation (else the steps are left out rather than sent for nothing). */
  relatedInformation: boolean;
  /** The client shows codeDescription links. */
  codeDescription: boolean;
  /** How info findings show (the folder's `aisec.infoFindings`); default `hint`. */
  infoFindings?: InfoFindings;
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
    severity: lowered ? BASELINE_SEVERITY[baselineSeverity] : diagnosticSeverity(finding.severity, options.infoFindings ?? DEFAULT_INFO_FINDINGS),
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
  // `index` stays the finding's index in `findings`: code actions find the finding again through it.
  const shown = (finding: Finding) => finding.severity !== 'info' || options.infoFindings !== 'off';
  return findings.flatMap((finding, index) => (shown(finding) ? [toDiagnostic(finding, uri, version, index, options, baseline?.accepted[index] === true, baseline?.severity)] : []));
}
