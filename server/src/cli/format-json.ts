import { countBySeverity, displayPath, reportNotes, totalFixed, totalLines, type ScanReport } from './report';

/**
 * The JSON report: `findings` exactly as the contract says (1-based positions), extra facts a rule attached
 * (`cell`, `cellLine` for notebooks) and the data-flow steps in `related`; then `notes` and a `summary`.
 */
export function formatJson(report: ScanReport): string {
  const findings = report.files.flatMap((file) => {
    const name = displayPath(file.path, report.cwd);
    return file.findings.map((f) => {
      const entry: Record<string, unknown> = {
        ...(f.properties ?? {}),
        file: name,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        ruleId: f.ruleId,
        category: f.category,
        severity: f.severity,
        message: f.message,
        fixable: f.fixable,
      };
      if (f.related.length > 0) {
        entry.related = f.related.map((r) => ({
          line: r.range.start.line + 1,
          column: r.range.start.character + 1,
          endLine: r.range.end.line + 1,
          endColumn: r.range.end.character + 1,
          message: r.message,
        }));
      }
      return entry;
    });
  });
  const notes = reportNotes(report).map((n) => ({ file: displayPath(n.file, report.cwd), message: n.message }));
  const counts = countBySeverity(report);
  const summary = {
    filesScanned: report.files.length,
    filesSkipped: report.skipped.length,
    lines: totalLines(report),
    errors: counts.error,
    warnings: counts.warning,
    infos: counts.info,
    fixed: totalFixed(report).fixes,
    durationMs: Math.round(report.durationMs),
    cpuMs: Math.round(report.cpuMs),
    workers: report.workers,
    ...(report.baseline ? { baselined: report.baseline.baselined, staleBaselineEntries: report.baseline.stale } : {}),
    ...(report.diffBase ? { diffBase: report.diffBase.ref, onUnchangedLines: report.diffBase.unchanged } : {}),
    ...(report.cachedFiles === undefined ? {} : { cachedFiles: report.cachedFiles }),
  };
  return JSON.stringify({ findings, notes, summary }, null, 2) + '\n';
}
