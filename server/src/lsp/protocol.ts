/**
 * What the language server and the extension agree on beyond standard LSP (client side: client/src/protocol.ts).
 * Names are repeated there rather than imported, so the two bundles stay independent.
 */

/** Client commands the server returns in code actions; the client implements them. */
export const ClientCommands = {
  /** args: [ruleId]; the client sets `aisec.rules[ruleId] = "off"` in the workspace settings. */
  disableRule: 'aisec.disableRule',
  /** args: [ruleId]; the client shows the rule's documentation (it may ask `aisec/ruleDocumentation`). */
  showRuleDocumentation: 'aisec.showRuleDocumentation',
} as const;

/** Client → server request: a rule's documentation as markdown (works offline). */
export const RuleDocumentationRequest = 'aisec/ruleDocumentation';
export interface RuleDocumentationParams {
  ruleId: string;
}
export interface RuleDocumentationResult {
  ruleId: string;
  title: string;
  url: string;
  markdown: string;
}

/**
 * Client → server request: scan every supported file of the workspace folders. Reports progress through
 * `workDoneToken` when given (else a server-created progress), is cancellable, and answers when done.
 */
export const ScanWorkspaceRequest = 'aisec/scanWorkspace';
export interface ScanWorkspaceParams {
  workDoneToken?: string | number;
}
export interface ScanWorkspaceResult {
  files: number;
  findings: number;
  /** Files not read (binary, too large, unreadable), with the reason. */
  skipped: number;
  cancelled: boolean;
}

/** Client → server notification: the user trusted (or stopped trusting) the workspace. */
export const WorkspaceTrustNotification = 'aisec/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** Sent once in `initialize` as `initializationOptions`. */
export interface InitializationOptions {
  /** Default true (editors other than VS Code have no trust concept). */
  workspaceTrusted?: boolean;
  /** bench/latency only: report each analysis's in-server time with `aisec/_analysisTiming`. */
  benchmark?: boolean;
}

/** Server → client notification (benchmark mode only): time from a change's arrival to its diagnostics being sent. */
export const AnalysisTimingNotification = 'aisec/_analysisTiming';
export interface AnalysisTimingParams {
  uri: string;
  version: number;
  kind: 'quick' | 'full';
  /** From the didChange (or didOpen) arriving to publishDiagnostics being handed to the transport. */
  serverMs: number;
}

/**
 * Test and benchmark request: parses a document's current text from scratch, `times` times, and returns
 * the median duration in milliseconds (the cost an incremental update is compared with).
 */
export const BenchParseRequest = 'aisec/_benchParse';
export interface BenchParseParams {
  uri: string;
  times?: number;
}

/** The `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'aisec';

/** What a diagnostic carries so that code actions can find its finding again. */
export interface DiagnosticData {
  ruleId: string;
  /** The document version the finding was computed for. */
  version: number | undefined;
  /** Index of the finding in that analysis. */
  index: number;
}
