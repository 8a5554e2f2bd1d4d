import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules, ruleIds } from '../../server/src/engine/registry';

/**
 * The invariants docs/ARCHITECTURE.md states, checked on the import statements of the sources, so a change
 * that breaks one fails here rather than in review.
 */
const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

/** Module specifiers of every import/export-from/require in a file. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g;
  for (const match of text.matchAll(pattern)) {
    specifiers.push(match[1] ?? match[2] ?? match[3] ?? match[4]);
  }
  return specifiers;
}

function resolved(file: string, specifier: string): string {
  return specifier.startsWith('.') ? path.normalize(path.join(path.dirname(file), specifier)) : specifier;
}

describe('architecture invariants', () => {
  it('the engine imports nothing from VS Code, the LSP libraries, the server or the CLI', () => {
    const offenders = sourceFiles('server/src/engine').flatMap((file) =>
      importsOf(file)
        .filter((s) => /^vscode/.test(s) || /^server\/src\/(lsp|cli|scan)(\/|$)/.test(resolved(file, s)))
        .map((s) => `${file} imports ${s}`),
    );
    assert.deepEqual(offenders, []);
  });

  // Node modules that compute without touching the outside world; files are read through `context.files`.
  const PURE_NODE_MODULES = new Set(['node:path', 'path', 'node:crypto', 'crypto', 'node:util', 'util']);

  it('rules import only the engine API, their own helpers and side-effect-free Node modules', () => {
    const files = sourceFiles('rules').filter((f) => !f.endsWith('.generated.ts'));
    assert.ok(files.length > 50, 'rules were found');
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter((s) => {
          const target = resolved(file, s);
          if (target === 'server/src/engine/api' || PURE_NODE_MODULES.has(s)) return false;
          return !target.startsWith('rules/');
        })
        .map((s) => `${file} imports ${s}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('the client imports nothing from the server or the engine', () => {
    const offenders = sourceFiles('client/src').flatMap((file) =>
      importsOf(file)
        .filter((s) => resolved(file, s).startsWith('server/') || s.includes('/engine'))
        .map((s) => `${file} imports ${s}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('the generated id list names every rule, so what needs only ids need not load the rules', () => {
    assert.deepEqual([...ruleIds()].sort(), allRules().map((rule) => rule.meta.id).sort());
  });

  it('every rule lives in rules/<category>/<slug>.ts under its own id', () => {
    for (const file of sourceFiles('rules')) {
      const [, category, name] = file.split(path.sep);
      if (!name || name.startsWith('_') || file.endsWith('.generated.ts')) continue;
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      assert.ok(text.includes(`id: '${category}/${name.replace(/\.ts$/, '')}'`), `${file} does not declare id ${category}/${name}`);
    }
  });
});
