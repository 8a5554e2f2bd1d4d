import * as vscode from 'vscode';
import type { LanguageServer } from './languageServer';
import { RuleDocumentationRequest, type RuleDocumentationParams } from './protocol';
import { onlineDocumentationUrl, pickRule, type RuleCatalogue } from './ruleCatalogue';

/** Read-only documents holding a rule's documentation: `aisec-rule:/<category>/<slug>.md`. */
export const RULE_DOCS_SCHEME = 'aisec-rule';

const RULE_ID = /^[a-z][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;

export function isRuleId(value: unknown): value is string {
  return typeof value === 'string' && RULE_ID.test(value);
}

export function ruleDocumentationUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/${ruleId}.md` });
}

function ruleIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}

interface RuleDocumentation {
  markdown: string;
  url?: string;
}

/** The server answers with markdown, or `{ markdown, url }`; anything else means "no such rule". */
function documentationOf(answer: unknown): RuleDocumentation | undefined {
  if (typeof answer === 'string') return { markdown: answer };
  if (!answer || typeof answer !== 'object') return undefined;
  const { markdown, url } = answer as { markdown?: unknown; url?: unknown };
  if (typeof markdown !== 'string') return undefined;
  return { markdown, url: typeof url === 'string' ? url : undefined };
}

/**
 * Serves the documentation from the server (offline, the same text as the hover and docs/rules.md) as a
 * virtual read-only document, so the markdown preview shows it without an unsaved editor to close.
 */
export class RuleDocumentationProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly server: LanguageServer) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ruleId = ruleIdOf(uri);
    const params: RuleDocumentationParams = { ruleId };
    const documentation = documentationOf(await this.server.request<unknown>(RuleDocumentationRequest, params));
    if (!documentation) return `# ${ruleId}\n\nAISec has no rule with this id.\n`;
    const { markdown } = documentation;
    const heading = markdown.trimStart().startsWith('#') ? '' : `# ${ruleId}\n\n`;
    const online = documentation.url ?? onlineDocumentationUrl(ruleId)?.toString();
    const footer = online && !markdown.includes(online) ? `\n\n[Online documentation](${online})\n` : '';
    return heading + markdown + footer;
  }
}

/** `aisec.showRuleDocumentation [ruleId]`: the rule's documentation in a markdown preview beside the editor. */
export async function showRuleDocumentation(catalogue: RuleCatalogue, ruleId?: unknown): Promise<void> {
  const id = isRuleId(ruleId) ? ruleId : await pickRule(catalogue, 'Show the documentation of which AISec rule?');
  if (!id) return;
  const uri = ruleDocumentationUri(id);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    // Without the built-in markdown extension, the source is still readable.
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}
