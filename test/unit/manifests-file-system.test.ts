import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, initEngine } from '../../server/src/engine';
import { defineRule } from '../../server/src/engine/api';
import { defaultFileSystem, EMPTY_FILE_SYSTEM, NodeFileSystem, type FileSystem } from '../../server/src/engine/file-system';
import { probeMeta } from '../support/probe-meta';

/** The read-only file access rules get through `context.files` (lock files, virtual environments). */
describe('engine file access for rules', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-files-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads files, lists folders, and answers "absent" instead of throwing', () => {
    const files = new NodeFileSystem();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'one');
    assert.equal(files.read(path.join(dir, 'a.txt')), 'one');
    assert.equal(files.read(path.join(dir, 'missing.txt')), undefined);
    assert.equal(files.read(dir), undefined, 'a folder is not a file');
    assert.ok(files.exists(dir));
    assert.ok(!files.exists(path.join(dir, 'missing.txt')));
    assert.deepEqual(files.list(dir), ['a.txt']);
    assert.equal(files.list(path.join(dir, 'a.txt')), undefined);
  });

  it('answers "absent" for a path under a file, and remembers misses only when asked to (a one-off scan)', () => {
    fs.writeFileSync(path.join(dir, 'plain.txt'), 'x');
    const editor = new NodeFileSystem();
    const scan = new NodeFileSystem({ rememberMissing: true });
    for (const files of [editor, scan]) {
      assert.equal(files.read(path.join(dir, 'plain.txt', 'below')), undefined);
      assert.equal(files.exists(path.join(dir, 'plain.txt', 'below')), false);
      assert.equal(files.read(path.join(dir, 'later.txt')), undefined);
      assert.equal(files.exists(path.join(dir, 'later-too.txt')), false);
    }
    fs.writeFileSync(path.join(dir, 'later.txt'), 'now here');
    fs.writeFileSync(path.join(dir, 'later-too.txt'), '');
    // The editor sees files created since; the scan keeps the picture it started with.
    assert.equal(editor.read(path.join(dir, 'later.txt')), 'now here');
    assert.equal(editor.exists(path.join(dir, 'later-too.txt')), true);
    assert.equal(scan.read(path.join(dir, 'later.txt')), undefined);
    assert.equal(scan.exists(path.join(dir, 'later-too.txt')), false);
  });

  it('sees a changed file (the cache is keyed by modification time and size)', () => {
    const files = new NodeFileSystem();
    const file = path.join(dir, 'lock.txt');
    fs.writeFileSync(file, 'v1');
    assert.equal(files.read(file), 'v1');
    fs.writeFileSync(file, 'version 2');
    assert.equal(files.read(file), 'version 2');
  });

  it('gives rules the disk only for absolute paths, and a given file system otherwise', async () => {
    await initEngine();
    assert.equal(defaultFileSystem('requirements.txt'), EMPTY_FILE_SYSTEM);
    assert.equal(defaultFileSystem(undefined), EMPTY_FILE_SYSTEM);
    assert.ok(defaultFileSystem(path.join(dir, 'requirements.txt')) instanceof NodeFileSystem);

    const seen: boolean[] = [];
    const probe = defineRule({
      meta: probeMeta('supply-chain/probe', ['requirements'], { severity: 'info' }),
      create(context) {
        seen.push(context.files.exists('/anything'));
      },
    });
    const everything: FileSystem = { read: () => 'x', exists: () => true, list: () => [] };
    analyze('torch\n', 'pip-requirements', { rules: [probe], filePath: 'requirements.txt' });
    analyze('torch\n', 'pip-requirements', { rules: [probe], filePath: 'requirements.txt', fileSystem: everything });
    assert.deepEqual(seen, [false, true]);
  });
});
