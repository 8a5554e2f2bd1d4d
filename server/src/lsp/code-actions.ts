import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import {
  fixAll,
  lineCommentPrefix,
  type AisecConfig,
  type Finding,
  type Fix,
  type LanguageFamily,
  type SourceText,
  type TextEdit,
} from '../engine';
import * as path from 'node:path';
import { minimalEdit, workspaceEdit, type EditCapabilities } from './edits';
import { findByIdentity, identityOf, sameRange, type FindingIdentity } from './finding-identity';
import { disableRuleInProjectFile, type ProjectFileText } from './project-file-edit';
import { ClientCommands, DIAGNOSTIC_SOURCE, type DiagnosticData } from './protocol';

/** The kind of "fix all" that `editor.codeActionsOnSave: { "source.fixAll.aisec": "explicit" }` asks for. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.aisec`;

/**
 * What a code action carries until `codeAction/resolve` computes its edit. Findings are named by identity
 * (rule, range, hash of the covered text), never by their place in a list, and a fix by its index and title:
 * resolve re-finds them in the current results and returns no edit when they are gone.
 */
export type ActionData =
  | { type: 'fix'; uri: string; version: number; finding: FindingIdentity; fix: number; fixTitle: string }
  | { type: 'ignore'; uri: string; version: number; finding: FindingIdentity }
  | { type: 'fixAll'; uri: string; version: number };

/** A document as code actions see it: the text and findings of one version. */
export interface ActionDocument {
  uri: string;
  version: number;
  languageId: string;
  filePath: string | undefined;
  family: LanguageFamily;
  source: SourceText;
  findings: readonly Finding[];
  config: AisecConfig;
  /** False when a comment line above `line` would land inside a multi-line string. Default: always possible. */
  canInsertLineAbove?(line: number): boolean;
  /**
   * The project configuration file of the document's folder, when one is in use (trusted workspaces only).
   * It wins over settings, so "disable this rule" must edit it to have any effect.
   */
  readProjectFile?(): ProjectFileText | undefined;
}

export interface ActionOptions {
  /** The client resolves edits lazily (`codeAction/resolve` with `edit`); otherwise edits are computed now. */
  lazyEdits: boolean;
  edits: EditCapabilities;
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/** The findings a request is about: those behind the diagnostics the client sent, else those in the range. */
function findingsFor(document: ActionDocument, range: Range, diagnostics: readonly Diagnostic[]): number[] {
  const indexes = new Set<number>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data || data.version !== document.version) continue;
    // The diagnostic's index is a hint from the run that published it; the rule and range decide.
    const hinted = document.findings[data.index];
    if (hinted?.ruleId === data.ruleId && sameRange(hinted.range, diagnostic.range)) {
      indexes.add(data.index);
      continue;
    }
    const index = document.findings.findIndex((f) => f.ruleId === data.ruleId && sameRange(f.range, diagnostic.range));
    if (index >= 0) indexes.add(index);
  }
  if (indexes.size === 0) {
    document.findings.forEach((finding, index) => {
      if (intersects(finding.range, range)) indexes.add(index);
    });
  }
  return [...indexes].sort((a, b) => a - b);
}

/**
 * Code actions for a range: each finding's fixes (the first safe one preferred), "ignore on this line",
 * "disable in this workspace", "show documentation", and the fix-all source action.
 */
