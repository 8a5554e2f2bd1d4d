import {
  ConfigError,
  parseConfig,
  type ConfigLayer,
} from '../engine';
import { DEFAULT_INFO_FINDINGS, type InfoFindings } from './diagnostics';

/** The `aisec.*` settings the server reads (the client's `aisec.trace.server` is the client's business). */
/** How the editor shows findings a baseline file accepts: as hints (the default), as information, or as they are. */
export const BASELINE_SEVERITIES = ['hint', 'info', 'unchanged'] as const;
export type BaselineSeverity = (typeof BASELINE_SEVERITIES)[number];

export interface EditorSettings {
  enable: boolean;
  debounceMs: number;
  baselineSeverity: BaselineSeverity;
  /** How info findings show in the editor (`aisec.infoFindings`). */
  infoFindings: InfoFindings;
  /** The settings layer for the engine: rules, exclude, failLevel and taint. */
  layer: ConfigLayer;
}

export const DEFAULT_DEBOUNCE_MS = 200;
const MAX_DEBOUNCE_MS = 10_000;

export function defaultEditorSettings(): EditorSettings {
  return {
    enable: true,
    debounceMs: DEFAULT_DEBOUNCE_MS,
    baselineSeverity: 'hint',
    infoFindings: DEFAULT_INFO_FINDINGS,
    layer: { rules: {}, ruleOptions: {}, settings: {} },
  };
}

/**
 * Reads the raw `aisec` settings section. Problems are returned as messages (shown once to the user) and
 * the faulty part falls back to its default, so a typo in one key never turns the linter off.
 */
export function readEditorSettings(
  raw: unknown,
  knownRuleIds: ReadonlySet<string>,
  trusted: boolean,
): { settings: EditorSettings; errors: string[] } {
  const settings = defaultEditorSettings();
  const errors: string[] = [];
  if (raw === undefined || raw === null) return { settings, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings, errors: ['AISec settings: "aisec" must be an object; using defaults.'] };
  }
  const object = raw as Record<string, unknown>;
  if (object.enable !== undefined) {
    if (typeof object.enable === 'boolean') settings.enable = object.enable;
    else errors.push('AISec settings: "aisec.enable" must be true or false; using true.');
  }
  if (object.debounceMs !== undefined && object.debounceMs !== null) {
    const value = object.debounceMs;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) settings.debounceMs = Math.min(value, MAX_DEBOUNCE_MS);
    else errors.push(`AISec settings: "aisec.debounceMs" must be a number of milliseconds >= 0; using ${DEFAULT_DEBOUNCE_MS}.`);
  }
  if (object.baselineSeverity !== undefined && object.baselineSeverity !== null) {
    const value = object.baselineSeverity;
    if ((BASELINE_SEVERITIES as readonly unknown[]).includes(value)) settings.baselineSeverity = value as BaselineSeverity;
    else errors.push(`AISec settings: "aisec.baselineSeverity" must be one of ${BASELINE_SEVERITIES.join(', ')}; using hint.`);
  }
  if (object.infoFindings !== undefined && object.infoFindings !== null) {
    const value = object.infoFindings;
    if (value === 'hint' || value === 'information' || value === 'off') settings.infoFindings = value;
    else errors.push(`AISec settings: "aisec.infoFindings" must be "hint", "information" or "off"; using "${DEFAULT_INFO_FINDINGS}".`);
  }
  // Only the keys the engine's schema knows; VS Code adds nulls for settings the user has not set.
  const engineKeys: Record<string, unknown> = {};
  for (const key of ['rules', 'exclude', 'failLevel', 'taint'] as const) {
    if (object[key] === undefined || object[key] === null) continue;
    // Taint extensions change what the engine reports from data the workspace controls: trusted only.
    if (key === 'taint' && !trusted) continue;
    engineKeys[key] = object[key];
  }
  try {
    settings.layer = parseConfig(engineKeys, 'AISec settings (aisec.*)', knownRuleIds);
  } catch (error) {
    errors.push(`${messageOf(error)}; the AISec settings are ignored until this is fixed.`);
  }
  return { settings, errors };
}

export function messageOf(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
