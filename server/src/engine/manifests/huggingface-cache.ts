import * as os from 'node:os';
import * as path from 'node:path';
import type { FileSystem } from '../file-system';

/**
 * The local Hugging Face Hub cache, read only (never the network): `huggingface_hub` keeps, for each repository
 * it downloaded, `<cache>/<kind>s--<org>--<name>/refs/<branch or tag>` holding the commit that ref pointed to at
 * download time. A pin fix takes the commit from there, so it pins what the project already runs.
 */

export type HubRepositoryKind = 'model' | 'dataset' | 'space';

/**
 * The cache folders to look in, in huggingface_hub's order of precedence: `$HF_HUB_CACHE`, `$HF_HOME/hub`,
 * `$XDG_CACHE_HOME/huggingface/hub`, `~/.cache/huggingface/hub`. Several may hold a repository (a project that
 * sets HF_HOME after an earlier download), so every one that is configured is read, first match wins.
 */
export function hubCacheDirectories(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string[] {
  const candidates = [
    env.HF_HUB_CACHE,
    env.HUGGINGFACE_HUB_CACHE,
    env.HF_HOME && path.join(env.HF_HOME, 'hub'),
    env.XDG_CACHE_HOME && path.join(env.XDG_CACHE_HOME, 'huggingface', 'hub'),
    home && path.join(home, '.cache', 'huggingface', 'hub'),
  ];
  return [...new Set(candidates.filter((dir): dir is string => typeof dir === 'string' && dir.length > 0).map((dir) => expandHome(dir, home)))];
}

/** The full commit hash a branch or tag of a Hub repository pointed to when it was downloaded, if it is cached. */
export function cachedHubCommit(
  files: FileSystem,
  repositoryId: string,
  kind: HubRepositoryKind,
  ref: string,
  directories: readonly string[] = hubCacheDirectories(),
): string | undefined {
  // Refs are file names under refs/: a ref that could climb out of that folder is not looked up.
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(ref) || ref.split('/').some((part) => part === '..' || part === '.')) return undefined;
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(repositoryId) || repositoryId.includes('..')) return undefined;
  const folder = `${kind}s--${repositoryId.replace('/', '--')}`;
  for (const directory of directories) {
    const text = files.read(path.join(directory, folder, 'refs', ...ref.split('/')));
    const commit = text?.trim();
    if (commit && /^[0-9a-f]{40}$/.test(commit)) return commit;
  }
  return undefined;
}

function expandHome(dir: string, home: string): string {
  return dir === '~' || dir.startsWith('~/') ? path.join(home, dir.slice(1)) : dir;
}
