import * as fs from 'node:fs';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  MessageType,
  ShowMessageNotification,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { grammarFor, initEngine, renderRuleMarkdown, ruleById, ruleDocsUrl, type Finding } from '../engine';
import { parseText } from '../engine/parsing/parse';
import { codeActions, FIX_ALL_KIND, resolveCodeAction, type ActionDocument, type ActionOptions } from './code-actions';
import { ConfigurationService, type ScopeConfig } from './configuration';
import { OffThreadFullRuns } from './full-runs/off-thread';
import { toDiagnostics, type DiagnosticOptions } from './diagnostics';
import { EditorBaselines } from './editor-baseline';
import { hoverFor } from './hover';
import { LiveDocument } from './live-document';
import { NOTEBOOK_DOCUMENT_SYNC, NOTEBOOK_FIX_ALL_KIND, NotebookSession } from './notebooks';
import {
  AnalysisTimingNotification,
  BenchParseRequest,
  RuleDocumentationRequest,
  ScanWorkspaceRequest,
  WorkspaceTrustNotification,
  type AnalysisTimingParams,
  type BenchParseParams,
  type InitializationOptions,
  type RuleDocumentationParams,
  type RuleDocumentationResult,
  type ScanWorkspaceParams,
  type WorkspaceTrustParams,
} from './protocol';
import { AnalysisScheduler, type RunKind } from './scheduler';
import { RecentlyEdited } from './recently-edited';
import { ScannedFiles } from './scanned-files';
import { WorkspaceScanRequest } from './scan-request';
import { pathToUri, uriToPath } from './uris';
import type { ProjectFileText } from './project-file-edit';
import { analyzeOnDisk } from './workspace-scan';

/**
 * After a pause in typing this long (on top of the debounce), whole-document rules (dataflow) re-run; while
 * typing, their findings move with the text.
 */
const FULL_RUN_IDLE_MS = 300;

/** Documents larger than this are not analysed as you type (the CLI still scans them). */
const MAX_LIVE_DOCUMENT_CHARS = 5 * 1024 * 1024;

interface ClientSupport {
  pullConfiguration: boolean;
  registerConfiguration: boolean;
  registerWatchedFiles: boolean;
  workspaceFolders: boolean;
  workDoneProgress: boolean;
  diagnostics: DiagnosticOptions;
  actions: ActionOptions;
}

