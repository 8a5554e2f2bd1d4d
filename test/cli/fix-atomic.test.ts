import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replaceFileIfUnchanged } from '../../server/src/scan/replace-file';
import { CLI, cleanup, makeProject, runCli } from './run-cli';

/** A file with safe fixes (ADD → COPY, use_safetensors=False dropped) and enough bulk that writing it takes a while. */
function fixableFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  const bulk = Array.from({ length: 300 }, (_, n) => `setting_${n} = "a value long enough to give the file some bulk to write out"\n`).join('');
  for (let i = 0; i < count; i++) {
    files[`svc${i}/Dockerfile`] = `FROM python:3.12-slim@sha256:${'a'.repeat(64)}\nADD app${i}.py /srv/app.py\nUSER app\nCMD ["python", "/srv/app.py"]\n`;
    files[`svc${i}/load.py`] =
      `from diffusers import DiffusionPipeline\n${bulk}` +
      `pipe = DiffusionPipeline.from_pretrained("org/m${i}", revision="0123456789abcdef0123456789abcdef01234567", use_safetensors=False)\n`;
  }
  return files;
}

function listFiles(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => fs.statSync(path.join(root, name)).isFile()).sort();
}

describe('aisec scan --fix writes files atomically', function () {
  this.timeout(120_000);
  const roots: string[] = [];
  after(() => roots.forEach(cleanup));
  function project(files: Record<string, string>): string {
    const root = makeProject(files);
    roots.push(root);
    return root;
  }

  const original = fixableFiles(12);
  let fixed: Record<string, string>;
  let fixCount: number;
  before(async () => {
    // What a complete run produces, file by file.
    const reference = project(original);
    fixCount = JSON.parse((await runCli(['scan', '--fix', '--no-progress', '--format', 'json'], reference)).stdout).summary.fixed;
    fixed = Object.fromEntries(Object.keys(original).map((name) => [name, fs.readFileSync(path.join(reference, name), 'utf8')]));
    for (const name of Object.keys(original)) assert.notEqual(fixed[name], original[name], `${name} has a fix`);
  });

  function assertUntouchedOrFixed(root: string, mustBeFixed: boolean): void {
    assert.deepEqual(listFiles(root), Object.keys(original).sort(), 'no temporary file is left behind');
    for (const name of Object.keys(original)) {
      const text = fs.readFileSync(path.join(root, name), 'utf8');
      if (mustBeFixed) assert.equal(text, fixed[name], `${name} is completely fixed`);
      else assert.ok(text === original[name] || text === fixed[name], `${name} is neither untouched nor completely fixed (${text.length} chars)`);
    }
  }

  it('keeps the file mode', async () => {
    const root = project({ 'run.py': original['svc0/load.py'] });
    fs.chmodSync(path.join(root, 'run.py'), 0o750);
    await runCli(['scan', '--fix', '--no-progress'], root);
    assert.notEqual(fs.readFileSync(path.join(root, 'run.py'), 'utf8'), original['svc0/load.py']);
    assert.equal(fs.statSync(path.join(root, 'run.py')).mode & 0o777, 0o750);
  });

  it('two runs at once leave every file completely fixed, each fix written by one run only', async () => {
    const root = project(original);
    const runs = await Promise.all([1, 2].map(() => runCli(['scan', '--fix', '--no-progress', '--jobs', '2', '--format', 'json'], root)));
    assertUntouchedOrFixed(root, true);
    // A run that finds the file changed under it skips it with a note instead of writing it a second time.
    const fixes = runs.map((run) => JSON.parse(run.stdout).summary.fixed as number);
    assert.equal(fixes[0] + fixes[1], fixCount, `fixes per run: ${fixes}`);
    const skipped = runs.flatMap((run) => run.stderr.match(/not fixed: the file changed on disk/g) ?? []).length;
    assert.ok(skipped <= Object.keys(original).length);
    for (const run of runs) assert.doesNotMatch(run.stderr, /cannot|failed|ENOENT/, run.stderr);
  });

  it('a run killed part-way leaves every file untouched or completely fixed', async () => {
    const root = project(original);
    const child = spawn(process.execPath, [CLI, 'scan', '--fix', '--no-progress', '--jobs', '2'], { cwd: root, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it as soon as the first file has changed: the others are being read, fixed or written.
    const names = Object.keys(original);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && names.every((name) => fs.readFileSync(path.join(root, name), 'utf8') === original[name])) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    child.kill('SIGKILL');
    await exited;
    const changed = names.filter((name) => fs.readFileSync(path.join(root, name), 'utf8') !== original[name]);
    assert.ok(changed.length > 0, 'the run was killed after it had fixed something');
    // A temporary file or the lock of the killed run may remain (hidden, beside its file); the real files are whole.
    for (const entry of listFiles(root).filter((name) => !(name in original))) {
      assert.match(path.basename(entry), /^\..+\.aisec-(\d+-[0-9a-f]+\.tmp|lock)$/);
      fs.rmSync(path.join(root, entry));
    }
    assertUntouchedOrFixed(root, false);
  });
});

describe('replaceFileIfUnchanged', () => {
  const roots: string[] = [];
  after(() => roots.forEach(cleanup));

  it('writes nothing when the file no longer holds what was read, and leaves no temporary file', () => {
    const root = makeProject({ 'a.py': 'old\n' });
    roots.push(root);
    const file = path.join(root, 'a.py');
    const read = fs.readFileSync(file);
    fs.writeFileSync(file, 'edited meanwhile\n');
    assert.equal(replaceFileIfUnchanged(file, read, 'fixed\n'), 'changed-on-disk');
    assert.equal(fs.readFileSync(file, 'utf8'), 'edited meanwhile\n');
    assert.deepEqual(fs.readdirSync(root), ['a.py']);
    assert.equal(replaceFileIfUnchanged(file, fs.readFileSync(file), 'fixed\n'), 'written');
    assert.equal(fs.readFileSync(file, 'utf8'), 'fixed\n');
    assert.deepEqual(fs.readdirSync(root), ['a.py']);
  });

  it('skips a file another run is writing (its lock is held), and takes over a stale lock', () => {
    const root = makeProject({ 'a.py': 'old\n' });
    roots.push(root);
    const file = path.join(root, 'a.py');
    const lock = path.join(root, '.a.py.aisec-lock');
    fs.writeFileSync(lock, '');
    assert.equal(replaceFileIfUnchanged(file, fs.readFileSync(file), 'fixed\n'), 'changed-on-disk');
    assert.equal(fs.readFileSync(file, 'utf8'), 'old\n');
    const longAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, longAgo, longAgo);
    assert.equal(replaceFileIfUnchanged(file, fs.readFileSync(file), 'fixed\n'), 'written');
    assert.equal(fs.readFileSync(file, 'utf8'), 'fixed\n');
    assert.deepEqual(fs.readdirSync(root), ['a.py']);
  });
});