export function codeActions(
  document: ActionDocument,
  range: Range,
  diagnostics: readonly Diagnostic[],
  only: readonly string[] | undefined,
  options: ActionOptions,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const seenRules = new Set<string>();
  // Read once per request, and only when some finding needs it.
  let projectFile: ProjectFileText | null | undefined;
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const index of findingsFor(document, range, diagnostics)) {
      const finding = document.findings[index];
      const diagnostic = diagnostics.find(
        (d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.ruleId && sameRange(d.range, finding.range),
      );
      const attached = diagnostic ? [diagnostic] : undefined;
      const identity = identityOf(finding, document.source);
      const preferred = finding.fixes.findIndex((fix) => fix.safety === 'safe');
      finding.fixes.forEach((fix, fixIndex) => {
        const action: CodeAction = {
          title: fix.safety === 'unsafe' ? `${fix.title} (review the change)` : fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: attached,
          isPreferred: fixIndex === preferred,
          data: {
            type: 'fix',
            uri: document.uri,
            version: document.version,
            finding: identity,
            fix: fixIndex,
            fixTitle: fix.title,
          } satisfies ActionData,
        };
        actions.push(finalize(action, document, options));
      });
      if (ignoreEdit(document, finding)) {
        const action: CodeAction = {
          title: `Ignore this finding on this line (${finding.ruleId})`,
          kind: CodeActionKind.QuickFix,
          diagnostics: attached,
          data: { type: 'ignore', uri: document.uri, version: document.version, finding: identity } satisfies ActionData,
        };
        actions.push(finalize(action, document, options));
      }
      if (seenRules.has(finding.ruleId)) continue;
      seenRules.add(finding.ruleId);
      projectFile ??= document.readProjectFile?.() ?? null;
      actions.push(disableAction(finding.ruleId, projectFile, attached, options));
      actions.push({
        title: `Show documentation for ${finding.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: attached,
        command: { title: `Show documentation for ${finding.ruleId}`, command: ClientCommands.showRuleDocumentation, arguments: [finding.ruleId] },
      });
    }
  }
  // Offered on request (on save, "Fix all" in the source action menu), and in the light bulb when it does something.
  const explicitFixAll = only !== undefined && wants(only, FIX_ALL_KIND);
  const anySafeFix = document.findings.some((finding) => finding.fixes.some((fix) => fix.safety === 'safe'));
  if (explicitFixAll || (only === undefined && anySafeFix)) {
    const action: CodeAction = {
      title: 'Fix all auto-fixable AISec problems',
      kind: FIX_ALL_KIND,
      data: { type: 'fixAll', uri: document.uri, version: document.version } satisfies ActionData,
    };
    // On save there is no time for a second round trip: compute now.
    actions.push(explicitFixAll ? resolveCodeAction(action, document, options) : finalize(action, document, options));
  }
  return actions;
}

/**
 * "Disable <rule>": an edit of the project file when there is one (it wins over settings), else the client
 * command that writes the workspace settings. A project file this edit cannot change safely also gets the command.
 */
function disableAction(
  ruleId: string,
  projectFile: ProjectFileText | null,
  diagnostics: Diagnostic[] | undefined,
  options: ActionOptions,
): CodeAction {
  const changed = projectFile ? disableRuleInProjectFile(projectFile, ruleId) : undefined;
  const edit = projectFile && changed !== undefined ? minimalEdit(projectFile.text, changed) : undefined;
  if (projectFile && edit) {
    const name = path.basename(projectFile.filePath);
    return {
      title: `Disable ${ruleId} in ${name}`,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      edit: projectFileEdit(projectFile, edit, options.edits),
    };
  }
  return {
    title: `Disable ${ruleId} in this workspace`,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    command: { title: `Disable ${ruleId}`, command: ClientCommands.disableRule, arguments: [ruleId] },
  };
}

/** The project file may not be open: a versioned edit names null, which applies to whatever the file holds. */
function projectFileEdit(file: ProjectFileText, edit: TextEdit, capabilities: EditCapabilities): WorkspaceEdit {
  if (capabilities.documentChanges) return { documentChanges: [{ textDocument: { uri: file.uri, version: file.version }, edits: [edit] }] };
  return { changes: { [file.uri]: [edit] } };
}

function finalize(action: CodeAction, document: ActionDocument, options: ActionOptions): CodeAction {
  return options.lazyEdits ? action : resolveCodeAction(action, document, options);
}

/** Fills in a code action's edit. An action for an older version of the document gets no edit. */
export function resolveCodeAction(action: CodeAction, document: ActionDocument, options: ActionOptions): CodeAction {
  const data = action.data as ActionData | undefined;
  if (!data || data.uri !== document.uri || data.version !== document.version) return action;
  switch (data.type) {
    case 'fix': {
      const fix = resolveFix(document, data);
      if (fix) action.edit = workspaceEdit(document.uri, document.version, fix.edits, options.edits, fix.isSnippet);
      return action;
    }
    case 'ignore': {
      const finding = findByIdentity(document.findings, document.source, data.finding);
      const edit = finding && ignoreEdit(document, finding);
      if (edit) action.edit = workspaceEdit(document.uri, document.version, [edit], options.edits);
      return action;
    }
    case 'fixAll': {
      const fixed = fixAll(document.source.text, document.languageId, { config: document.config, filePath: document.filePath });
      const edit = minimalEdit(document.source.text, fixed.text);
      action.edit = workspaceEdit(document.uri, document.version, edit ? [edit] : [], options.edits);
      return action;
    }
  }
}

/** The fix a 'fix' action names, if its finding is still there and still offers it; never another one. */
export function resolveFix(document: Pick<ActionDocument, 'findings' | 'source'>, data: Extract<ActionData, { type: 'fix' }>): Fix | undefined {
  const named = (finding: Finding) => finding.fixes[data.fix]?.title === data.fixTitle;
  return findByIdentity(document.findings, document.source, data.finding, named)?.fixes[data.fix];
}

const DIRECTIVE_WITH_TARGETS = /^(\s*)(#|\/\/)\s*aisec-ignore\s*:\s*[A-Za-z0-9_\-/ ,]*[A-Za-z0-9_\-/]\s*$/;

/**
 * A suppression comment on its own line above the finding, with the line's indentation; when that line is
 * already an `aisec-ignore: ...` comment, the rule id is added to its list instead.
 */
export function ignoreEdit(document: Pick<ActionDocument, 'family' | 'source' | 'canInsertLineAbove'>, finding: Finding): TextEdit | undefined {
  const prefix = lineCommentPrefix(document.family);
  if (prefix === undefined) return undefined;
  const { source } = document;
  const line = finding.range.start.line;
  const above = line > 0 ? source.lineText(line - 1) : '';
  if (DIRECTIVE_WITH_TARGETS.test(above)) {
    const end = above.trimEnd().length;
    return { range: { start: { line: line - 1, character: end }, end: { line: line - 1, character: end } }, newText: `, ${finding.ruleId}` };
  }
  if (document.canInsertLineAbove && !document.canInsertLineAbove(line)) return undefined;
  const indentation = source.indentation(line);
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indentation}${prefix} aisec-ignore: ${finding.ruleId}${source.eol}`,
  };
}
