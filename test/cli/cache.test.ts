import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, makeProject, runCli, type CliRun } from './run-cli';

const TORCH = 'import torch\n\nmodel = torch.load("model.pt")\n';
const PICKLE = 'import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n';
const CLEAN = 'import os\n\nprint(os.getcwd())\n';
const DOCKERFILE = 'FROM python:3.12-slim@sha256:' + 'a'.repeat(64) + '\nWORKDIR /app\nCOPY . .\nUSER app\nHEALTHCHECK CMD true\nCMD ["python", "app.py"]\n';

interface JsonReport {
  findings: { file: string; line: number; ruleId: string; message: string }[];
  notes: { file: string; message: string }[];
  summary: { filesScanned: number; cachedFiles?: number };
}

function report(run: CliRun): JsonReport {
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return JSON.parse(run.stdout) as JsonReport;
}

/** The pack files of a cache folder, one per settings key. */
function packs(cacheDir: string): string[] {
  const root = path.join(cacheDir, 'v2');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).map((name) => path.join(root, name));
}

interface StoredEntry {
  path: string;
  contentHash: string;
  stamp?: { size: number };
}

/** The entries of a cache folder (all settings). */
function entries(cacheDir: string): StoredEntry[] {
  return packs(cacheDir).flatMap((pack) => (JSON.parse(fs.readFileSync(pack, 'utf8')) as { entries: StoredEntry[] }).entries);
}

/** Replaces the stored entry of the file whose path ends with `name` (as a tool or a bad disk might). */
function rewriteEntry(cacheDir: string, name: string, change: (entry: StoredEntry) => unknown): void {
  for (const pack of packs(cacheDir)) {
    const stored = JSON.parse(fs.readFileSync(pack, 'utf8')) as { entries: StoredEntry[] };
    stored.entries = stored.entries.map((entry) => (entry.path.endsWith(name) ? (change(entry) as StoredEntry) : entry));
    fs.writeFileSync(pack, JSON.stringify(stored));
  }
}

