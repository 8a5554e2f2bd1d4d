import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import {
  CONFIG_FILE_NAMES,
  findProjectConfig,
  resolveConfig,
  ruleIds,
  type AisecConfig,
  type ConfigLayer,
} from '../engine';
import type { InfoFindings } from './diagnostics';
import { defaultEditorSettings, messageOf, readEditorSettings, type BaselineSeverity, type EditorSettings } from './settings';
import { pathToUri, uriToPath } from './uris';

/** Everything analysis needs for the documents of one workspace folder (or of no folder). */
export interface ScopeConfig {
  /** Folder path, or undefined for files outside every workspace folder. */
  folder: string | undefined;
  enabled: boolean;
  debounceMs: number;
  /** How findings accepted by the project's baseline file (`config.baseline`) are shown. */
  baselineSeverity: BaselineSeverity;
  /** How info findings show in this folder's documents. */
  infoFindings: InfoFindings;
  config: AisecConfig;
  /** The project file in use, if any (only in trusted workspaces). */
  projectFile: string | undefined;
  /** The folder `exclude` globs are relative to. */
  excludeRoot: string | undefined;
  /** Whether a path is excluded by `exclude` (relative to the project root, or the folder). */
  isExcluded(filePath: string): boolean;
}

export interface ConfigurationHost {
  /** Asks the client for the `aisec` section at a scope (undefined when the client cannot answer). */
  fetchSettings(scopeUri: string | undefined): Promise<unknown>;
  /** Shows a warning to the user; called once per distinct message. */
  warn(message: string): void;
}

/**
 * Resolves configuration per workspace folder: the editor settings layer, then the folder's project file
 * (`.aisec.json` or `[tool.aisec]`), which wins because CI reads it too. Results are cached until settings,
 * project files, folders or trust change.
 */
export class ConfigurationService {
  private folders: string[] = [];
  private readonly cache = new Map<string, Promise<ScopeConfig>>();
  private readonly reported = new Set<string>();
  private pushedSettings: unknown;
  private knownRuleIds: ReadonlySet<string> | undefined;

  constructor(
    private readonly host: ConfigurationHost,
    private trustedWorkspace: boolean,
  ) {}

  get trusted(): boolean {
    return this.trustedWorkspace;
  }

  setTrusted(trusted: boolean): void {
    this.trustedWorkspace = trusted;
    this.invalidate();
  }

  setFolders(folderUris: readonly string[]): void {
    this.folders = folderUris.map(uriToPath).filter((p): p is string => p !== undefined);
    this.invalidate();
  }

  get folderPaths(): readonly string[] {
    return this.folders;
  }

  /** Settings pushed with didChangeConfiguration, used when the client does not support pulling. */
  setPushedSettings(settings: unknown): void {
    this.pushedSettings = settings;
    this.invalidate();
  }

  invalidate(): void {
    this.cache.clear();
  }

  /** True when a changed file is one of the project configuration files. */
  static isProjectConfigFile(filePath: string): boolean {
    return (CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(filePath));
  }

  /** The workspace folder holding a file: the deepest one, so nested folders use their own project file. */
  folderOf(filePath: string | undefined): string | undefined {
    if (!filePath) return undefined;
    let best: string | undefined;
    for (const folder of this.folders) {
      const inside = filePath === folder || filePath.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
      if (inside && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  forFile(filePath: string | undefined): Promise<ScopeConfig> {
    return this.forFolder(this.folderOf(filePath));
  }

  forFolder(folder: string | undefined): Promise<ScopeConfig> {
    const key = folder ?? '';
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.load(folder);
      this.cache.set(key, entry);
    }
    return entry;
  }

  private ruleIdSet(): ReadonlySet<string> {
    this.knownRuleIds ??= new Set(ruleIds());
    return this.knownRuleIds;
  }

  private async load(folder: string | undefined): Promise<ScopeConfig> {
    let raw: unknown;
    try {
      raw = await this.host.fetchSettings(folder ? pathToUri(folder) : undefined);
    } catch (error) {
      this.report(`AISec could not read its settings: ${messageOf(error)}; using defaults.`);
    }
    if (raw === undefined) raw = this.pushedSettings;
    const { settings, errors } = readEditorSettings(raw, this.ruleIdSet(), this.trustedWorkspace);
    errors.forEach((message) => this.report(message));
    const project = this.projectLayer(folder);
    return scopeConfig(folder, settings, project);
  }

  /** The folder's project file layer; ignored in untrusted workspaces, where the files are not the user's. */
  private projectLayer(folder: string | undefined): { file: string | undefined; root: string | undefined; layer: ConfigLayer } {
    const none = { file: undefined, root: undefined, layer: { rules: {}, ruleOptions: {}, settings: {} } };
    if (!folder || !this.trustedWorkspace) return none;
    try {
      const found = findProjectConfig(folder, this.ruleIdSet(), folder);
      return { file: found.file, root: found.root, layer: found.layer };
    } catch (error) {
      this.report(`${messageOf(error)}. AISec uses the default configuration for this folder until the file is fixed.`);
      return none;
    }
  }

  /** Each distinct problem is shown once per session, not on every keystroke. */
  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.host.warn(message);
  }
}

function scopeConfig(
  folder: string | undefined,
  settings: EditorSettings = defaultEditorSettings(),
  project: { file: string | undefined; root: string | undefined; layer: ConfigLayer },
): ScopeConfig {
  const config = { ...resolveConfig(settings.layer, project.layer), projectRoot: folder ?? project.root };
  // Globs are relative to the file that set them: the project file's folder, else the workspace folder.
  const root = project.layer.exclude ? project.root : folder;
  let matcher: Ignore | undefined;
  if (config.exclude.length > 0) matcher = ignore().add(config.exclude);
  return {
    folder,
    enabled: settings.enable,
    debounceMs: settings.debounceMs,
    baselineSeverity: settings.baselineSeverity,
    infoFindings: settings.infoFindings,
    config,
    projectFile: project.file,
    excludeRoot: root,
    isExcluded(filePath: string): boolean {
      if (!matcher || !root) return false;
      const relative = path.relative(root, filePath);
      if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false;
      return matcher.ignores(relative.split(path.sep).join('/'));
    },
  };
}


