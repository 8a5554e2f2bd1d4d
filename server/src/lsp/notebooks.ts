import type {
  CodeAction,
  CodeActionParams,
  Connection,
  Diagnostic,
  Hover,
  HoverParams,
  NotebookDocumentSyncOptions,
} from 'vscode-languageserver/node';
import { analyzeNotebookCells, type Finding } from '../engine';
import type { ActionOptions } from './code-actions';
import type { ConfigurationService, ScopeConfig } from './configuration';
import type { ScannedFiles } from './scanned-files';
import { toDiagnostics, type DiagnosticOptions } from './diagnostics';
import { hoverFor } from './hover';
import type { ProjectFileText } from './project-file-edit';
import { findingsOfCell, notebookCodeActions, resolveNotebookCodeAction, type NotebookActionContext } from './notebook-actions';
import { LiveNotebook } from './notebook-model';
import { AnalysisScheduler } from './scheduler';
import { analyzeOnDisk } from './workspace-scan';

export { NOTEBOOK_FIX_ALL_KIND } from './notebook-actions';

/** What the server advertises: Jupyter notebooks, with their Python cells (code) and markdown cells (pasted keys). */
export const NOTEBOOK_DOCUMENT_SYNC: NotebookDocumentSyncOptions = {
  notebookSelector: [{ notebook: 'jupyter-notebook', cells: [{ language: 'python' }, { language: 'markdown' }] }],
};

/** Notebooks larger than this (all cells together) are not analysed as you type; the CLI still scans them. */
const MAX_LIVE_NOTEBOOK_CHARS = 5 * 1024 * 1024;

/** What the notebook support needs from the session; getters because the session fills them in on `initialize`. */
export interface NotebookHost {
  configuration(): ConfigurationService;
  diagnosticOptions(): DiagnosticOptions;
  actionOptions(): ActionOptions;
  /** Resolves when the engine is loaded. */
  ready(): Promise<void>;
  /** What a workspace scan published: an open notebook's cells replace the scan's findings for its file. */
  scanned: ScannedFiles;
  log(message: string): void;
  /** The project file as the editor has it (open buffer or disk), for "Disable <rule>". */
  readProjectFile(filePath: string): ProjectFileText | undefined;
}

interface Analysis {
  revision: number;
  context: NotebookActionContext;
}

/**
 * Open Jupyter notebooks in the editor: mirrors them from LSP notebook sync, analyses each as a whole
 * (code cells joined, so dataflow crosses cells; debounced, newest revision wins), publishes diagnostics per
 * cell URI, and serves code actions and hovers on cells, with fixes that edit whichever cell they name.
 */
export class NotebookSession {
  private readonly notebooks = new Map<string, LiveNotebook>();
  /** Cell URI → notebook URI, for requests that name a cell. */
  private readonly cellOwners = new Map<string, string>();
  private readonly analyses = new Map<string, Analysis>();
  private readonly scheduler: AnalysisScheduler;

  constructor(
    private readonly connection: Connection,
    private readonly host: NotebookHost,
  ) {
    this.scheduler = new AnalysisScheduler(
      (uri) => this.analyze(uri),
      (uri, error) => host.log(`AISec: analysis of ${uri} failed: ${describe(error)}`),
    );
    const sync = connection.notebooks.synchronization;
    sync.onDidOpenNotebookDocument((params) => {
      this.close(params.notebookDocument.uri, false);
      const notebook = new LiveNotebook(params);
      this.notebooks.set(notebook.uri, notebook);
      this.indexCells(notebook);
      // The scan's findings are on the file; the live ones go on the cells. Showing both would double them.
      const held = notebook.filePath ? host.scanned.get(notebook.filePath) : undefined;
      if (held && notebook.filePath) {
        if (held.published) void connection.sendDiagnostics({ uri: held.uri, diagnostics: [] });
        host.scanned.holdOpen(notebook.filePath, held.uri);
      }
      this.scheduler.schedule(notebook.uri, 0);
      void this.publishSavedOutputs(notebook);
    });
    sync.onDidChangeNotebookDocument((params) => {
      const notebook = this.notebooks.get(params.notebookDocument.uri);
      if (!notebook) return;
      const before = notebook.cells.map((cell) => cell.uri);
      try {
        notebook.applyChange(params);
      } catch (error) {
        host.log(`AISec: could not apply a change to ${notebook.uri}: ${describe(error)}`);
        return;
      }
      this.indexCells(notebook, before);
      this.scheduler.schedule(notebook.uri, notebook.debounceMs ?? 0);
    });
    // Outputs are not synced: what the editor saved is what the file says.
    sync.onDidSaveNotebookDocument(({ notebookDocument }) => {
      const notebook = this.notebooks.get(notebookDocument.uri);
      if (notebook) void this.publishSavedOutputs(notebook);
    });
    sync.onDidCloseNotebookDocument(async ({ notebookDocument }) => {
      const notebook = this.notebooks.get(notebookDocument.uri);
      this.close(notebookDocument.uri, true);
      // A workspace scan holds this file: show what is on disk now, as the scan would.
      const filePath = notebook?.filePath;
      const held = filePath ? host.scanned.get(filePath) : undefined;
      if (!filePath || !held) {
        if (notebook?.outputsPublished) void connection.sendDiagnostics({ uri: notebook.uri, diagnostics: [] });
        return;
      }
      const scope = await host.configuration().forFile(filePath);
      if (this.isOpenFile(filePath)) return;
      const findings = scope.enabled && !scope.isExcluded(filePath) ? analyzeOnDisk(filePath, 'jupyter', scope, host.log) : [];
      host.scanned.publish(filePath, held.uri, findings);
    });
  }

