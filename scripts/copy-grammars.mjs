// Copies the tree-sitter runtime and grammar .wasm files named in grammars/manifest.json into dist/grammars.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

export function copyGrammars(root) {
  const require = createRequire(path.join(root, 'package.json'));
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'grammars', 'manifest.json'), 'utf8'));
  const target = path.join(root, 'dist', 'grammars');
  fs.mkdirSync(target, { recursive: true });
  const copied = [];
  for (const entry of [manifest.runtime, ...manifest.grammars]) {
    const packageDir = packageDirectory(require, entry.package);
    const from = path.join(packageDir, entry.file);
    if (!fs.existsSync(from)) throw new Error(`grammars/manifest.json: ${entry.package} has no ${entry.file}`);
    fs.copyFileSync(from, path.join(target, entry.file));
    copied.push(entry.file);
  }
  return copied;
}

// Some packages do not export their package.json, so look for the folder on the resolution paths.
function packageDirectory(require, name) {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`grammars/manifest.json: package ${name} is not installed`);
}
