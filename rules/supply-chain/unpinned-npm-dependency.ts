import {
  defineRule,
  npmSpecProblem,
  npmVersionResolver,
  packageJsonManifest,
  type Fix,
  type NpmDependency,
  type NpmResolution,
} from '../../server/src/engine/api';

/**
 * `"*"`, `"latest"` or a git branch in package.json means "whatever exists when installing": a fresh
 * install (a new machine, a Docker build without the lock file, `npm update`) takes any new release.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/unpinned-npm-dependency',
    category: 'supply-chain',
    title: 'npm dependency accepts any version',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', library: 'info' },
    languages: ['package-json'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds package.json dependencies whose version is `*`, `latest`, `x`, empty, a git or GitHub reference without a ' +
        'commit hash, or a tarball URL.',
      why:
        'A semver range still bounds what can be installed; `*` and `latest` do not, and a git branch follows every push. ' +
        'Hijacked packages (`event-stream`, `ua-parser-js`, `@ctrl/tinycolor`) spread through exactly these installs. ' +
        'Peer dependencies are not reported: `*` there is a compatibility statement, not an install. A floating range ' +
        'that a committed lock file resolves is info (`npm ci` installs the locked version), and so is a published ' +
        'library\'s range: its users\' lock files decide (docs/severity.md).',
      bad: '{\n  "dependencies": {\n    "openai": "latest",\n    "utils": "github:org/utils"\n  }\n}\n',
      good: '{\n  "dependencies": {\n    "openai": "4.67.3",\n    "utils": "github:org/utils#9f2c1d0b8e7a6f5d4c3b2a1908f7e6d5c4b3a291"\n  }\n}\n',
      fix:
        'Pins the dependency to the version (or git commit) recorded in package-lock.json, npm-shrinkwrap.json, ' +
        'pnpm-lock.yaml or yarn.lock, or installed in node_modules; the fix title says which. No fix when none is known.',
      references: { owaspLlm: ['LLM03'], cwe: [1104, 829, 494] },
    },
  },
  create(context) {
    const manifest = packageJsonManifest(context);
    let resolve: ((name: string, spec: string) => NpmResolution | undefined) | undefined;
    const resolution = (dependency: NpmDependency) => {
      if (!context.filePath) return undefined;
      resolve ??= npmVersionResolver(context.files, context.filePath);
      return resolve(dependency.name, dependency.spec);
    };
    for (const dependency of manifest.dependencies) {
      if (dependency.section === 'peerDependencies') continue;
      const problem = npmSpecProblem(dependency.spec);
      if (!problem) continue;
      const found = resolution(dependency);
      const fixes: Fix[] = [];
      let message: string;
      if (problem === 'any-version') {
        const spec = dependency.spec.trim();
        const shown = spec === '' ? 'an empty version range' : /^[A-Za-z][\w.-]*$/.test(spec) && !/^[xX]$/.test(spec) ? `dist-tag "${spec}"` : `"${spec}"`;
        message = `${dependency.name} accepts any version (${shown}): pin the version you tested.`;
        if (found?.version) {
          fixes.push({
            title: `Pin ${dependency.name} to ${found.version} (from ${found.origin})`,
            safety: 'unsafe',
            edits: [{ range: dependency.specRange, newText: JSON.stringify(found.version) }],
          });
        }
      } else if (problem === 'unpinned-git') {
        message = `${dependency.name} comes from git without a commit hash ("${dependency.spec}"): a branch or tag can be moved; pin #<commit>.`;
        if (found?.commit) {
          const pinned = `${dependency.spec.replace(/#.*$/, '')}#${found.commit}`;
          fixes.push({
            title: `Pin ${dependency.name} to commit ${found.commit.slice(0, 12)} (from ${found.origin})`,
            safety: 'unsafe',
            edits: [{ range: dependency.specRange, newText: JSON.stringify(pinned) }],
          });
        }
      } else {
        message = `${dependency.name} is downloaded from a URL ("${dependency.spec.replace(/\/\/[^/@]+@/, '//…@')}") that can serve different content tomorrow: publish it to a registry or pin a commit.`;
      }
      // A range that a committed lock file resolves is installed at the locked version by `npm ci`: the manifest's
      // range is then hygiene, not what gets installed.
      const locked = found?.version !== undefined && !/node_modules/.test(found.origin);
      context.report({ range: dependency.specRange, message, fixes, severity: locked && problem === 'any-version' ? 'info' : undefined });
    }
  },
});
