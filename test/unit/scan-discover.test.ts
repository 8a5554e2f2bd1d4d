import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverFiles } from '../../server/src/scan/discover';
import { decodeText } from '../../server/src/scan/read-file';

function tree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-discover-'));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

function relativeFiles(root: string, files: { path: string }[]): string[] {
  return files.map((f) => path.relative(root, f.path).split(path.sep).join('/'));
}

describe('discoverFiles', () => {
  const roots: string[] = [];
  after(() => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });
  function make(files: Record<string, string | Buffer>): string {
    const root = tree(files);
    roots.push(root);
    return root;
  }
  /** The files a whole-tree scan finds in a tree made of `files`, relative to it. */
  async function discovered(files: Record<string, string | Buffer>): Promise<string[]> {
    const root = make(files);
    return relativeFiles(root, (await discoverFiles([root], { exclude: [], excludeRoot: root })).files);
  }

  it('finds the languages AISec reads and gives each its language id', async () => {
    const root = make({
      'app.py': 'x = 1\n',
      'web/server.ts': 'export {}\n',
      'web/page.tsx': 'export {}\n',
      'web/types.d.ts': 'export {}\n',
      'Dockerfile': 'FROM python:3.12\n',
      'requirements.txt': 'torch\n',
      'package.json': '{}\n',
      'notes.md': '# nothing\n',
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
    });
    const { files } = await discoverFiles([root], { exclude: [], excludeRoot: root });
    const byName = Object.fromEntries(files.map((f) => [path.relative(root, f.path).split(path.sep).join('/'), f.languageId]));
    assert.deepEqual(byName, {
      'Dockerfile': 'dockerfile',
      'app.py': 'python',
      'package.json': 'json',
      'requirements.txt': 'pip-requirements',
      'web/page.tsx': 'typescriptreact',
      'web/server.ts': 'typescript',
    });
  });

  it('honours .gitignore at every level, including re-inclusion in a deeper file', async () => {
    const found = await discovered({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'generated/\n*.gen.py\n',
      'keep.py': '',
      'skip.gen.py': '',
      'generated/out.py': '',
      'pkg/.gitignore': 'local_*.py\n!local_keep.py\n',
      'pkg/local_secret.py': '',
      'pkg/local_keep.py': '',
      'pkg/ok.py': '',
    });
    assert.deepEqual(found, ['keep.py', 'pkg/local_keep.py', 'pkg/ok.py']);
  });

  it('keeps files named like a folder-only pattern, and lets a negated folder pattern re-include', async () => {
    const found = await discovered({
      '.gitignore': 'requirements.txt/\nbuild/\nvendor/*\n!vendor/keep/\ncache/  \n',
      'requirements.txt': 'torch\n',
      'build/out.py': '',
      'sub/build/deep.py': '',
      'vendor/keep/a.py': '',
      'vendor/drop/b.py': '',
      'vendor/c.py': '',
      'cache/d.py': '',
      'app.py': '',
    });
    assert.deepEqual(found, ['app.py', 'requirements.txt', 'vendor/keep/a.py']);
  });

  it('honours .gitignore for names that start with two dots, whatever their case', async () => {
    const found = await discovered({
      '.gitignore': '..draft*.py\nGenerated/\n',
      '..draft_1.py': '',
      'pkg/..draft_2.py': '',
      'pkg/generated/out.py': '',
      'pkg/ok.py': '',
    });
    assert.deepEqual(found, ['pkg/ok.py']);
  });

  it('gives each file the size and times it was found with', async () => {
    const root = make({ 'a.py': 'print(1)\n' });
    const when = new Date('2024-05-01T10:00:00Z');
    fs.utimesSync(path.join(root, 'a.py'), when, when);
    const { files } = await discoverFiles([root], { exclude: [], excludeRoot: root });
    const stats = fs.statSync(path.join(root, 'a.py'));
    assert.deepEqual(files[0].stamp, { size: 9, mtimeMs: when.getTime(), ctimeMs: stats.ctimeMs });
  });

  it('applies .gitignore files above a scanned subfolder up to the repository root', async () => {
    const root = make({ '.git/HEAD': '', '.gitignore': 'secret_*.py\n', 'src/secret_a.py': '', 'src/b.py': '' });
    const { files } = await discoverFiles([path.join(root, 'src')], { exclude: [], excludeRoot: root });
    assert.deepEqual(relativeFiles(root, files), ['src/b.py']);
  });

  it('scans a folder named as a root even when it is ignored or excluded, applying the rules inside it', async () => {
    const root = make({
      '.git/HEAD': '',
      '.gitignore': 'generated/\n*.tmp.py\n',
      'generated/a.py': '',
      'generated/b.tmp.py': '',
      'vendor/c.py': '',
      'vendor/d_test.py': '',
    });
    const ignored = await discoverFiles([path.join(root, 'generated')], { exclude: [], excludeRoot: root });
    assert.deepEqual(relativeFiles(root, ignored.files), ['generated/a.py']);
    const excluded = await discoverFiles([path.join(root, 'vendor')], { exclude: ['vendor/', '*_test.py'], excludeRoot: root });
    assert.deepEqual(relativeFiles(root, excluded.files), ['vendor/c.py']);
  });

  it('can ignore .gitignore when asked', async () => {
    const root = make({ '.gitignore': 'a.py\n', 'a.py': '', 'b.py': '' });
    const { files } = await discoverFiles([root], { exclude: [], excludeRoot: root, respectGitignore: false });
    assert.deepEqual(relativeFiles(root, files), ['a.py', 'b.py']);
  });

  it('applies exclude globs relative to the exclude root', async () => {
    const root = make({ 'src/a.py': '', 'src/gen/b.py': '', 'tests/fixtures/c.py': '', 'd.py': '' });
    const { files } = await discoverFiles([root], { exclude: ['src/gen/', 'tests/**/*.py'], excludeRoot: root });
    assert.deepEqual(relativeFiles(root, files), ['d.py', 'src/a.py']);
  });

  it('never enters dependency, VCS or cache folders, nor a virtualenv under any name; walks dist and build', async () => {
    const root = make({
      'node_modules/lib/index.js': '',
      '.git/hooks/x.py': '',
      '.venv/lib/a.py': '',
      'pyenv311/pyvenv.cfg': 'home = /usr\n',
      'pyenv311/lib/b.py': '',
      '__pycache__/c.py': '',
      'dist/server.js': '',
      'build/tool.py': '',
      'main.py': '',
    });
    const { files } = await discoverFiles([root], { exclude: [], excludeRoot: root });
    assert.deepEqual(relativeFiles(root, files), ['build/tool.py', 'dist/server.js', 'main.py']);
  });

  it('skips binary and oversized files with a note', async () => {
    const root = make({
      'blob.py': Buffer.concat([Buffer.from('x = 1\n'), Buffer.from([0, 1, 2])]),
      'big.py': 'x = 1\n'.repeat(2000),
      'small.py': 'x = 1\n',
    });
    const { files, skipped } = await discoverFiles([root], { exclude: [], excludeRoot: root, maxFileBytes: 1000 });
    assert.deepEqual(relativeFiles(root, files), ['small.py']);
    const reasons = Object.fromEntries(skipped.map((s) => [path.basename(s.path), s.reason]));
    assert.match(reasons['blob.py'], /binary/);
    assert.match(reasons['big.py'], /larger than 1000 B \(11\.7 KB\)/);
  });

  it('skips minified JavaScript in a folder with a note, but analyses it when the file is named', async () => {
    // A bundle: a few very long lines. Hand-written code of the same size, and long-lined code in other languages, stay.
    const bundle = `!function(e){${'var a=e.call(this,function(t){return t.x});'.repeat(1000)}}(window);\n`;
    const handWritten = 'export function f(value) {\n  return value + 1;\n}\n'.repeat(600);
    const root = make({
      'static/swagger-ui-bundle.js': bundle,
      'static/app.mjs': bundle,
      'src/app.js': handWritten,
      'src/generated.ts': bundle,
      'src/small.min.js': 'var a=1;',
    });
    const { files, skipped } = await discoverFiles([root], { exclude: [], excludeRoot: root });
    assert.deepEqual(relativeFiles(root, files), ['src/app.js', 'src/generated.ts', 'src/small.min.js']);
    assert.deepEqual(
      skipped.map((s) => [path.relative(root, s.path).split(path.sep).join('/'), s.reason]),
      [
        ['static/app.mjs', 'minified JavaScript (built code; name the file to analyse it anyway)'],
        ['static/swagger-ui-bundle.js', 'minified JavaScript (built code; name the file to analyse it anyway)'],
      ],
    );
    const named = await discoverFiles([path.join(root, 'static/swagger-ui-bundle.js')], { exclude: [], excludeRoot: root });
    assert.deepEqual(relativeFiles(root, named.files), ['static/swagger-ui-bundle.js']);
    assert.deepEqual(named.skipped, []);
  });

  it('survives symlink loops and scans each real file once', async function () {
    const root = make({ 'pkg/a.py': '' });
    try {
      fs.symlinkSync(root, path.join(root, 'pkg', 'loop'), 'dir');
      fs.symlinkSync(path.join(root, 'pkg', 'a.py'), path.join(root, 'alias.py'));
    } catch {
      this.skip(); // No symlink permission on this platform.
    }
    const { files, skipped } = await discoverFiles([root, path.join(root, 'pkg')], { exclude: [], excludeRoot: root });
    assert.equal(files.length, 1);
    assert.ok(skipped.some((s) => /symlink loop/.test(s.reason)));
  });

  it('scans a file once when a linked folder and a linked file lead to it', async function () {
    const root = make({ 'pkg/a.py': '', 'pkg/b.py': '' });
    try {
      fs.symlinkSync(path.join(root, 'pkg'), path.join(root, 'link'), 'dir');
      fs.symlinkSync(path.join(root, 'pkg', 'b.py'), path.join(root, 'pkg', 'c.py'));
    } catch {
      this.skip(); // No symlink permission on this platform.
    }
    const { files } = await discoverFiles([root], { exclude: [], excludeRoot: root });
    // `link/` is the same real folder as `pkg/`, and `pkg/c.py` the same real file as `pkg/b.py`.
    assert.equal(files.length, 2, relativeFiles(root, files).join());
    assert.ok(relativeFiles(root, files).every((f) => f.startsWith('link/') || f.startsWith('pkg/')));
  });

  it('takes an explicit file of a known type even when ignored, and notes unknown types and missing paths', async () => {
    const root = make({ '.gitignore': 'ignored.py\n', 'ignored.py': '', 'README.md': '' });
    const { files, skipped } = await discoverFiles(
      [path.join(root, 'ignored.py'), path.join(root, 'README.md'), path.join(root, 'missing.py')],
      { exclude: [], excludeRoot: root },
    );
    assert.deepEqual(relativeFiles(root, files), ['ignored.py']);
    assert.deepEqual(
      skipped.map((s) => [path.basename(s.path), s.reason]),
      [
        ['README.md', 'not a file type AISec reads'],
        ['missing.py', 'not found'],
      ],
    );
  });
});

describe('decodeText', () => {
  it('decodes UTF-8 and drops a byte-order mark', () => {
    assert.deepEqual(decodeText(Buffer.from('\ufeffé = 1\n', 'utf8')), { text: 'é = 1\n', bom: true });
    assert.deepEqual(decodeText(Buffer.from('é = 1\n', 'utf8')), { text: 'é = 1\n' });
  });
  it('replaces invalid bytes and says so', () => {
    const result = decodeText(Buffer.from([0x78, 0x20, 0x3d, 0x20, 0xe9, 0x0a]));
    assert.equal(result.text, 'x = \ufffd\n');
    assert.match(result.note ?? '', /not valid UTF-8/);
  });
});
