import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseUnifiedDiff } from '../../server/src/cli/diff-base';
import { cleanup, makeProject, runCli } from './run-cli';

const LOADER = 'import torch\n\nmodel = torch.load("model.pt")\n';

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' });
}

interface JsonReport {
  findings: { file: string; line: number; ruleId: string }[];
  summary: { onUnchangedLines?: number; diffBase?: string };
}

describe('aisec scan --diff-base', function () {
  this.timeout(60_000);
  const roots: string[] = [];
  after(() => roots.forEach(cleanup));
  function repository(files: Record<string, string>): string {
    const root = makeProject(files);
    roots.push(root);
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'base');
    return root;
  }
  async function scanJson(root: string, args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
    const run = await runCli(['scan', '--format', 'json', '--no-progress', ...args], root);
    return { code: run.code, report: run.stdout ? JSON.parse(run.stdout) : undefined, stderr: run.stderr };
  }

  it('reports only findings on lines changed since the ref: committed, staged, unstaged and new files', async () => {
    const root = repository({ 'old.py': LOADER, 'staged.py': LOADER });
    git(root, 'checkout', '-q', '-b', 'feature');
    fs.appendFileSync(path.join(root, 'old.py'), 'second = torch.load("b.pt")\n');
    git(root, 'commit', '-q', '-am', 'feature');
    fs.appendFileSync(path.join(root, 'staged.py'), 'third = torch.load("c.pt")\n');
    git(root, 'add', 'staged.py');
    fs.writeFileSync(path.join(root, 'untracked.py'), LOADER);
    const run = await scanJson(root, ['--diff-base', 'main']);
    assert.deepEqual(
      run.report.findings.map((f) => `${f.file}:${f.line}`).sort(),
      ['old.py:4', 'staged.py:4', 'untracked.py:3'],
    );
    assert.equal(run.report.summary.onUnchangedLines, 2);
    assert.equal(run.report.summary.diffBase, 'main');
    assert.equal(run.code, 1);

    const clean = await scanJson(root, ['--diff-base', 'HEAD', 'old.py']);
    assert.deepEqual(clean.report.findings, [], 'old.py has no change since HEAD');
    assert.equal(clean.code, 0);
    const text = await runCli(['scan', '--diff-base', 'HEAD', 'old.py'], root);
    assert.match(text.stdout, /2 findings on lines unchanged since HEAD not shown\./);
  });

  it('says so and exits 2 outside a git work tree or for an unknown ref, and never runs the ref through a shell', async () => {
    const plain = makeProject({ 'load.py': LOADER });
    roots.push(plain);
    const outside = await runCli(['scan', '--diff-base', 'main'], plain);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /--diff-base: .* is not inside a git work tree/);

    const root = repository({ 'load.py': LOADER });
    const unknown = await runCli(['scan', '--diff-base', 'no-such-branch'], root);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--diff-base: unknown git ref "no-such-branch"/);
    const injected = await runCli(['scan', '--diff-base', 'HEAD;touch pwned'], root);
    assert.equal(injected.code, 2);
    assert.ok(!fs.existsSync(path.join(root, 'pwned')), 'the ref reached a shell');
    const option = await runCli(['scan', '--diff-base=--output=x'], root);
    assert.equal(option.code, 2);
    assert.ok(!fs.existsSync(path.join(root, 'x')));
  });

  it('reads added and changed lines from a zero-context diff, and no lines for a deleted file', () => {
    const diff = [
      'diff --git a/a.py b/a.py',
      '--- a/a.py',
      '+++ b/a.py',
      '@@ -3 +3,2 @@',
      '@@ -10,2 +12 @@',
      '@@ -20,3 +21,0 @@',
      'diff --git a/gone.py b/gone.py',
      '--- a/gone.py',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      'diff --git a/dir with space/b.py b/dir with space/b.py',
      '+++ b/dir with space/b.py',
      '@@ -0,0 +1 @@',
    ].join('\n');
    const changed = parseUnifiedDiff(diff, '/repo');
    assert.deepEqual([...(changed.get('/repo/a.py') as Set<number>)], [2, 3, 11]);
    assert.equal(changed.has('/repo/gone.py'), false);
    assert.deepEqual([...(changed.get('/repo/dir with space/b.py') as Set<number>)], [0]);
  });
});
