import * as assert from 'node:assert/strict';
import ignore from 'ignore';
import { IgnoreGate, requiredPieces } from '../../server/src/scan/ignore-gate';
import { seededRandom } from '../support/seeded-random';

/** A Python project's usual .gitignore (GitHub's template, shortened), with a few re-inclusions. */
const PYTHON_GITIGNORE = [
  '__pycache__/', '*.py[cod]', '*$py.class', '*.so', '.Python', 'build/', 'dist/', '*.egg-info/', '.installed.cfg', '*.egg',
  'MANIFEST', 'pip-log.txt', 'htmlcov/', '.tox/', '.coverage', '.coverage.*', '.cache', 'nosetests.xml', 'coverage.xml',
  '*.cover', '.hypothesis/', '.pytest_cache/', '*.mo', '*.log', 'local_settings.py', 'db.sqlite3', 'docs/_build/',
  '.ipynb_checkpoints', '.env', '.venv', 'env/', 'venv/', '/site', '.mypy_cache/', '!docs/keep.log', '**/secrets/**',
];

describe('gitignore gate (paths that no pattern can match skip the pattern-by-pattern test)', () => {
  it('reads the literal piece a pattern needs, with small classes spelled out', () => {
    assert.deepEqual(requiredPieces('*.py[cod]'), [['.pyc', '.pyo', '.pyd']]);
    // Whole names are framed by separators; pieces next to a wildcard or a blank are not.
    assert.deepEqual(requiredPieces('**/node_modules/**'), [['/node_modules/']]);
    assert.deepEqual(requiredPieces('!Docs/Keep.LOG'), [['/docs/'], ['/keep.log/']]);
    assert.deepEqual(requiredPieces('build/   '), [['/build/']]);
    assert.deepEqual(requiredPieces('build   '), [['build']]);
    assert.deepEqual(requiredPieces('a/**/generated_*.ts'), [['/a/'], ['generated_'], ['.ts']]);
    assert.deepEqual(requiredPieces('[ab]c/'), [['/ac/', '/bc/']]);
    assert.deepEqual(requiredPieces('../x'), [['..'], ['/x/']]);
  });

  it('gives up on patterns it does not take apart, which turns the gate off for their set', () => {
    for (const pattern of ['*', '**/', '?', 'foo\\ ', '\\!important', '[a-z]*.py', '[!x]', '[^x]', 'data[', '[]x]', '*.[é]']) {
      assert.equal(requiredPieces(pattern), undefined, pattern);
    }
    const gate = new IgnoreGate(['*.log', '*']);
    assert.equal(gate.mayMatch('src/app.py'), true);
  });

  it('lets through only paths holding a piece, so most files of a project skip the test', () => {
    const gate = new IgnoreGate(PYTHON_GITIGNORE);
    for (const path of ['src/app/main.py', 'server/routes/chat.ts', 'requirements.txt', 'src/', 'docs/index.py']) assert.equal(gate.mayMatch(path), false, path);
    for (const path of ['src/x.pyc', 'Logs/run.LOG', 'pkg/.env', 'a/secrets/key.py', 'site/index.py', 'build/', 'docs/keep.log']) assert.equal(gate.mayMatch(path), true, path);
    // A pattern needs all of its pieces: `src` alone does not let a TypeScript file through `!**/src/**/*.js`.
    const js = new IgnoreGate(['!**/src/**/*.js', 'lib/'], 1);
    assert.equal(js.mayMatch('libs/core/src/index.ts'), false);
    assert.equal(js.mayMatch('libs/core/src/index.js'), true);
    // `lib/` is a whole name: `libs/` does not hold it, `packages/lib/` does.
    assert.equal(js.mayMatch('libs/core/'), false);
    assert.equal(js.mayMatch('packages/lib/'), true);
    assert.equal(js.mayMatch('packages/lib/index.ts'), true);
  });

  it('is not built for a few patterns, which cost less to test than the gate does to build', () => {
    assert.equal(new IgnoreGate(['*.pyc', 'dist/']).mayMatch('src/app.py'), true);
    assert.equal(new IgnoreGate(['*.pyc', 'dist/'], 2).mayMatch('src/app.py'), false);
  });

  it('never turns away a path that the ignore package ignores or re-includes (seeded patterns and paths)', () => {
    const random = seededRandom(20261203);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const names = ['a', 'B', 'ab', 'env', 'Env', 'dist', 'x.py', 'x.PYC', 'log', '.cache', 'd-1', 'c$d', 'lib', 'libs', '.', '..'];
    const parts = [...names, '*', '**', '?', '[cod]', '[AB]', '[a-c]', '[!a]', '.py'];
    const segment = () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(parts)).join('');
    const pattern = () => {
      let text = Array.from({ length: 1 + Math.floor(random() * 3) }, segment).join('/');
      if (random() < 0.2) text = `/${text}`;
      if (random() < 0.2) text += '/';
      if (random() < 0.15) text = `!${text}`;
      if (random() < 0.05) text += '  ';
      return text;
    };
    // Paths as discovery makes them: relative, with no `.` or `..` segments.
    const pathNames = names.filter((name) => !/^\.+$/.test(name));
    const pathOf = () => {
      const text = Array.from({ length: 1 + Math.floor(random() * 4) }, () => Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(pathNames)).join('')).join('/');
      return random() < 0.3 ? `${text}/` : text;
    };
    let turnedAway = 0;
    let decided = 0;
    for (let round = 0; round < 400; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(random() * 6) }, pattern);
      const gate = new IgnoreGate(patterns, 1);
      const matcher = ignore().add(patterns);
      for (let t = 0; t < 40; t++) {
        const path = pathOf();
        const verdict = matcher.test(path);
        if (verdict.ignored || verdict.unignored) decided++;
        if (gate.mayMatch(path)) continue;
        turnedAway++;
        assert.deepEqual({ ignored: verdict.ignored, unignored: verdict.unignored }, { ignored: false, unignored: false }, `${JSON.stringify(patterns)} on ${path}`);
      }
    }
    // The check means something only if both kinds of path were met many times.
    assert.ok(turnedAway > 2000, `turned away ${turnedAway}`);
    assert.ok(decided > 1000, `decided ${decided}`);
  });
});