  /** Whether a URI is a cell of an open notebook (its requests are answered here). */
  hasCell(uri: string): boolean {
    return this.cellOwners.has(uri);
  }

  /** Whether a file on disk is open as a notebook (its live diagnostics win over a workspace scan's). */
  isOpenFile(filePath: string): boolean {
    for (const notebook of this.notebooks.values()) if (notebook.filePath === filePath) return true;
    return false;
  }

  reanalyzeAll(): void {
    for (const notebook of this.notebooks.values()) {
      this.scheduler.schedule(notebook.uri, 0);
      void this.publishSavedOutputs(notebook);
    }
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const found = await this.current(params.textDocument.uri);
    if (!found) return [];
    const { analysis, cellIndex } = found;
    return notebookCodeActions(analysis.context, cellIndex, params.range, params.context.diagnostics, params.context.only, this.host.actionOptions());
  }

  async resolveCodeAction(action: CodeAction, cellUri: string): Promise<CodeAction> {
    const found = await this.current(cellUri);
    if (!found) return action;
    return resolveNotebookCodeAction(action, found.analysis.context, found.cellIndex, { ...this.host.actionOptions(), lazyEdits: false });
  }

  async hover(params: HoverParams): Promise<Hover | null> {
    const found = await this.current(params.textDocument.uri);
    if (!found) return null;
    return hoverFor(findingsOfCell(found.analysis.context.findings, found.cellIndex), params.position) ?? null;
  }

  dispose(): void {
    this.scheduler.dispose();
    this.notebooks.clear();
    this.cellOwners.clear();
    this.analyses.clear();
  }

  // --- analysis ------------------------------------------------------------------------------------------

  /**
   * Cell outputs do not travel over notebook sync, yet a key printed once stays in the saved file: the saved
   * notebook's output findings are published on the notebook file itself (the Problems panel lists them).
   */
  private async publishSavedOutputs(notebook: LiveNotebook): Promise<void> {
    const filePath = notebook.filePath;
    if (!filePath) return;
    await this.host.ready();
    const scope = await this.host.configuration().forFile(filePath);
    if (this.notebooks.get(notebook.uri) !== notebook) return;
    const findings =
      scope.enabled && !scope.isExcluded(filePath)
        ? analyzeOnDisk(filePath, 'jupyter', scope, (message) => this.logOnce(notebook, message)).filter(
            (finding) => typeof finding.properties?.output === 'number',
          )
        : [];
    if (findings.length === 0 && !notebook.outputsPublished) return;
    notebook.outputsPublished = findings.length > 0;
    void this.connection.sendDiagnostics({ uri: notebook.uri, diagnostics: toDiagnostics(findings, notebook.uri, undefined, this.host.diagnosticOptions()) });
  }

  /** The analysis of a cell's notebook at its current revision, running it now when it is pending. */
  private async current(cellUri: string): Promise<{ analysis: Analysis; cellIndex: number } | undefined> {
    const notebookUri = this.cellOwners.get(cellUri);
    const notebook = notebookUri ? this.notebooks.get(notebookUri) : undefined;
    if (!notebook) return undefined;
    if (this.analyses.get(notebook.uri)?.revision !== notebook.revision) {
      this.scheduler.cancel(notebook.uri);
      await this.analyze(notebook.uri);
    }
    const analysis = this.analyses.get(notebook.uri);
    if (!analysis || analysis.revision !== notebook.revision || this.notebooks.get(notebook.uri) !== notebook) return undefined;
    const cellIndex = notebook.cells.findIndex((cell) => cell.uri === cellUri);
    return cellIndex < 0 ? undefined : { analysis, cellIndex };
  }

