import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { documentSelector, NOTEBOOK_CELL_SCHEME } from './documentSelector';
import type { LanguageServer } from './languageServer';
import { Commands, DIAGNOSTIC_SOURCE } from './protocol';

export interface FindingCounts {
  total: number;
  errors: number;
  files: number;
}

/**
 * Counts AISec's diagnostics (source "aisec") across the workspace, or in one file when `uri` is given. Hints
 * (info findings under the default `aisec.infoFindings`) are left out, like the Problems panel leaves them out.
 */
export function countFindings(uri?: vscode.Uri): FindingCounts {
  const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = uri
    ? [[uri, vscode.languages.getDiagnostics(uri)]]
    : vscode.languages.getDiagnostics();
  const counts: FindingCounts = { total: 0, errors: 0, files: 0 };
  const files = new Set<string>();
  for (const [entryUri, diagnostics] of entries) {
    let inFile = 0;
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || diagnostic.severity === vscode.DiagnosticSeverity.Hint) continue;
      inFile++;
      if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
    }
    counts.total += inFile;
    if (inFile > 0) files.add(fileOf(entryUri));
  }
  counts.files = files.size;
  return counts;
}

/** The cells of a notebook are one file: their URIs are the notebook's path with the cell in the fragment. */
function fileOf(uri: vscode.Uri): string {
  return uri.scheme === NOTEBOOK_CELL_SCHEME ? uri.with({ scheme: 'file', fragment: '' }).toString() : uri.toString();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The language status item (the `{}` next to the language mode in the status bar) for files AISec reads:
 * the number of findings in the workspace and in the current file, and the server's state.
 */
export class FindingsStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly server: LanguageServer) {
    this.item = vscode.languages.createLanguageStatusItem('aisec.findings', documentSelector());
    this.item.name = 'AISec findings';
    this.disposables.push(
      this.item,
      // Diagnostics change in bursts (one event per file during a workspace scan): coalesce them.
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleUpdate()),
      vscode.window.onDidChangeActiveTextEditor(() => this.scheduleUpdate()),
      server.onDidChangeState(() => this.update()),
    );
    this.update();
  }

  private scheduleUpdate(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.update();
    }, 50);
  }

  private update(): void {
    const state = this.server.state;
    this.item.busy = state === State.Starting;
    if (state !== State.Running) {
      this.item.text = state === State.Starting ? 'AISec: starting' : 'AISec: stopped';
      this.item.detail = undefined;
      this.item.severity = state === State.Stopped ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
      this.item.command = { title: 'Restart server', command: Commands.restartServer };
      return;
    }
    const workspace = countFindings();
    const active = vscode.window.activeTextEditor?.document.uri;
    const inFile = active ? countFindings(active).total : 0;
    this.item.text = `$(shield) ${plural(workspace.total, 'finding')}`;
    this.item.detail = active ? `${inFile} in this file, ${plural(workspace.files, 'file')} in all` : plural(workspace.files, 'file');
    this.item.severity = workspace.errors > 0 ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    this.item.command = { title: 'Show problems', command: 'workbench.actions.view.problems' };
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