function clientSupport(capabilities: ClientCapabilities): ClientSupport {
  const workspace = capabilities.workspace;
  const textDocument = capabilities.textDocument;
  return {
    pullConfiguration: workspace?.configuration === true,
    registerConfiguration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    registerWatchedFiles: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: workspace?.workspaceFolders === true,
    workDoneProgress: capabilities.window?.workDoneProgress === true,
    diagnostics: {
      relatedInformation: textDocument?.publishDiagnostics?.relatedInformation === true,
      codeDescription: textDocument?.publishDiagnostics?.codeDescriptionSupport === true,
    },
    actions: {
      lazyEdits: textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
      edits: {
        documentChanges: workspace?.workspaceEdit?.documentChanges === true,
        snippets: (workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport === true,
      },
    },
  };
}

/**
 * The AISec language server: keeps open documents and their syntax trees, analyses them as they change
 * (debounced, newest version wins, never publishing stale results), and serves code actions, hovers,
 * rule documentation and workspace scans. Nothing that goes wrong in one document reaches another.
 */
export function startServer(connection: Connection): void {
  const documents = new Map<string, LiveDocument>();
  /** Files a workspace scan holds (by path): their findings stay in the Problems panel while they are closed. */
  const scanned = new ScannedFiles(connection, () => support.diagnostics);
  let support: ClientSupport;
  let configuration: ConfigurationService;
  let ready: Promise<void> = Promise.resolve();
  let benchmark = false;

  const log = (message: string) => connection.console.log(message);
  // Only the documents opened or edited last keep a syntax tree and incremental state between analyses.
  const recent = new RecentlyEdited((uri) => documents.get(uri)?.release());
  const baselines = new EditorBaselines(log);

  // Full runs of large documents happen on worker threads, so they never hold up the others.
  const fullRuns = new OffThreadFullRuns(log);
  const reportedFailures = new Set<string>();
  const scheduler = new AnalysisScheduler(analyzeOpenDocument, (uri, error) => {
    // The same failure on every keystroke is one log line, not hundreds.
    const message = `AISec: analysis of ${uri} failed: ${describe(error)}`;
    if (reportedFailures.has(message)) return;
    reportedFailures.add(message);
    log(message);
  });

  // Jupyter notebooks open in the editor: their cells' requests are answered there.
  const notebooks = new NotebookSession(connection, {
    configuration: () => configuration,
    diagnosticOptions: () => support.diagnostics,
    actionOptions: () => support.actions,
    ready: () => ready,
    scanned,
    log,
    readProjectFile,
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    support = clientSupport(params.capabilities);
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    benchmark = options.benchmark === true;
    configuration = new ConfigurationService(
      {
        fetchSettings: async (scopeUri) => {
          if (!support.pullConfiguration) return undefined;
          return connection.workspace.getConfiguration({ scopeUri, section: 'aisec' });
        },
        warn: (message) => {
          log(message);
          void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
        },
      },
      options.workspaceTrusted !== false,
    );
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    configuration.setFolders(folders);
    ready = initEngine();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        notebookDocumentSync: NOTEBOOK_DOCUMENT_SYNC,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, NOTEBOOK_FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'aisec', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (support.registerConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'aisec' });
    }
    if (support.registerWatchedFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        // Baseline files can have any name; this pattern covers the documented `.aisec-baseline.json` and its kin.
        watchers: [{ globPattern: '**/.aisec.json' }, { globPattern: '**/pyproject.toml' }, { globPattern: '**/*baseline*.json' }],
      });
    }
    if (support.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async () => {
        const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
        configuration.setFolders(folders.map((folder) => folder.uri));
        reanalyzeAll();
      });
    }
  });

  // --- documents -----------------------------------------------------------------------------------------

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const filePath = uriToPath(textDocument.uri);
    documents.get(textDocument.uri)?.dispose();
    fullRuns.cancel(textDocument.uri);
    const document = new LiveDocument(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text, filePath);
    documents.set(textDocument.uri, document);
    // Opened to be read or edited: its first keystrokes should find the tree ready.
    recent.touch(textDocument.uri);
    // The live analysis replaces what a workspace scan published for this file.
    const held = filePath ? scanned.get(filePath) : undefined;
    if (held?.published && held.uri !== textDocument.uri) connection.sendDiagnostics({ uri: held.uri, diagnostics: [] });
    // The workers start with the first document large enough for them, not before: idle, they cost memory.
    if (fullRuns.handles(document)) fullRuns.prestart();
    scheduler.schedule(textDocument.uri, 0);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return;
    try {
      document.applyChanges(contentChanges, textDocument.version);
    } catch (error) {
      log(`AISec: could not apply a change to ${textDocument.uri}: ${describe(error)}`);
      return;
    }
    fullRuns.cancel(textDocument.uri);
    recent.touch(textDocument.uri);
    const debounce = document.debounceMs ?? 0;
    scheduler.schedule(textDocument.uri, debounce, 'quick');
    scheduler.schedule(textDocument.uri, debounce + FULL_RUN_IDLE_MS, 'full');
  });

  connection.onDidCloseTextDocument(async ({ textDocument }) => {
    const document = documents.get(textDocument.uri);
    scheduler.cancel(textDocument.uri);
    fullRuns.cancel(textDocument.uri);
    recent.forget(textDocument.uri);
    documents.delete(textDocument.uri);
    document?.dispose();
    const filePath = document?.filePath;
    const held = filePath ? scanned.get(filePath) : undefined;
    if (!filePath || !held || !document) {
      connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      return;
    }
    // The scan holds this file: show what is on disk now, as the scan would.
    const scope = await configuration.forFile(filePath);
    if (documents.has(textDocument.uri)) return;
    const findings = scope.enabled && !scope.isExcluded(filePath) ? analyzeOnDisk(filePath, document.languageId, scope, log) : [];
    scanned.publish(filePath, textDocument.uri, findings);
  });

  /** `answering`: a request needs this version's findings, so wait for them (even from a worker). */
  async function analyzeOpenDocument(uri: string, kind: RunKind = 'full', answering = false): Promise<void> {
    await ready;
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const scope = await configuration.forFile(document.filePath);
    // A newer change or a close happened meanwhile: its own run publishes, this one must not.
    if (documents.get(uri) !== document || document.version !== version) return;
    document.debounceMs = scope.debounceMs;
    if (fullRuns.handles(document) && (kind === 'full' || !document.canRunQuick({ config: scope.config }))) {
      // Not awaited: the scheduler goes on with other documents while a worker runs this one. Until a first
      // full run, a quick run would be a full run here, so it waits for the full run due when typing pauses.
      const wanted = kind === 'full' || answering;
      const run = fullRuns.settled(uri, version, scope.config) ?? (wanted ? analyzeOffThread(document, scope, version) : undefined);
      if (answering) await run;
      return;
    }
    const { findings, complete } = analyzeSafely(document, scope, kind);
    if (documents.get(uri) !== document || document.version !== version) return;
    // Nothing whole-document to catch up on: the pending full run would publish the same.
    if (complete && kind === 'quick') scheduler.cancel(uri, ['full']);
    publish(document, version, kind, findings, scope);
    releaseUnlessRecent(document);
  }

  /** A document not being edited keeps its text and findings only; the tree and state go until it is needed. */
  function releaseUnlessRecent(document: LiveDocument): void {
    if (!recent.has(document.uri) && documents.get(document.uri) === document) document.release();
  }

  async function analyzeOffThread(document: LiveDocument, scope: ScopeConfig, version: number): Promise<void> {
    let findings: Finding[] = [];
    const analysed = willAnalyze(document, scope);
    if (analysed) {
      try {
        const result = await fullRuns.run(document, scope.config);
        // Superseded by a newer version, or the document closed: that version's own run publishes.
        if (!result) return;
        for (const note of result.notes) logOnce(document, `AISec: ${note}`);
        findings = result.findings;
      } catch (error) {
        if (documents.get(document.uri) !== document || document.version !== version) return;
        // The workers could not start at all (the pool logged why): analyse here, as without workers.
        if (!fullRuns.handles(document)) findings = analyzeSafely(document, scope, 'full').findings;
        else logOnce(document, `AISec: ${document.uri} could not be analysed: ${describe(error)}`);
      }
    }
    if (documents.get(document.uri) !== document || document.version !== version) return;
    publish(document, version, 'full', findings, scope);
    // The worker's state was adopted: kept only for a document being edited.
    releaseUnlessRecent(document);
    if (!analysed) return;
    // The worker parsed its own copy and ran the rules in its own thread: parse here too (for a document
    // being edited), and run the rules here once, now rather than on the first keystrokes.
    setImmediate(() => {
      if (documents.get(document.uri) !== document) return;
      if (recent.has(document.uri)) document.prepareTree();
      fullRuns.warmUp(document, scope.config);
    });
  }

  function publish(document: LiveDocument, version: number, kind: RunKind, findings: Finding[], scope: ScopeConfig): void {
    const uri = document.uri;
    document.published = { version, findings };
    const accepted = baselines.accepted(scope.config.baseline, document.filePath, document.text, findings);
    const marks = accepted && { accepted, severity: scope.baselineSeverity };
    connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(findings, uri, version, { ...support.diagnostics, infoFindings: scope.infoFindings }, marks) });
    if (benchmark) {
      const timing: AnalysisTimingParams = { uri, version, kind, serverMs: performance.now() - document.changedAt };
      void connection.sendNotification(AnalysisTimingNotification, timing);
    }
  }

  /** Whether the document is to be analysed at all (enabled, not excluded, not binary or huge). */
  function willAnalyze(document: LiveDocument, scope: ScopeConfig): boolean {
    if (!scope.enabled || !document.family) return false;
    if (document.filePath && scope.isExcluded(document.filePath)) return false;
    const problem = unanalysable(document.text);
    if (problem) {
      logOnce(document, `AISec: ${document.uri} is not analysed: ${problem}.`);
      return false;
    }
    return true;
  }

  function analyzeSafely(document: LiveDocument, scope: ScopeConfig, kind: RunKind): { findings: Finding[]; complete: boolean } {
    const nothing = { findings: [], complete: true };
    if (!willAnalyze(document, scope)) return nothing;
    try {
      const result = document.analyze({ config: scope.config }, kind);
      for (const note of result.notes) logOnce(document, `AISec: ${note}`);
      return result;
    } catch (error) {
      logOnce(document, `AISec: ${document.uri} could not be analysed: ${describe(error)}`);
      return nothing;
    }
  }

  function logOnce(document: LiveDocument, message: string): void {
    if (document.loggedNotes.has(message)) return;
    document.loggedNotes.add(message);
    log(message);
  }

  function reanalyzeAll(): void {
    for (const uri of documents.keys()) scheduler.schedule(uri, 0);
    notebooks.reanalyzeAll();
  }

  /** The document's analysis for its current version, running it now when it is pending. */
  async function currentAnalysis(uri: string): Promise<{ document: LiveDocument; findings: Finding[]; scope: ScopeConfig } | undefined> {
    const document = documents.get(uri);
    if (!document || !document.family) return undefined;
    if (!document.currentFindings()) {
      scheduler.cancel(uri, ['quick']);
      // A large document that cannot run quick yet waits for its full run on the worker (in flight, or started now).
      await analyzeOpenDocument(uri, 'quick', true);
    }
    const findings = document.currentFindings();
    if (!findings || documents.get(uri) !== document) return undefined;
    return { document, findings, scope: await configuration.forFile(document.filePath) };
  }

  function actionDocument(document: LiveDocument, findings: Finding[], scope: ScopeConfig): ActionDocument | undefined {
    if (!document.family) return undefined;
    return {
      uri: document.uri,
      version: document.version,
      languageId: document.languageId,
      filePath: document.filePath,
      family: document.family,
      source: document.source,
      findings,
      config: scope.config,
      canInsertLineAbove: (line) => document.canInsertLineAbove(line),
      readProjectFile: () => (scope.projectFile ? readProjectFile(scope.projectFile) : undefined),
    };
  }

  /** The project file as the editor has it: the open buffer (unsaved changes included), else the file on disk. */
  function readProjectFile(filePath: string): ProjectFileText | undefined {
    for (const open of documents.values()) {
      if (open.filePath === filePath) return { filePath, uri: open.uri, text: open.text, version: open.version };
    }
    try {
      return { filePath, uri: pathToUri(filePath), text: fs.readFileSync(filePath, 'utf8'), version: null };
    } catch {
      return undefined;
    }
  }

  // --- configuration -------------------------------------------------------------------------------------

  connection.onDidChangeConfiguration((params) => {
    const settings = (params.settings as { aisec?: unknown } | undefined)?.aisec;
    configuration.setPushedSettings(settings);
    reanalyzeAll();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const touchesConfig = changes.some((change) => {
      const filePath = uriToPath(change.uri);
      return filePath !== undefined && ConfigurationService.isProjectConfigFile(filePath);
    });
    const touchesBaseline = changes.some((change) => {
      const filePath = uriToPath(change.uri);
      return filePath !== undefined && baselines.isInUse(filePath);
    });
    if (touchesBaseline && !touchesConfig) {
      reanalyzeAll();
      return;
    }
    if (!touchesConfig) return;
    configuration.invalidate();
    reanalyzeAll();
  });

  connection.onNotification(WorkspaceTrustNotification, (params: WorkspaceTrustParams) => {
    configuration.setTrusted(params?.trusted === true);
    reanalyzeAll();
  });

  // --- code actions and hovers ---------------------------------------------------------------------------

  connection.onCodeAction(async (params) => {
    if (notebooks.hasCell(params.textDocument.uri)) return notebooks.codeActions(params);
    const current = await currentAnalysis(params.textDocument.uri);
    if (!current) return [];
    const document = actionDocument(current.document, current.findings, current.scope);
    if (!document) return [];
    try {
      return codeActions(document, params.range, params.context.diagnostics, params.context.only, support.actions);
    } finally {
      // Placing a suppression comment may have parsed the text again.
      releaseUnlessRecent(current.document);
    }
  });

  connection.onCodeActionResolve(async (action) => {
    const data = action.data as { uri?: string } | undefined;
    if (!data?.uri) return action;
    if (notebooks.hasCell(data.uri)) return notebooks.resolveCodeAction(action, data.uri);
    const current = await currentAnalysis(data.uri);
    if (!current) return action;
    const document = actionDocument(current.document, current.findings, current.scope);
    try {
      return document ? resolveCodeAction(action, document, { ...support.actions, lazyEdits: false }) : action;
    } finally {
      releaseUnlessRecent(current.document);
    }
  });

  connection.onHover(async (params) => {
    if (notebooks.hasCell(params.textDocument.uri)) return notebooks.hover(params);
    const current = await currentAnalysis(params.textDocument.uri);
    return current ? hoverFor(current.findings, params.position) ?? null : null;
  });

  connection.onRequest(RuleDocumentationRequest, (params: RuleDocumentationParams): RuleDocumentationResult => {
    const rule = typeof params?.ruleId === 'string' ? ruleById(params.ruleId) : undefined;
    if (!rule) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown AISec rule: ${String(params?.ruleId)}`);
    return { ruleId: rule.meta.id, title: rule.meta.title, url: ruleDocsUrl(rule.meta.id), markdown: renderRuleMarkdown(rule, 1) };
  });

  // --- workspace scan ------------------------------------------------------------------------------------

  const scanRequest = new WorkspaceScanRequest({
    connection,
    configuration: () => configuration,
    scanned,
    isOpen: (filePath) => [...documents.values()].some((document) => document.filePath === filePath) || notebooks.isOpenFile(filePath),
    workDoneProgress: () => support.workDoneProgress,
    log,
  });
  connection.onRequest(ScanWorkspaceRequest, async (params: ScanWorkspaceParams | undefined, token: CancellationToken) => {
    await ready;
    return scanRequest.handle(params, token);
  });

  // --- benchmark support ---------------------------------------------------------------------------------

  connection.onRequest(BenchParseRequest, async (params: BenchParseParams) => {
    await ready;
    const document = documents.get(params.uri);
    const grammar = document?.family ? grammarFor(document.languageId, document.family) : undefined;
    if (!document || !grammar) throw new ResponseError(ErrorCodes.InvalidParams, 'no open document with a tree-sitter grammar');
    const times: number[] = [];
    for (let i = 0; i < Math.max(1, Math.min(params.times ?? 5, 50)); i++) {
      const started = process.hrtime.bigint();
      parseText(grammar, document.text).delete();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)], runs: times.length };
  });

  connection.onShutdown(() => {
    scheduler.dispose();
    recent.dispose();
    fullRuns.dispose();
    notebooks.dispose();
    for (const document of documents.values()) document.dispose();
    documents.clear();
  });

  connection.listen();
}

/** Text the engine should not try: binary content opened as code, or a document too large to lint live. */
function unanalysable(text: string): string | undefined {
  if (text.length > MAX_LIVE_DOCUMENT_CHARS) return `it is larger than ${MAX_LIVE_DOCUMENT_CHARS / 1024 / 1024} MB`;
  if (text.slice(0, 8192).includes('\u0000')) return 'it looks binary (it contains NUL characters)';
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

declare const AISEC_VERSION: string | undefined;
const SERVER_VERSION = typeof AISEC_VERSION === 'string' ? AISEC_VERSION : '0.1.0';