  private async analyze(uri: string): Promise<void> {
    await this.host.ready();
    const notebook = this.notebooks.get(uri);
    if (!notebook) return;
    const revision = notebook.revision;
    const scope = await this.host.configuration().forFile(notebook.filePath);
    // A newer change or a close happened meanwhile: its own run publishes, this one must not.
    if (this.notebooks.get(uri) !== notebook || notebook.revision !== revision) return;
    notebook.debounceMs = scope.debounceMs;
    notebook.infoFindings = scope.infoFindings;
    const cells = notebook.engineCells();
    const findings = this.findingsOf(notebook, cells, scope);
    const projectFile = scope.projectFile;
    const context: NotebookActionContext = {
      cells: notebook.cells.map((cell, index) => ({ uri: cell.uri, version: cell.document?.version ?? 0, text: cells[index].text, kind: cells[index].kind })),
      findings,
      config: scope.config,
      filePath: notebook.filePath,
      readProjectFile: projectFile ? () => this.host.readProjectFile(projectFile) : undefined,
    };
    this.analyses.set(uri, { revision, context });
    this.publish(notebook, context);
  }

  private findingsOf(notebook: LiveNotebook, cells: { kind: 'code' | 'markdown' | 'raw'; text: string }[], scope: ScopeConfig): Finding[] {
    if (!scope.enabled) return [];
    if (notebook.filePath && scope.isExcluded(notebook.filePath)) return [];
    const size = cells.reduce((total, cell) => total + cell.text.length, 0);
    if (size > MAX_LIVE_NOTEBOOK_CHARS) {
      this.logOnce(notebook, `AISec: ${notebook.uri} is not analysed: it is larger than ${MAX_LIVE_NOTEBOOK_CHARS / 1024 / 1024} MB.`);
      return [];
    }
    try {
      const result = analyzeNotebookCells(cells, { config: scope.config, filePath: notebook.filePath });
      for (const note of result.notes) this.logOnce(notebook, `AISec: ${note}`);
      return result.findings;
    } catch (error) {
      this.logOnce(notebook, `AISec: ${notebook.uri} could not be analysed: ${describe(error)}`);
      return [];
    }
  }

  /** One publish per cell that has findings now or had some before; related steps point at their own cells. */
  private publish(notebook: LiveNotebook, context: NotebookActionContext): void {
    const options = { ...this.host.diagnosticOptions(), infoFindings: notebook.infoFindings };
    const shown = new Set<string>();
    context.cells.forEach((cell, index) => {
      const findings = findingsOfCell(context.findings, index);
      if (findings.length === 0 && !notebook.publishedCells.has(cell.uri)) return;
      const diagnostics = toDiagnostics(findings, cell.uri, cell.version, options);
      diagnostics.forEach((diagnostic, at) => pointRelatedAtCells(diagnostic, findings[at], context));
      if (findings.length > 0) shown.add(cell.uri);
      void this.connection.sendDiagnostics({ uri: cell.uri, version: cell.version, diagnostics });
    });
    // Cells deleted since the last publish.
    for (const uri of notebook.publishedCells) {
      if (!context.cells.some((cell) => cell.uri === uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    notebook.publishedCells.clear();
    for (const uri of shown) notebook.publishedCells.add(uri);
  }

  private close(uri: string, clear: boolean): void {
    const notebook = this.notebooks.get(uri);
    if (!notebook) return;
    this.scheduler.cancel(uri);
    this.notebooks.delete(uri);
    this.analyses.delete(uri);
    for (const cell of notebook.cells) if (this.cellOwners.get(cell.uri) === uri) this.cellOwners.delete(cell.uri);
    if (!clear) return;
    const cells = new Set([...notebook.publishedCells, ...notebook.cells.map((cell) => cell.uri)]);
    for (const cellUri of cells) void this.connection.sendDiagnostics({ uri: cellUri, diagnostics: [] });
  }

  private indexCells(notebook: LiveNotebook, before: readonly string[] = []): void {
    for (const uri of before) if (this.cellOwners.get(uri) === notebook.uri) this.cellOwners.delete(uri);
    for (const cell of notebook.cells) this.cellOwners.set(cell.uri, notebook.uri);
  }

  private logOnce(notebook: LiveNotebook, message: string): void {
    if (notebook.loggedNotes.has(message)) return;
    notebook.loggedNotes.add(message);
    this.host.log(message);
  }
}

/** `toDiagnostics` names the diagnostic's own URI in every related location; a step in another cell names that cell. */
function pointRelatedAtCells(diagnostic: Diagnostic, finding: Finding, context: NotebookActionContext): void {
  diagnostic.relatedInformation?.forEach((information, index) => {
    const cell = finding.related[index]?.cell;
    const uri = cell === undefined ? undefined : context.cells[cell]?.uri;
    if (uri) information.location.uri = uri;
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
