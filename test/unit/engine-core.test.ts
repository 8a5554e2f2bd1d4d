import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  analyze,
  applyEdits,
  applyFixes,
  ConfigError,
  findProjectConfig,
  initEngine,
  maskSecret,
  parseConfig,
  resolveConfig,
  snippetToPlainText,
  type Finding,
  type Rule,
} from '../../server/src/engine';
import { defineRule } from '../../server/src/engine/api';
import { probeMeta } from '../support/probe-meta';

const KNOWN = new Set(['secret/hardcoded-provider-key', 'container/root-user']);

describe('configuration', () => {
  it('reads severities per rule and category, options, exclude and failLevel', () => {
    const layer = parseConfig(
      {
        rules: { secret: 'error', 'container/root-user': 'off', 'secret/hardcoded-provider-key': { level: 'info', options: { x: 1 } } },
        exclude: ['vendor/**'],
        failLevel: 'error',
      },
      '.aisec.json',
      KNOWN,
    );
    assert.deepEqual(layer.rules, { secret: 'error', 'container/root-user': 'off', 'secret/hardcoded-provider-key': 'info' });
    assert.deepEqual(layer.ruleOptions, { 'secret/hardcoded-provider-key': { x: 1 } });
    assert.deepEqual(layer.exclude, ['vendor/**']);
    assert.equal(layer.failLevel, 'error');
  });

  const bad: [unknown, RegExp][] = [
    [[], /must be an object/],
    [{ colour: 'red' }, /unknown key "colour"/],
    [{ rules: { secret: 'loud' } }, /"rules\.secret" must be one of info, warning, error, off/],
    [{ rules: { 'secret/nope': 'error' } }, /unknown rule or category "secret\/nope"/],
    [{ exclude: 'vendor' }, /"exclude" must be an array/],
    [{ failLevel: 'off' }, /"failLevel" must be info, warning or error/],
    [{ taint: { sources: [{ pattern: 'flask.request', label: '' }] } }, /taint\.sources\[0\]: "label"/],
  ];
  for (const [raw, message] of bad) {
    it(`rejects ${JSON.stringify(raw)} with a message naming the key`, () => {
      assert.throws(() => parseConfig(raw, 'proj/.aisec.json', KNOWN), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^proj\/\.aisec\.json: /);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('layers settings under the project file', () => {
    const settings = parseConfig({ rules: { secret: 'warning', endpoint: 'off' }, failLevel: 'info' }, 'settings');
    const project = parseConfig({ rules: { secret: 'error' } }, '.aisec.json');
    const resolved = resolveConfig(settings, project);
    assert.deepEqual(resolved.rules, { secret: 'error', endpoint: 'off' });
    assert.equal(resolved.failLevel, 'info', 'a key the project file does not set keeps the setting');
    assert.equal(resolveConfig().failLevel, 'warning');
  });

  it('finds .aisec.json or [tool.aisec] in pyproject.toml in the folder or above', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-config-'));
    try {
      fs.mkdirSync(path.join(root, 'pkg', 'sub'), { recursive: true });
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.aisec]\nfailLevel = "error"\n[tool.aisec.rules]\n"data-leak" = "info"\n');
      fs.writeFileSync(path.join(root, 'pkg', 'pyproject.toml'), '[project]\nname = "pkg"\n');
      const found = findProjectConfig(path.join(root, 'pkg', 'sub'));
      assert.equal(found.file, path.join(root, 'pyproject.toml'), 'a pyproject.toml without [tool.aisec] is passed over');
      assert.equal(found.layer.failLevel, 'error');
      assert.deepEqual(found.layer.rules, { 'data-leak': 'info' });
      fs.writeFileSync(path.join(root, 'pkg', '.aisec.json'), '{"rules": {"secret": "off"}}');
      assert.equal(findProjectConfig(path.join(root, 'pkg', 'sub')).file, path.join(root, 'pkg', '.aisec.json'));
      fs.writeFileSync(path.join(root, 'pkg', '.aisec.json'), '{"rules": ');
      assert.throws(() => findProjectConfig(path.join(root, 'pkg')), /\.aisec\.json: invalid JSON/);
      fs.writeFileSync(path.join(root, 'pkg', '.aisec.json'), '{}');
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.aisec\n');
      assert.throws(() => findProjectConfig(root), /pyproject\.toml: invalid TOML/);
      // Another tool's broken table is not AISec's business: no settings, no error.
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.poetry\nname = "x"\n');
      assert.equal(findProjectConfig(root).file, undefined);
      // A dotted key names the table too.
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "x"\n\n[tool]\naisec.failLevel = "error"\n');
      assert.equal(findProjectConfig(root).layer.failLevel, 'error');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

/** Reports every line that contains FLAG, under a chosen id. */
function flagRule(id: Parameters<typeof probeMeta>[0]): Rule {
  return defineRule({
    meta: probeMeta(id, ['python', 'javascript', 'dockerfile']),
    create(context) {
      for (let line = 0; line < context.source.lineCount; line++) {
        const at = context.source.lineText(line).indexOf('FLAG');
        if (at >= 0) context.report({ range: { start: { line, character: at }, end: { line, character: at + 4 } }, message: 'flag' });
      }
    },
  });
}

describe('suppression comments', () => {
  before(() => initEngine());
  const rules = [flagRule('secret/flag'), flagRule('endpoint/flag')];
  const lines = (text: string, languageId = 'python') =>
    analyze(text, languageId, { rules }).findings.map((f) => `${f.range.start.line + 1}:${f.ruleId}`);

  it('silences everything on the same line and the line below', () => {
    assert.deepEqual(lines('x = "FLAG"  # aisec-ignore\n# aisec-ignore\ny = "FLAG"\nz = "FLAG"\n'), ['4:endpoint/flag', '4:secret/flag']);
  });
  it('silences only the named rules and categories', () => {
    assert.deepEqual(lines('x = "FLAG"  # aisec-ignore: secret\n'), ['1:endpoint/flag']);
    assert.deepEqual(lines('# aisec-ignore: endpoint/flag, secret/other\nx = "FLAG"\n'), ['2:secret/flag']);
  });
  it('uses // in JavaScript and # in Dockerfiles', () => {
    assert.deepEqual(lines('const x = "FLAG"; // aisec-ignore: secret, endpoint\n', 'typescript'), []);
    assert.deepEqual(lines('# aisec-ignore\nENV A=FLAG\n', 'dockerfile'), []);
  });
  it('does not reach two lines down', () => {
    assert.deepEqual(lines('# aisec-ignore\n\nx = "FLAG"\n').length, 2);
  });
});

describe('configured severities', () => {
  before(() => initEngine());
  it('turns rules off by id or category, the id winning', () => {
    const rules = [flagRule('secret/flag'), flagRule('endpoint/flag')];
    const run = (config: Record<string, string>) =>
      analyze('x = "FLAG"\n', 'python', { rules, config: resolveConfig(parseConfig({ rules: config }, 't')) }).findings.map(
        (f) => `${f.ruleId}:${f.severity}`,
      );
    assert.deepEqual(run({ secret: 'off' }), ['endpoint/flag:warning']);
    assert.deepEqual(run({ secret: 'off', 'secret/flag': 'error' }), ['endpoint/flag:warning', 'secret/flag:error']);
  });
});

describe('fixes', () => {
  const finding = (edits: Finding['fixes'][number]['edits'], safety: 'safe' | 'unsafe' = 'safe'): Finding => ({
    ruleId: 'secret/x',
    category: 'secret',
    severity: 'error',
    message: 'm',
    range: edits[0].range,
    related: [],
    fixes: [{ title: 't', safety, edits }],
  });
  const at = (line: number, start: number, end = start) => ({ start: { line, character: start }, end: { line, character: end } });

  it('applies non-overlapping fixes and skips one that overlaps, as ESLint does', () => {
    const text = 'abc\ndef\n';
    const result = applyFixes(text, [
      finding([{ range: at(0, 0, 1), newText: 'A' }]),
      finding([{ range: at(0, 0, 2), newText: 'XY' }]),
      finding([{ range: at(1, 2, 3), newText: 'F' }]),
      finding([{ range: at(1, 0, 1), newText: 'D' }], 'unsafe'),
    ]);
    assert.deepEqual(result, { text: 'Abc\ndeF\n', applied: 2, skipped: 1 });
    assert.equal(applyFixes(text, [finding([{ range: at(1, 0, 1), newText: 'D' }], 'unsafe')], true).text, 'abc\nDef\n');
  });
  it('turns snippets into plain text outside an editor', () => {
    assert.equal(snippetToPlainText('revision="${1:<commit sha>}"$0'), 'revision="<commit sha>"');
    assert.equal(applyEdits('f()', [{ range: at(0, 2), newText: '${1:x}' }]), 'f(x)');
  });
  it('refuses overlapping edits within one fix', () => {
    assert.throws(() => applyEdits('abcdef', [{ range: at(0, 0, 3), newText: '' }, { range: at(0, 2, 4), newText: '' }]), /overlapping/);
  });
});

describe('maskSecret', () => {
  it('keeps at most the first 4 and last 2 characters', () => {
    assert.equal(maskSecret('sk-proj-abcdefghijklmnopqrstuvwxyz'), 'sk-p…yz');
    assert.equal(maskSecret('hunter2pass'), 'hu…');
    assert.equal(maskSecret('abc'), '…');
  });
});

describe('test files', () => {
  before(() => initEngine());
  const rule = defineRule({
    meta: probeMeta('secret/test-severity', ['python'], { severity: 'error' }),
    create(context) {
      context.report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm', severity: context.file.isTest ? 'info' : 'error' });
    },
  });
  const severityOf = (filePath: string, projectRoot?: string) =>
    analyze('x = 1\n', 'python', { rules: [rule], filePath, config: { ...resolveConfig(), projectRoot } }).findings[0].severity;

  it('are judged from the path below the project folder', () => {
    assert.equal(severityOf('/home/me/tests/shop/app.py', '/home/me/tests/shop'), 'error');
    assert.equal(severityOf('/home/me/tests/shop/tests/test_app.py', '/home/me/tests/shop'), 'info');
    assert.equal(severityOf('/home/me/tests/shop/app.py'), 'info', 'without a project folder the whole path counts');
  });
});
