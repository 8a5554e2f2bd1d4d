import * as fs from 'node:fs';
import * as path from 'node:path';
import { findProjectConfig, readConfigFile, resolveConfig, ruleIds, type AisecConfig } from '../engine';
import { UsageError } from './usage-error';

/** The configuration for one scan root and where its `exclude` globs are anchored. */
export interface RootConfig {
  root: string;
  config: AisecConfig;
  /** Index into the list of distinct configurations (workers receive each once). */
  configIndex: number;
  excludeRoot: string;
  /** The file it came from, if any. */
  file: string | undefined;
}

/**
 * Resolves the configuration of each scan root: `--config FILE` for all of them when given, else the nearest
 * `.aisec.json` or `[tool.aisec]` in pyproject.toml at or above the root. Throws ConfigError when a file is
 * invalid (the message names the file and the key).
 */
export function configsForRoots(roots: string[], explicitFile: string | undefined): { roots: RootConfig[]; configs: AisecConfig[] } {
  const known = ruleIds();
  const configs: AisecConfig[] = [];
  const byFile = new Map<string, number>();
  const indexFor = (file: string | undefined, make: () => AisecConfig): number => {
    const key = file ?? '';
    let index = byFile.get(key);
    if (index === undefined) {
      index = configs.push(make()) - 1;
      byFile.set(key, index);
    }
    return index;
  };

  if (explicitFile) {
    const file = path.resolve(explicitFile);
    const layer = readConfigFile(file, known);
    if (!layer) throw new UsageError(`${explicitFile}: no [tool.aisec] table in this file`);
    const config = resolveConfig(layer);
    return { roots: roots.map((root) => ({ root, config, configIndex: 0, excludeRoot: path.dirname(file), file })), configs: [config] };
  }

  // Hooks such as pre-commit pass hundreds of files from a few folders: look each folder up once.
  const byFolder = new Map<string, ReturnType<typeof findProjectConfig>>();
  const resolved = roots.map((root) => {
    const start = fs.statSync(root).isDirectory() ? root : path.dirname(root);
    let project = byFolder.get(start);
    if (!project) {
      project = findProjectConfig(start, known);
      byFolder.set(start, project);
    }
    const configIndex = indexFor(project.file, () => resolveConfig(project.layer));
    return { root, config: configs[configIndex], configIndex, excludeRoot: project.root, file: project.file };
  });
  return { roots: resolved, configs };
}
