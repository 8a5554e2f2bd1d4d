import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { NodeFileSystem } from '../../server/src/engine/file-system';
import {
  findPythonVersion,
  isExactPin,
  isImmutableUrl,
  normalizePackageName,
  parsePackageJson,
  parsePyproject,
  parseRequirements,
  pythonVersionSources,
} from '../../server/src/engine/manifests';
import { SourceText } from '../../server/src/engine/source-text';

const fixtures = path.resolve(__dirname, '../fixtures/supply-chain');

describe('requirements file parser', () => {
  it('reads names, extras, specifiers, markers, hashes and keeps positions across continuations', () => {
    const file = parseRequirements(
      new SourceText('# c\nTorch [cuda, extra] >=2.0,<3 ; sys_platform == "linux" \\\n    --hash=sha256:aa \\\n    --hash sha256:bb\nnumpy\n'),
    );
    assert.equal(file.problems.length, 0);
    assert.equal(file.requirements.length, 2);
    const [torch, numpy] = file.requirements;
    assert.equal(torch.name, 'Torch');
    assert.equal(torch.normalizedName, 'torch');
    assert.deepEqual(torch.extras, ['cuda', 'extra']);
    assert.equal(torch.specifier, '>=2.0,<3');
    assert.equal(torch.marker, 'sys_platform == "linux"');
    assert.deepEqual(torch.hashes, ['sha256:aa', 'sha256:bb']);
    assert.deepEqual(torch.nameRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    assert.equal(torch.range.end.line, 3);
    assert.equal(numpy.nameRange.start.line, 4);
  });

  it('separates options, includes, editables and URL requirements; ignores # inside URLs', () => {
    const file = parseRequirements(
      new SourceText(
        '-i https://pypi.org/simple\n--extra-index-url=https://internal/simple\n--trusted-host internal\n-rbase.txt\n' +
          '--constraint c.txt\n-e git+https://github.com/o/r.git@abc1234#egg=r\nhttps://x/p.whl#sha256=00 ; python_version < "4"\n',
      ),
    );
    assert.deepEqual(file.options.map((o) => [o.name, o.value]), [
      ['--index-url', 'https://pypi.org/simple'],
      ['--extra-index-url', 'https://internal/simple'],
      ['--trusted-host', 'internal'],
    ]);
    assert.deepEqual(file.includes.map((i) => [i.kind, i.path]), [['requirement', 'base.txt'], ['constraint', 'c.txt']]);
    assert.equal(file.requirements[0].editable, true);
    assert.equal(file.requirements[0].name, 'r');
    assert.equal(file.requirements[1].url, 'https://x/p.whl#sha256=00');
    assert.equal(file.requirements[1].marker, 'python_version < "4"');
  });

  it('handles CRLF line endings and comment lines that end a continuation', () => {
    const file = parseRequirements(new SourceText('torch>=2 \\\r\n  ; python_version > "3.9"\r\n# note \\\r\nnumpy\r\n'));
    assert.deepEqual(file.problems, []);
    assert.deepEqual(
      file.requirements.map((r) => [r.name, r.specifier, r.marker, r.nameRange.start.line]),
      [
        ['torch', '>=2', 'python_version > "3.9"', 0],
        ['numpy', '', undefined, 3],
      ],
    );
  });

  it('reports malformed lines as problems instead of throwing', () => {
    const file = parseRequirements(new SourceText('--index-url\n!!!\ntorch 2.0\n\\\n'));
    assert.deepEqual(
      file.problems.map((p) => p.range.start.line),
      [0, 1, 2],
    );
    assert.match(file.problems[0].message, /needs a value/);
  });

  it('knows exact pins and immutable URLs', () => {
    assert.ok(isExactPin('==1.2.3'));
    assert.ok(isExactPin('>=1, ==1.2'));
    assert.ok(isExactPin('===1.0'));
    assert.ok(!isExactPin('==1.*'));
    assert.ok(!isExactPin('~=1.2'));
    assert.ok(!isExactPin(''));
    assert.ok(isImmutableUrl('git+https://h/o/r.git@3f1c2a9e#egg=r'));
    assert.ok(!isImmutableUrl('git+https://h/o/r.git@v1.0#egg=r'));
    assert.ok(!isImmutableUrl('git+ssh://git@h/o/r.git'));
    assert.equal(normalizePackageName('Typing__Extensions.x'), 'typing-extensions-x');
  });
});

describe('python version sources', () => {
  const files = new NodeFileSystem();

  it('prefers the virtual environment over a lock file in the same folder and reads METADATA', () => {
    const sources = pythonVersionSources(files, path.join(fixtures, 'python-project', 'requirements.txt'));
    assert.deepEqual(sources.map((s) => s.origin), ['.venv', 'poetry.lock']);
    assert.deepEqual(findPythonVersion(sources, 'torch'), { version: '2.3.1', origin: '.venv', kind: 'environment' });
    assert.deepEqual(findPythonVersion(sources, 'numpy'), { version: '1.26.4', origin: 'poetry.lock', kind: 'lock' });
    assert.equal(findPythonVersion(sources, 'scipy'), undefined);
  });

  it('takes a configured interpreter or environment folder, relative to the manifest', () => {
    const manifest = path.join(fixtures, 'no-version-project', 'requirements.txt');
    for (const interpreter of ['../custom-env/Scripts/python.exe', '../custom-env', path.join(fixtures, 'custom-env', 'bin', 'python3')]) {
      const sources = pythonVersionSources(files, manifest, interpreter);
      assert.equal(findPythonVersion(sources, 'requests')?.version, '2.32.3', interpreter);
    }
  });

  it('skips an unparsable lock file without throwing', () => {
    const sources = pythonVersionSources(files, path.join(fixtures, 'broken-lock-project', 'requirements.txt'));
    assert.equal(findPythonVersion(sources, 'torch'), undefined);
  });
});

describe('manifest readers on hostile input', () => {
  // A small seeded generator keeps the inputs the same on every run.
  function* randomTexts(count: number): Generator<string> {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const alphabet = 'ab=<>~!*@#;[]{}(),.\\/-_ "\'\n\r\t:0123456789git+https://xé\u0000';
    for (let i = 0; i < count; i++) {
      let text = '';
      const length = next() % 200;
      for (let j = 0; j < length; j++) text += alphabet[next() % alphabet.length];
      yield text;
    }
  }

  it('never throws on random text, and positions stay inside the document', () => {
    for (const text of randomTexts(500)) {
      const source = new SourceText(text);
      const file = parseRequirements(source);
      for (const requirement of file.requirements) {
        assert.ok(requirement.nameRange.start.line < source.lineCount, JSON.stringify(text));
        assert.ok(requirement.pinRange.end.line < source.lineCount, JSON.stringify(text));
      }
      assert.doesNotThrow(() => parsePackageJson(source), JSON.stringify(text));
      assert.doesNotThrow(() => parsePyproject(source), JSON.stringify(text));
    }
  });
});
