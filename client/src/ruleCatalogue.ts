import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './protocol';

export interface RuleSummary {
  id: string;
  title?: string;
  summary?: string;
}

/**
 * The rules the bundled CLI knows (`aisec rules --format json`), for the rule pickers. The client imports
 * nothing from the engine, and the CLI is in the package anyway. Read once per session.
 */
export class RuleCatalogue {
  private rules: Promise<RuleSummary[]> | undefined;

  constructor(
    private readonly cliPath: string,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  list(): Promise<RuleSummary[]> {
    this.rules ??= this.readFromCli().catch((error: unknown) => {
      this.output.warn(`Could not list the rules with the CLI: ${(error as Error).message}`);
      this.rules = undefined;
      return [];
    });
    return this.rules;
  }

  private readFromCli(): Promise<RuleSummary[]> {
    return new Promise((resolve, reject) => {
      // The extension host may be Electron: ELECTRON_RUN_AS_NODE makes its binary behave as plain Node.
      const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
      execFile(process.execPath, [this.cliPath, 'rules', '--format', 'json'], { env, timeout: 15000, maxBuffer: 16 << 20 }, (error, stdout) => {
        if (error) return reject(error);
        try {
          const parsed = JSON.parse(stdout) as { rules?: RuleSummary[] };
          resolve((parsed.rules ?? []).filter((rule) => typeof rule.id === 'string'));
        } catch (parseError) {
          reject(parseError as Error);
        }
      });
    });
  }
}

/** Rule ids that have findings right now, most frequent first: what a user most likely asks about. */
export function reportedRuleIds(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const id = diagnosticRuleId(diagnostic);
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return new Map([...counts].sort((a, b) => b[1] - a[1]));
}

export function diagnosticRuleId(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return undefined;
}

/** The online documentation link of a rule, taken from a diagnostic that carries it. */
export function onlineDocumentationUrl(ruleId: string): vscode.Uri | undefined {
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'object') continue;
      if (String(diagnostic.code.value) === ruleId) return diagnostic.code.target;
    }
  }
  return undefined;
}

/** Asks the user for a rule: those with findings first, then the rest of the catalogue. */
export async function pickRule(catalogue: RuleCatalogue, placeHolder: string): Promise<string | undefined> {
  const reported = reportedRuleIds();
  const rules = await catalogue.list();
  const titles = new Map(rules.map((rule) => [rule.id, rule]));
  const items: vscode.QuickPickItem[] = [];
  if (reported.size > 0) items.push({ label: 'With findings', kind: vscode.QuickPickItemKind.Separator });
  for (const [id, count] of reported) {
    items.push({ label: id, description: titles.get(id)?.title, detail: `${count} finding${count === 1 ? '' : 's'}` });
  }
  const others = rules.filter((rule) => !reported.has(rule.id));
  if (others.length > 0) items.push({ label: 'All rules', kind: vscode.QuickPickItemKind.Separator });
  for (const rule of others) items.push({ label: rule.id, description: rule.title, detail: rule.summary });
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.label;
}