describe('aisec scan: the scan cache', function () {
  this.timeout(60_000);
  const projects: string[] = [];
  after(() => projects.forEach(cleanup));
  function project(files: Record<string, string | Buffer>): string {
    const root = makeProject(files);
    projects.push(root);
    return root;
  }

  it('is on by default, lives in .aisec_cache with a .gitignore, and a second scan reports the same from the cache', async () => {
    const root = project({ 'a.py': TORCH, 'b.py': PICKLE, 'c.py': CLEAN, 'Dockerfile': DOCKERFILE });
    const first = report(await runCli(['scan', '--format', 'json'], root));
    assert.equal(first.summary.cachedFiles, 0);
    assert.ok(first.findings.length >= 3, JSON.stringify(first.findings));
    assert.equal(fs.readFileSync(path.join(root, '.aisec_cache', '.gitignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).join(), '*');
    assert.equal(entries(path.join(root, '.aisec_cache')).length, 4);

    const second = report(await runCli(['scan', '--format', 'json'], root));
    assert.equal(second.summary.cachedFiles, 4);
    assert.deepEqual(second.findings, first.findings);
    assert.deepEqual(second.notes, first.notes);
    assert.equal(second.summary.filesScanned, 4, 'the cache folder itself is never scanned');
  });

  it('re-analyses only the file that changed', async () => {
    const root = project({ 'a.py': TORCH, 'b.py': PICKLE, 'c.py': CLEAN });
    report(await runCli(['scan', '--format', 'json'], root));
    fs.writeFileSync(path.join(root, 'c.py'), TORCH);
    const after = report(await runCli(['scan', '--format', 'json'], root));
    assert.equal(after.summary.cachedFiles, 2);
    assert.ok(after.findings.some((f) => f.file === 'c.py' && f.ruleId === 'supply-chain/torch-load-without-weights-only'));
    const fresh = report(await runCli(['scan', '--format', 'json', '--no-cache'], root));
    assert.deepEqual(after.findings, fresh.findings);
  });

  it('re-analyses a file when a neighbour its rules read changes (.dockerignore beside a Dockerfile)', async () => {
    const root = project({ 'Dockerfile': DOCKERFILE, 'app.py': CLEAN });
    const rule = 'data-leak/docker-copy-without-dockerignore';
    const before = report(await runCli(['scan', '--format', 'json'], root));
    assert.ok(before.findings.some((f) => f.ruleId === rule), JSON.stringify(before.findings));
    fs.writeFileSync(path.join(root, '.dockerignore'), '.env\n.git\n');
    const after = report(await runCli(['scan', '--format', 'json'], root));
    assert.equal(after.summary.cachedFiles, 1, 'app.py from the cache, the Dockerfile analysed again');
    assert.ok(!after.findings.some((f) => f.ruleId === rule), JSON.stringify(after.findings));
  });

  it('starts afresh when the effective configuration changes', async () => {
    const root = project({ 'a.py': TORCH, 'b.py': CLEAN });
    report(await runCli(['scan', '--format', 'json'], root));
    fs.writeFileSync(path.join(root, '.aisec.json'), JSON.stringify({ rules: { 'supply-chain/torch-load-without-weights-only': 'error' } }));
    const after = report(await runCli(['scan', '--format', 'json'], root));
    assert.equal(after.summary.cachedFiles, 0);
  });

  it('ignores a corrupt entry with a note and analyses the file again', async () => {
    const root = project({ 'a.py': TORCH, 'b.py': CLEAN });
    const first = report(await runCli(['scan', '--format', 'json'], root));
    rewriteEntry(path.join(root, '.aisec_cache'), 'a.py', (entry) => ({ path: entry.path, result: [] }));
    const run = await runCli(['scan', '--format', 'json'], root);
    const second = report(run);
    assert.equal(second.summary.cachedFiles, 1, 'b.py');
    assert.deepEqual(second.findings, first.findings);
    assert.deepEqual(second.notes, [{ file: 'a.py', message: 'cache entry was unreadable and was ignored; the file was analysed again' }]);
    assert.match(run.stderr, /a\.py: cache entry was unreadable/);
    // The fresh result replaced the corrupt entry.
    assert.equal(report(await runCli(['scan', '--format', 'json'], root)).summary.cachedFiles, 2);
  });

  it('ignores a pack that cannot be read with one warning, and writes a good one', async () => {
    const root = project({ 'a.py': TORCH, 'b.py': CLEAN });
    const first = report(await runCli(['scan', '--format', 'json'], root));
    const [pack] = packs(path.join(root, '.aisec_cache'));
    fs.writeFileSync(pack, '{"entries": [{"path": "a.py", "res');
    const run = await runCli(['scan', '--format', 'json'], root);
    const second = report(run);
    assert.equal(second.summary.cachedFiles, 0);
    assert.deepEqual(second.findings, first.findings);
    assert.deepEqual(second.notes, first.notes);
    assert.equal(run.stderr.match(/could not be read and was ignored/g)?.length, 1, run.stderr);
    assert.equal(report(await runCli(['scan', '--format', 'json'], root)).summary.cachedFiles, 2);
  });

  it('writes the pack only when something was analysed, and drops the entries of files that are gone', async () => {
    const root = project({ 'a.py': TORCH, 'b.py': CLEAN, 'c.py': PICKLE });
    report(await runCli(['scan', '--format', 'json'], root));
    const [pack] = packs(path.join(root, '.aisec_cache'));
    // A rewrite renames a new file into place: a new inode.
    const written = fs.statSync(pack).ino;
    assert.equal(report(await runCli(['scan', '--format', 'json'], root)).summary.cachedFiles, 3);
    assert.equal(fs.statSync(pack).ino, written, 'a fully cached scan does not rewrite the pack');

    fs.rmSync(path.join(root, 'c.py'));
    fs.writeFileSync(path.join(root, 'b.py'), TORCH);
    assert.equal(report(await runCli(['scan', '--format', 'json'], root)).summary.cachedFiles, 1);
    assert.deepEqual(entries(path.join(root, '.aisec_cache')).map((e) => path.basename(e.path)).sort(), ['a.py', 'b.py']);
  });

  it('removes other formats, packs unused for 30 days and stale temporary files, but only in its own folder', async () => {
    const root = project({ 'a.py': TORCH, 'b.py': CLEAN });
    const cacheDir = path.join(root, '.aisec_cache');
    report(await runCli(['scan', '--format', 'json'], root));
    const [current] = packs(cacheDir);
    const key = (n: number) => n.toString(16).padStart(32, '0');
    const monthsAgo = new Date(Date.now() - 40 * 86_400_000);
    const daysAgo = new Date(Date.now() - 2 * 86_400_000);
    // An older format, an old and a recent pack of other settings, a temporary file a killed scan left.
    fs.mkdirSync(path.join(cacheDir, 'v1', key(1)), { recursive: true });
    fs.writeFileSync(path.join(cacheDir, 'v1', key(1), `${key(2)}.json`), '{}');
    const old = path.join(cacheDir, 'v2', `${key(3)}.json`);
    const recent = path.join(cacheDir, 'v2', `${key(4)}.json`);
    const leftover = path.join(cacheDir, 'v2', `${key(5)}.json.123.0.abcdef01.tmp`);
    const foreign = path.join(cacheDir, 'v2', 'notes.txt');
    for (const file of [old, recent, leftover, foreign]) fs.writeFileSync(file, '{"entries": []}');
    fs.utimesSync(old, monthsAgo, monthsAgo);
    fs.utimesSync(leftover, daysAgo, daysAgo);
    fs.utimesSync(foreign, monthsAgo, monthsAgo);
    // The pack in use, last used long ago: a fully cached scan marks it used (and tidies nothing).
    fs.utimesSync(current, monthsAgo, monthsAgo);
    assert.equal(report(await runCli(['scan', '--format', 'json'], root)).summary.cachedFiles, 2);
    assert.ok(fs.statSync(current).mtimeMs > Date.now() - 60_000, 'marked used');
    assert.ok(fs.existsSync(old) && fs.existsSync(path.join(cacheDir, 'v1')), 'nothing written, nothing tidied');

    fs.writeFileSync(path.join(root, 'b.py'), PICKLE);
    report(await runCli(['scan', '--format', 'json'], root));
    assert.ok(!fs.existsSync(path.join(cacheDir, 'v1')), 'the older format');
    assert.ok(!fs.existsSync(old), 'a pack unused for 40 days');
    assert.ok(!fs.existsSync(leftover), 'a temporary file two days old');
    assert.ok(fs.existsSync(recent) && fs.existsSync(current) && fs.existsSync(foreign));

    // A --cache-dir that is not only AISec's (AISec wrote its .gitignore there, but v1 holds a file of the user's): v1 stays.
    const shared = project({ 'v1/notes.md': 'mine\n' });
    report(await runCli(['scan', '--format', 'json', '--cache-dir', shared], root));
    fs.writeFileSync(path.join(root, 'b.py'), CLEAN);
    report(await runCli(['scan', '--format', 'json', '--cache-dir', shared], root));
    assert.equal(fs.readFileSync(path.join(shared, 'v1', 'notes.md'), 'utf8'), 'mine\n');
  });

  it('--no-cache neither reads nor writes a cache; --cache-dir puts it elsewhere', async () => {
    const root = project({ 'a.py': TORCH });
    const off = report(await runCli(['scan', '--format', 'json', '--no-cache'], root));
    assert.equal(off.summary.cachedFiles, undefined);
    assert.ok(!fs.existsSync(path.join(root, '.aisec_cache')));

    const elsewhere = project({});
    const cacheDir = path.join(elsewhere, 'cache');
    report(await runCli(['scan', '--format', 'json', '--cache-dir', cacheDir], root));
    assert.ok(!fs.existsSync(path.join(root, '.aisec_cache')));
    assert.equal(entries(cacheDir).length, 1);
    assert.equal(report(await runCli(['scan', '--format', 'json', '--cache-dir', cacheDir], root)).summary.cachedFiles, 1);
  });

  it('never scans what is inside .aisec_cache', async () => {
    const root = project({ 'a.py': CLEAN, '.aisec_cache/leftover.py': TORCH });
    const scan = report(await runCli(['scan', '--format', 'json', '--no-gitignore'], root));
    assert.equal(scan.summary.filesScanned, 1);
    assert.deepEqual(scan.findings, []);
  });

  it('two scans at once share the cache safely (no partial or temporary files left)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 24; i++) files[`pkg/m${i}.py`] = i % 2 ? TORCH : PICKLE;
    const root = project(files);
    const [a, b] = await Promise.all([runCli(['scan', '--format', 'json'], root), runCli(['scan', '--format', 'json'], root)]);
    assert.deepEqual(report(a).findings, report(b).findings);
    assert.equal(entries(path.join(root, '.aisec_cache')).length, 24);
    const written = packs(path.join(root, '.aisec_cache'));
    assert.ok(written.length === 1 && written[0].endsWith('.json'), written.join('\n'));
    const third = report(await runCli(['scan', '--format', 'json'], root));
    assert.equal(third.summary.cachedFiles, 24);
    assert.deepEqual(third.findings, report(a).findings);
  });

  describe('file stamps (size, modification and change time) in place of reading and hashing', () => {
    const NO_TORCH = 'import torch\n\nmodel = torch.save("model.pt")\n';
    let settled: string;
    // A whole second, so that putting it back gives the very same modification time.
    const anHourAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    before(async () => {
      settled = project({ 'a.py': TORCH, 'b.py': CLEAN });
      for (const name of ['a.py', 'b.py']) fs.utimesSync(path.join(settled, name), anHourAgo, anHourAgo);
      // A stamp stands for a file's bytes only once the file has been left alone for two seconds.
      await new Promise((resolve) => setTimeout(resolve, 2100));
    });

    function storedEntry(root: string): StoredEntry {
      const [entry] = entries(path.join(root, '.aisec_cache')).filter((e) => e.path.endsWith('a.py'));
      return entry;
    }

    it('keeps a settled file\'s stamp, and a file changed less than two seconds before is hashed instead', async () => {
      report(await runCli(['scan', '--format', 'json'], settled));
      assert.equal(storedEntry(settled).stamp?.size, TORCH.length);
      const fresh = project({ 'a.py': TORCH });
      // Dated ahead, so that it is still "just changed" however slowly the scan starts.
      const ahead = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(fresh, 'a.py'), ahead, ahead);
      report(await runCli(['scan', '--format', 'json'], fresh));
      assert.equal(storedEntry(fresh).stamp, undefined);
      assert.equal(report(await runCli(['scan', '--format', 'json'], fresh)).summary.cachedFiles, 1, 'by its hash');
    });

    it('takes an unchanged stamp for the bytes without reading them, and hashes again once the stamp changes', async () => {
      const root = project({ 'a.py': TORCH, 'b.py': CLEAN });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      report(await runCli(['scan', '--format', 'json'], root));
      // An entry whose hash no longer matches the file: only a lookup that trusts the stamp still uses it.
      rewriteEntry(path.join(root, '.aisec_cache'), 'a.py', (entry) => ({ ...entry, contentHash: '0'.repeat(64) }));
      assert.equal(report(await runCli(['scan', '--format', 'json'], root)).summary.cachedFiles, 2);
      const later = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(root, 'a.py'), later, later);
      assert.equal(report(await runCli(['scan', '--format', 'json'], root)).summary.cachedFiles, 1, 'a.py hashed, the hash differs');
    });

    it('sees an edit that keeps the size and puts the modification time back (the change time moves)', async () => {
      const file = path.join(settled, 'a.py');
      const before = report(await runCli(['scan', '--format', 'json'], settled));
      assert.ok(before.findings.some((f) => f.file === 'a.py'), JSON.stringify(before.findings));
      assert.equal(fs.statSync(file).mtimeMs, anHourAgo.getTime());
      assert.equal(NO_TORCH.length, TORCH.length);
      fs.writeFileSync(file, NO_TORCH);
      fs.utimesSync(file, anHourAgo, anHourAgo);
      assert.equal(fs.statSync(file).mtimeMs, anHourAgo.getTime(), 'size and modification time as before');
      const after = report(await runCli(['scan', '--format', 'json'], settled));
      assert.equal(after.summary.cachedFiles, 1, 'b.py only');
      assert.ok(!after.findings.some((f) => f.file === 'a.py'), JSON.stringify(after.findings));
    });
  });

  it('is not used with --fix (files are written): every file is analysed', async () => {
    const root = project({ 'a.py': TORCH });
    report(await runCli(['scan', '--format', 'json'], root));
    const fixed = report(await runCli(['scan', '--format', 'json', '--fix'], root));
    assert.equal(fixed.summary.cachedFiles, undefined);
  });
});
