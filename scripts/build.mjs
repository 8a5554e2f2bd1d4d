// Builds everything `npm install` needs: the rule index, the bundles in dist/, the grammars, docs/rules.md.
//   node scripts/build.mjs              full build
//   node scripts/build.mjs --docs-only  regenerate docs/rules.md from the built CLI
//   node scripts/build.mjs --check-docs fail when docs/rules.md is stale (CI)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateRulesIndex } from './gen-rules-index.mjs';
import { copyGrammars } from './copy-grammars.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

function renderRuleDocs() {
  return execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'rules', '--format', 'markdown'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

if (args.has('--check-docs')) {
  const current = fs.existsSync(path.join(root, 'docs', 'rules.md')) ? fs.readFileSync(path.join(root, 'docs', 'rules.md'), 'utf8') : '';
  if (current !== renderRuleDocs()) {
    console.error('docs/rules.md is stale: run "npm run docs" and commit the result.');
    process.exit(1);
  }
  console.log('docs/rules.md is current.');
  process.exit(0);
}

if (!args.has('--docs-only')) {
  const started = Date.now();
  const rules = generateRulesIndex(root);
  const esbuild = await import('esbuild');
  const entries = [
    { in: 'server/src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
    { in: 'server/src/server.ts', out: 'server' },
    { in: 'server/src/scan/worker.ts', out: 'worker' },
    { in: 'server/src/lsp/full-runs/worker.ts', out: 'lsp-worker' },
    { in: 'client/src/extension.ts', out: 'extension' },
  ].filter((entry) => fs.existsSync(path.join(root, entry.in)));
  for (const entry of entries) {
    await esbuild.build({
      entryPoints: [path.join(root, entry.in)],
      outfile: path.join(root, 'dist', `${entry.out}.js`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      external: ['vscode'],
      // jsonc-parser's "main" is a UMD build esbuild cannot follow; its ESM build bundles cleanly.
      mainFields: ['module', 'main'],
      // ESM dependencies (web-tree-sitter) read import.meta.url, which is empty in a CommonJS bundle.
      define: { 'import.meta.url': '__aisecImportMetaUrl' },
      banner: { js: `${entry.banner ? entry.banner + '\n' : ''}var __aisecImportMetaUrl = require('url').pathToFileURL(__filename).href;` },
      logLevel: 'warning',
    });
  }
  if (fs.existsSync(path.join(root, 'dist', 'cli.js'))) fs.chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
  const grammars = copyGrammars(root);
  console.log(`aisec build: ${rules.length} rules, ${entries.length} bundles, ${grammars.length} wasm files in ${Date.now() - started} ms`);
}

if (fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'docs', 'rules.md'), renderRuleDocs());
}
