import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'aisec.aisec';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the end-to-end tests need the test workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function aisecDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'aisec');
}

export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

/**
 * Resolves with the file's AISec diagnostics once `accept` holds, checking again on every diagnostics change.
 * Rejects after `timeoutMs` with what was there, so a failure says what the server published instead.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = aisecDiagnostics(uri);
      if (!accept(current)) return false;
      cleanup();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const seen = aisecDiagnostics(uri).map((d) => `${ruleIdOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
      reject(new Error(`timed out waiting for diagnostics on ${path.basename(uri.path)}; have: ${seen.join(', ') || 'none'}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

export function hasRule(ruleId: string) {
  return (diagnostics: vscode.Diagnostic[]): boolean => diagnostics.some((d) => ruleIdOf(d) === ruleId);
}

export function withRule(diagnostics: vscode.Diagnostic[], ruleId: string): vscode.Diagnostic {
  const found = diagnostics.find((d) => ruleIdOf(d) === ruleId);
  if (!found) throw new Error(`no ${ruleId} diagnostic among ${diagnostics.map(ruleIdOf).join(', ')}`);
  return found;
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

export interface UiAnswer<T> {
  ok: boolean;
  result?: T;
  error?: string;
}

/**
 * Asks the test runner's browser side (test/e2e/vscode-shim.cjs) to drive the workbench like a user: the
 * request travels on the console, which the workbench forwards to it, and the answer comes back as a file.
 */
export async function askUi<T>(action: string, details: Record<string, unknown>, timeoutMs = 60000): Promise<T> {
  const answer = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-e2e-ui-')), 'answer.json');
  console.log(`aisec-e2e:ui ${JSON.stringify({ action, answer, ...details })}`);
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(answer)) {
    if (Date.now() > deadline) throw new Error(`the UI driver did not answer "${action}" within ${timeoutMs} ms`);
    await sleep(200);
  }
  const parsed = JSON.parse(fs.readFileSync(answer, 'utf8')) as UiAnswer<T>;
  fs.rmSync(path.dirname(answer), { recursive: true, force: true });
  if (!parsed.ok || parsed.result === undefined) throw new Error(`UI action "${action}" failed: ${parsed.error}`);
  return parsed.result;
}
