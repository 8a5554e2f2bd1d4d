import { readUserSpec } from '../taint/user-spec';
import { CATEGORIES, SEVERITIES, type Severity, type SeveritySetting } from '../types';

/**
 * AISec's configuration. The same keys are read from VS Code settings (`aisec.<key>`), `.aisec.json` and
 * `[tool.aisec]` in pyproject.toml.
 */
export interface AisecConfig {
  /** Severity per rule id or per category ("off" turns it off). A rule id wins over its category. */
  rules: Record<string, SeveritySetting>;
  /** Options per rule id, for rules that take them. */
  ruleOptions: Record<string, Record<string, unknown>>;
  /** Glob patterns (gitignore style, relative to the project root) of files not to analyse. */
  exclude: string[];
  /** The CLI exits 1 when a finding is at or above this severity. */
  failLevel: Severity;
  /**
   * A baseline file of accepted findings (`aisec scan --write-baseline`), absolute once read from a project
   * file (written relative to it). The shells use it; the engine does not.
   */
  baseline?: string;
  /** Extension points for data-driven rules (for example `taint`: extra sources, sinks and sanitizers). */
  settings: Record<string, unknown>;
  /**
   * The project's folder, set by the CLI and the server (not a user key): whether a file is a test is judged
   * from its path below this folder, so a checkout that itself sits under a `tests/` folder is not all tests.
   */
  projectRoot?: string;
}

export function defaultConfig(): AisecConfig {
  return { rules: {}, ruleOptions: {}, exclude: [], failLevel: 'warning', settings: {} };
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(`${source}: ${message}`);
  }
}

const KNOWN_KEYS = new Set(['rules', 'exclude', 'failLevel', 'taint', 'baseline', 'debounceMs', 'enable', 'trace']);
const SEVERITY_SETTINGS: readonly string[] = [...SEVERITIES, 'off'];

/**
 * Checks a raw configuration object (parsed JSON or TOML) and turns it into an AisecConfig.
 * `rules` values are a severity, or `{ "level": severity, "options": {...} }`.
 * Throws ConfigError with a message that names the bad key.
 */
export function parseConfig(raw: unknown, source: string, knownRuleIds?: ReadonlySet<string>): ConfigLayer {
  const config: ConfigLayer = { rules: {}, ruleOptions: {}, settings: {} };
  if (raw === undefined || raw === null) return config;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('the configuration must be an object', source);
  const object = raw as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!KNOWN_KEYS.has(key)) throw new ConfigError(`unknown key "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`, source);
  }
  if (object.rules !== undefined) {
    if (typeof object.rules !== 'object' || object.rules === null || Array.isArray(object.rules)) {
      throw new ConfigError('"rules" must be an object of rule id or category to severity', source);
    }
    for (const [id, value] of Object.entries(object.rules as Record<string, unknown>)) {
      checkRuleKey(id, source, knownRuleIds);
      if (typeof value === 'string') {
        config.rules[id] = checkSeverity(value, `rules.${id}`, source);
      } else if (value && typeof value === 'object' && !Array.isArray(value)) {
        const entry = value as Record<string, unknown>;
        if (entry.level !== undefined) config.rules[id] = checkSeverity(entry.level, `rules.${id}.level`, source);
        if (entry.options !== undefined) {
          if (typeof entry.options !== 'object' || entry.options === null || Array.isArray(entry.options)) {
            throw new ConfigError(`"rules.${id}.options" must be an object`, source);
          }
          config.ruleOptions[id] = entry.options as Record<string, unknown>;
        }
      } else {
        throw new ConfigError(`"rules.${id}" must be one of ${SEVERITY_SETTINGS.join(', ')} or { "level", "options" }`, source);
      }
    }
  }
  if (object.exclude !== undefined) {
    if (!Array.isArray(object.exclude) || object.exclude.some((g) => typeof g !== 'string')) {
      throw new ConfigError('"exclude" must be an array of glob strings', source);
    }
    config.exclude = object.exclude as string[];
  }
  if (object.failLevel !== undefined) {
    const level = checkSeverity(object.failLevel, 'failLevel', source);
    if (level === 'off') throw new ConfigError('"failLevel" must be info, warning or error', source);
    config.failLevel = level;
  }
  if (object.baseline !== undefined) {
    if (typeof object.baseline !== 'string' || object.baseline.trim() === '') {
      throw new ConfigError('"baseline" must be the path of a baseline file (relative to this file)', source);
    }
    config.baseline = object.baseline;
  }
  if (object.taint !== undefined) {
    if (typeof object.taint !== 'object' || object.taint === null || Array.isArray(object.taint)) {
      throw new ConfigError('"taint" must be an object', source);
    }
    // A bad dataflow extension is a configuration error like any other: say which entry, don't guess.
    const problems = readUserSpec(object.taint).problems;
    if (problems.length > 0) throw new ConfigError(problems.join('; '), source);
    config.settings.taint = object.taint;
  }
  return config;
}

function checkSeverity(value: unknown, key: string, source: string): SeveritySetting {
  if (typeof value !== 'string' || !SEVERITY_SETTINGS.includes(value)) {
    throw new ConfigError(`"${key}" must be one of ${SEVERITY_SETTINGS.join(', ')} (got ${JSON.stringify(value)})`, source);
  }
  return value as SeveritySetting;
}

function checkRuleKey(id: string, source: string, knownRuleIds?: ReadonlySet<string>): void {
  if ((CATEGORIES as readonly string[]).includes(id)) return;
  if (knownRuleIds && !knownRuleIds.has(id)) {
    throw new ConfigError(`"rules" names an unknown rule or category "${id}" (see "aisec rules")`, source);
  }
}

/** One source's configuration: only the keys it sets. */
export interface ConfigLayer {
  rules: Record<string, SeveritySetting>;
  ruleOptions: Record<string, Record<string, unknown>>;
  exclude?: string[];
  failLevel?: Severity;
  baseline?: string;
  settings: Record<string, unknown>;
}

/**
 * Layers configurations over the defaults: later layers win key by key (rules and options merge,
 * `exclude` replaces). The editor passes its settings first and the project's file last, so the
 * project file, which CI also reads, decides.
 */
export function resolveConfig(...layers: ConfigLayer[]): AisecConfig {
  const resolved = defaultConfig();
  for (const layer of layers) {
    Object.assign(resolved.rules, layer.rules);
    Object.assign(resolved.ruleOptions, layer.ruleOptions);
    if (layer.exclude) resolved.exclude = layer.exclude;
    if (layer.failLevel) resolved.failLevel = layer.failLevel;
    if (layer.baseline) resolved.baseline = layer.baseline;
    Object.assign(resolved.settings, layer.settings);
  }
  return resolved;
}
