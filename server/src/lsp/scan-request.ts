import {
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import type { ConfigurationService } from './configuration';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from './protocol';
import type { ScannedFiles } from './scanned-files';
import { pathToUri } from './uris';
import { scanFolders } from './workspace-scan';

export interface ScanRequestContext {
  connection: Connection;
  /** Created at initialize, hence a getter. */
  configuration(): ConfigurationService;
  scanned: ScannedFiles;
  /** Whether an editor has the file open (its live diagnostics win over the scan's). */
  isOpen(filePath: string): boolean;
  /** The client can show server-created progress. */
  workDoneProgress(): boolean;
  log(message: string): void;
}

/**
 * Serves `aisec/scanWorkspace`: one scan at a time, progress through the client's token (or one the server
 * creates), cancellable from the progress UI or by cancelling the request, findings published file by file.
 */
export class WorkspaceScanRequest {
  private running = false;

  constructor(private readonly context: ScanRequestContext) {}

  async handle(params: ScanWorkspaceParams | undefined, token: CancellationToken): Promise<ScanWorkspaceResult> {
    const { connection, scanned, log } = this.context;
    const configuration = this.context.configuration();
    if (this.running) throw new ResponseError(ErrorCodes.InvalidRequest, 'An AISec workspace scan is already running.');
    this.running = true;
    let reporter: WorkDoneProgressReporter & { token?: CancellationToken } | undefined;
    try {
      if (params?.workDoneToken !== undefined) reporter = connection.window.attachWorkDoneProgress(params.workDoneToken);
      else if (this.context.workDoneProgress()) reporter = await connection.window.createWorkDoneProgress();
      else reporter = connection.window.attachWorkDoneProgress(undefined);
      const progress = reporter;
      progress.begin('AISec: scanning the workspace', 0, 'Finding files', true);
      const previous = scanned.takeAll();
      let findings = 0;
      const folders = await Promise.all(
        configuration.folderPaths.map(async (folder) => ({ folder, scope: await configuration.forFolder(folder) })),
      );
      const outcome = await scanFolders(
        folders,
        {
          report: (percentage, message) => progress.report(percentage, message),
          isCancelled: () => token.isCancellationRequested || progress.token?.isCancellationRequested === true,
        },
        (file) => {
          findings += file.findings.length;
          const uri = previous.get(file.path)?.uri ?? pathToUri(file.path);
          previous.delete(file.path);
          if (this.context.isOpen(file.path)) scanned.holdOpen(file.path, uri);
          else scanned.publish(file.path, uri, file.findings);
        },
        log,
      );
      // What the last scan reported and this one did not reach: gone, excluded, or (if cancelled) not yet seen.
      if (outcome.cancelled) scanned.restore(previous);
      else scanned.clear(previous.values());
      return { files: outcome.files, findings, skipped: outcome.skipped, cancelled: outcome.cancelled };
    } finally {
      reporter?.done();
      this.running = false;
    }
  }
}
