import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { ConfigError, parseConfig, type ConfigLayer } from './config';

/** The project files that hold AISec configuration, in the order they are looked for in a folder. */
export const CONFIG_FILE_NAMES = ['.aisec.json', 'pyproject.toml'] as const;

export interface ProjectConfig {
  /** The file the configuration came from; undefined when none was found. */
  file: string | undefined;
  /** The folder that globs in `exclude` are relative to. */
  root: string;
  layer: ConfigLayer;
}

/**
 * Reads one configuration file: `.aisec.json` (JSON) or `pyproject.toml` (its `[tool.aisec]` table).
 * Returns undefined for a pyproject.toml without `[tool.aisec]`; throws ConfigError when a file is invalid.
 */
export function readConfigFile(file: string, knownRuleIds?: ReadonlySet<string>): ConfigLayer | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the file (${(error as Error).message})`, file);
  }
  if (path.basename(file) === 'pyproject.toml' || file.endsWith('.toml')) {
    // Every way of writing the table (`[tool.aisec]`, `[tool."aisec"]`, `tool.aisec.x = ...`, an inline table)
    // spells its name. Without it the file holds no AISec settings, and is neither parsed (scans meet a
    // pyproject.toml in most Python folders) nor an error when another tool's part of it is not valid TOML.
    if (!text.includes('aisec')) return undefined;
    let parsed: Record<string, unknown>;
    try {
      parsed = parseToml(text) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`invalid TOML: ${firstLine((error as Error).message)}`, file);
    }
    const tool = parsed.tool as Record<string, unknown> | undefined;
    if (!tool || tool.aisec === undefined) return undefined;
    return anchored(parseConfig(tool.aisec, `${file} [tool.aisec]`, knownRuleIds), file);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`invalid JSON: ${firstLine((error as Error).message)}`, file);
  }
  return anchored(parseConfig(parsed, file, knownRuleIds), file);
}

/** Paths in a project file are relative to its folder. */
function anchored(layer: ConfigLayer, file: string): ConfigLayer {
  if (layer.baseline !== undefined) layer.baseline = path.resolve(path.dirname(file), layer.baseline);
  return layer;
}

/**
 * Finds the project configuration for a folder: the nearest `.aisec.json`, or pyproject.toml with
 * `[tool.aisec]`, in the folder or above it (stopping at `stopAt` when given).
 */
export function findProjectConfig(startDir: string, knownRuleIds?: ReadonlySet<string>, stopAt?: string): ProjectConfig {
  let dir = path.resolve(startDir);
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        const layer = readConfigFile(candidate, knownRuleIds);
        if (layer) return { file: candidate, root: dir, layer };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir || dir === stop) break;
    dir = parent;
  }
  return { file: undefined, root: path.resolve(startDir), layer: { rules: {}, ruleOptions: {}, settings: {} } };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
