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
        'yarn.lock or bun lock file exists beside it or in the enclosing workspace root (a folder whose package.json ' +
        'declares `workspaces`, or that has pnpm-workspace.yaml). Unsaved documents are not checked.',
      why:
        'The lock file records the exact version and integrity hash of every package, direct and transitive. Without ' +
        'it, `npm install` in CI or a Docker build picks the newest versions allowed by the ranges, so a malicious ' +
        'release of any transitive dependency is installed the day it is published, and builds are not reproducible.',
      bad: '{\n  "name": "my-app",\n  "dependencies": { "express": "^4.19.2" }\n}\n',
      good:
        '{\n  "name": "my-app",\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/express": { "version": "4.19.2", "integrity": "sha512-…" }\n  }\n}\n',
      fix:
        'No automatic fix. The example shows package.json without a lock file, then the package-lock.json to commit beside ' +
        'it: run the package manager\'s install once, commit the lock file, and install with `npm ci` (or ' +
        '`pnpm install --frozen-lockfile`, `yarn install --immutable`).',
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
