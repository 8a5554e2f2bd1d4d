import { defineRule, findNpmLockFile, packageJsonManifest } from '../../server/src/engine/api';

/** Without a lock file every install resolves the ranges in package.json again, to whatever is newest. */
export default defineRule({
  meta: {
    id: 'supply-chain/missing-lock-file',
    category: 'supply-chain',
    title: 'No lock file for package.json',
    severity: 'info',
    languages: ['package-json'],
    docs: {
      summary:
        'Reports a package.json with dependencies when no package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, ' +
        'yarn.lock or bun lock file exists beside it or in a folder above it (up to the repository root).',
      why:
        'The lock file records the exact version and integrity hash of every package, direct and transitive. Without ' +
        'it, `npm install` in CI or a Docker build picks the newest versions allowed by the ranges, so a malicious ' +
        'release of any transitive dependency is installed the day it is published, and builds are not reproducible.',
      bad: 'my-app/\n  package.json   (dependencies, no lock file)\n',
      good: 'my-app/\n  package.json\n  package-lock.json   (committed; CI runs `npm ci`)\n',
      fix: 'Run your package manager\'s install once, commit the lock file, and install with `npm ci` (or `pnpm install --frozen-lockfile`).',
      references: { owaspLlm: ['LLM03'], cwe: [1104, 494] },
    },
  },
  create(context) {
    const filePath = context.filePath;
    // An unsaved or in-memory manifest has no folder to look in.
    if (!filePath || !context.files.exists(filePath)) return;
    const manifest = packageJsonManifest(context);
    const section = manifest.sections.find((s) => s.section !== 'peerDependencies' && s.size > 0);
    if (!section) return;
    if (findNpmLockFile(context.files, filePath)) return;
    context.report({
      range: section.keyRange,
      message: 'No lock file (package-lock.json, pnpm-lock.yaml, yarn.lock) beside this package.json: installs are not reproducible.',
    });
  },
});
