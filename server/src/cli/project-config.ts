import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { CONFIG_FILE_NAMES, findProjectConfig, readConfigFile, resolveConfig, ruleIds, type AisecConfig, type ConfigLayer } from '../engine';
import { UsageError } from './usage-error';

/** The configuration for one scan root and where its `exclude` globs are anchored. */
export interface RootConfig {
  root: string;
  config: AisecConfig;
  /** Index into `ConfigResolver.configs` (workers receive each configuration once). */
  configIndex: number;
  excludeRoot: string;
  /** The file it came from, if any. */
  file: string | undefined;
}

interface FolderConfig {
  configIndex: number;
  dir: string;
  excludes: Ignore;
}

/**
 * Finds the configuration of each scan root and of each file under it: `--config FILE` for everything when
 * given; else, for a root, the nearest `.aisec.json` or `[tool.aisec]` in pyproject.toml at or above it, and
 * for a file, the nearest one between the file and its root (so a sub-project keeps its own settings).
 * The nearest file wins whole, as with Ruff; nothing is merged. Throws ConfigError when a file is invalid
 * (the message names the file and the key).
 */
export class ConfigResolver {
  readonly configs: AisecConfig[] = [];
  private readonly known = ruleIds();
  private readonly indexByFile = new Map<string, number>();
  /** Per folder: its own configuration file, if it has one (null: it has none). */
  private readonly ownConfig = new Map<string, FolderConfig | null>();
  /** Per folder: the configuration in force from a nested file (null: the root's). */
  private readonly nested = new Map<string, FolderConfig | null>();
  private readonly explicit: RootConfig['file'];

  constructor(explicitFile: string | undefined) {
    if (!explicitFile) return;
    const file = path.resolve(explicitFile);
    const layer = readConfigFile(file, this.known);
    if (!layer) throw new UsageError(`${explicitFile}: no [tool.aisec] table in this file`);
    this.indexFor(file, layer);
    this.explicit = file;
  }

  forRoot(root: string): RootConfig {
    if (this.explicit) {
      return { root, config: this.configs[0], configIndex: 0, excludeRoot: path.dirname(this.explicit), file: this.explicit };
    }
    const start = fs.statSync(root).isDirectory() ? root : path.dirname(root);
    const project = findProjectConfig(start, this.known);
    const configIndex = this.indexFor(project.file, project.layer);
    return { root, config: this.configs[configIndex], configIndex, excludeRoot: project.root, file: project.file };
  }

  /**
   * The configuration index for a file found under a root, or undefined when a nested configuration's
   * `exclude` leaves the file out.
   */
  forFile(file: string, root: RootConfig): number | undefined {
    if (this.explicit) return root.configIndex;
    const nested = this.nestedFor(path.dirname(file), root.root);
    if (!nested) return root.configIndex;
    const relative = path.relative(nested.dir, file).split(path.sep).join('/');
    return nested.excludes.ignores(relative) ? undefined : nested.configIndex;
  }

  private nestedFor(dir: string, rootDir: string): FolderConfig | null {
    // Asked for every file: the answer for its folder is looked up before any path arithmetic (`path.relative`
    // resolves both paths: most of what the configuration lookup cost a fully cached scan).
    const key = `${rootDir}\0${dir}`;
    let found = this.nested.get(key);
    if (found === undefined) {
      const relative = path.relative(rootDir, dir);
      // The root itself was looked at by forRoot; only folders strictly inside it can hold a nested file.
      const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
      found = inside ? (this.folderConfig(dir) ?? this.nestedFor(path.dirname(dir), rootDir)) : null;
      this.nested.set(key, found);
    }
    return found;
  }

  private folderConfig(dir: string): FolderConfig | null {
    let found = this.ownConfig.get(dir);
    if (found !== undefined) return found;
    found = null;
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (!fs.existsSync(candidate) || !fs.statSync(candidate).isFile()) continue;
      const layer = readConfigFile(candidate, this.known);
      if (!layer) continue;
      const configIndex = this.indexFor(candidate, layer);
      found = { configIndex, dir, excludes: ignore().add(this.configs[configIndex].exclude) };
      break;
    }
    this.ownConfig.set(dir, found);
    return found;
  }

  private indexFor(file: string | undefined, layer: ConfigLayer): number {
    const key = file ?? '';
    let index = this.indexByFile.get(key);
    if (index === undefined) {
      // Test files are judged from the project's folder: the config file's, else the working directory.
      const projectRoot = file ? path.dirname(file) : process.cwd();
      index = this.configs.push({ ...resolveConfig(layer), projectRoot }) - 1;
      this.indexByFile.set(key, index);
    }
    return index;
  }
}
