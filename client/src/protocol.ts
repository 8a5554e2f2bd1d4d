/**
 * The names the extension and the language server agree on (server side: server/src/lsp/).
 * Kept in one place so a rename is one edit on each side.
 */

/** The extension's commands, as contributed in package.json. */
export const Commands = {
  scanWorkspace: 'aisec.scanWorkspace',
  showRuleDocumentation: 'aisec.showRuleDocumentation',
  restartServer: 'aisec.restartServer',
  showOutput: 'aisec.showOutput',
  disableRule: 'aisec.disableRule',
} as const;

/** Client → server request: a rule's documentation as markdown. */
export const RuleDocumentationRequest = 'aisec/ruleDocumentation';
export interface RuleDocumentationParams {
  ruleId: string;
}

/**
 * Client → server request: scan every supported file of the workspace folders. The server shows a
 * cancellable progress notification, keeps the findings in the Problems panel and answers when done.
 */
export const ScanWorkspaceRequest = 'aisec/scanWorkspace';
export interface ScanWorkspaceResult {
  files: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

/** Client → server notification: the user trusted (or stopped trusting) the workspace. */
export const WorkspaceTrustNotification = 'aisec/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** Sent once in `initialize`. */
export interface InitializationOptions {
  workspaceTrusted: boolean;
}

/** The `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'aisec';
