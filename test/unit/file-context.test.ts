import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, initEngine, resolveConfig, type Severity } from '../../server/src/engine';
import { defineRule, type FileContext, type FileSystem, type SeverityByContext } from '../../server/src/engine/api';
import { fileContext, packageJsonKind, projectKindOf, pyprojectKind } from '../../server/src/engine/file-context';
import { probeMeta } from '../support/probe-meta';

/** A read-only file system over a map of absolute paths to texts, counting reads. */
function filesOf(entries: Record<string, string>): FileSystem & { reads: number } {
  const fs = {
    reads: 0,
    read(filePath: string) {
      fs.reads++;
      return entries[filePath];
    },
    exists: (filePath: string) => entries[filePath] !== undefined,
    list: () => undefined,
  };
  return fs;
}

describe('file context', () => {
  const none = filesOf({});
  const roleOf = (filePath: string, root?: string) => fileContext(filePath, root, none).role;

  it('tells tests, examples, tooling and source apart from the path below the project folder', () => {
    assert.equal(roleOf('/p/tests/test_app.py', '/p'), 'test');
    assert.equal(roleOf('/p/environment_tests/app/index.ts', '/p'), 'test');
    assert.equal(roleOf('/p/src/app.spec.ts', '/p'), 'test');
    assert.equal(roleOf('/p/examples/sft/train.py', '/p'), 'example');
    assert.equal(roleOf('/p/docs/source/quickstart.py', '/p'), 'example');
    assert.equal(roleOf('/p/my-cookbook/rag.py', '/p'), 'example');
    assert.equal(roleOf('/p/benchmarks/requirements.txt', '/p'), 'example');
    assert.equal(roleOf('/p/.devcontainer/Dockerfile', '/p'), 'tooling');
    assert.equal(roleOf('/p/.github/actions/people/Dockerfile', '/p'), 'tooling');
    assert.equal(roleOf('/p/docker/Dockerfile.dev', '/p'), 'tooling');
    assert.equal(roleOf('/p/docker/Dockerfile.neuron.dev', '/p'), 'tooling');
    assert.equal(roleOf('/p/scripts/release.py', '/p'), 'tooling');
    assert.equal(roleOf('/p/docker/Dockerfile.devices', '/p'), 'source');
    assert.equal(roleOf('/p/src/pkg/serve.py', '/p'), 'source');
    assert.equal(roleOf('/p/src/latest/contest.py', '/p'), 'source', 'words that merely contain "test" are not tests');
    // The project's own folder name does not count when the project folder is known.
    assert.equal(roleOf('/home/me/examples/shop/app.py', '/home/me/examples/shop'), 'source');
    assert.equal(roleOf('/home/me/examples/shop/app.py'), 'example', 'without a project folder the whole path counts');
  });

  it('marks notebooks and anything not shipped as illustrative', () => {
    assert.equal(fileContext('/p/analysis.ipynb', '/p', none).isNotebook, true);
    assert.equal(fileContext('/p/analysis.ipynb', '/p', none).isIllustrative, true);
    assert.equal(fileContext('/p/src/app.py', '/p', none).isIllustrative, false);
    assert.equal(fileContext(undefined, undefined, none).role, 'source');
  });

  it('reads a package.json as a library when it is published with an entry point, else as an application', () => {
    assert.equal(packageJsonKind('{"name":"@acme/sdk","main":"dist/index.js"}'), 'library');
    assert.equal(packageJsonKind('{"name":"@acme/sdk","exports":{".":"./index.js"}}'), 'library');
    assert.equal(packageJsonKind('{"name":"web","private":true,"main":"x.js"}'), 'application');
    assert.equal(packageJsonKind('{"name":"web","scripts":{"start":"next start"}}'), 'application');
    assert.equal(packageJsonKind('not json'), 'unknown');
  });

  it('reads a pyproject as a library when it names a distribution and locks nothing, or declares classifiers', () => {
    assert.equal(pyprojectKind('[project]\nname = "acme"\nversion = "1.0"\n', false), 'library');
    assert.equal(pyprojectKind('[project]\nname = "acme"\n', true), 'application');
    assert.equal(pyprojectKind('[project]\nname = "acme"\nclassifiers = ["Programming Language :: Python"]\n', true), 'library');
    assert.equal(pyprojectKind('[tool.poetry]\nauthors = ["a"]\nname = "acme"\n', false), 'library');
    assert.equal(pyprojectKind('[tool.ruff]\nline-length = 100\n[tool.other]\nname = "x"\n', false), undefined, 'a tools-only pyproject says nothing');
  });

  it('takes the kind of the nearest project above the file, looking past tools-only manifests', () => {
    const files = filesOf({
      [path.join('/repo', 'setup.py')]: '',
      [path.join('/repo', 'pyproject.toml')]: '[tool.black]\nline-length = 119\n',
      [path.join('/repo/apps/web', 'package.json')]: '{"name":"web","private":true}',
      [path.join('/repo/apps/api', 'pyproject.toml')]: '[project]\nname = "api"\n',
      [path.join('/repo/apps/api', 'uv.lock')]: 'version = 1\n',
    });
    assert.equal(projectKindOf('/repo/src/pkg', files), 'library');
    assert.equal(projectKindOf('/repo/apps/web/app', files), 'application');
    assert.equal(projectKindOf('/repo/apps/api/routes', files), 'application');
    assert.equal(projectKindOf('/elsewhere', files), 'unknown');
  });

  it('looks for the manifest no higher than the project folder', () => {
    const files = filesOf({ [path.join('/tools', 'package.json')]: '{"name":"tool","main":"index.js"}' });
    assert.equal(fileContext('/tools/corpus/app/serve.py', '/tools/corpus', files).project, 'unknown');
    assert.equal(fileContext('/tools/corpus/app/serve.py', undefined, files).project, 'library', 'without a project folder the walk goes up');
  });

  it('reads the project kind lazily, once', () => {
    const files = filesOf({ [path.join('/lib', 'package.json')]: '{"name":"lib","main":"index.js"}' });
    const context: FileContext = fileContext('/lib/src/index.js', '/lib', files);
    assert.equal(files.reads, 0, 'nothing read before a rule asks');
    assert.equal(context.project, 'library');
    const reads = files.reads;
    assert.equal(context.project, 'library');
    assert.equal(files.reads, reads, 'the answer is kept');
  });
});

describe('severity by file kind (meta.severityIn)', () => {
  before(() => initEngine());
  const ruleWith = (severityIn: SeverityByContext, own?: Severity) =>
    defineRule({
      meta: probeMeta('supply-chain/context-probe', ['python'], { severityIn }),
      create(context) {
        context.report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm', severity: own });
      },
    });
  const library = filesOf({ [path.join('/lib', 'setup.py')]: '' });
  const severityOf = (rule: ReturnType<typeof ruleWith>, filePath: string, rules: Record<string, Severity> = {}) =>
    analyze('x = 1\n', 'python', {
      rules: [rule],
      filePath,
      fileSystem: library,
      config: { ...resolveConfig({ rules, ruleOptions: {}, settings: {} }), projectRoot: path.dirname(filePath).startsWith('/lib') ? '/lib' : '/app' },
    }).findings[0]?.severity;

  it('lowers findings to the ceiling of each kind the file is, and no further', () => {
    const rule = ruleWith({ test: 'info', example: 'info', library: 'info' });
    assert.equal(severityOf(rule, '/app/src/main.py'), 'warning');
    assert.equal(severityOf(rule, '/app/tests/test_main.py'), 'info');
    assert.equal(severityOf(rule, '/app/examples/demo.py'), 'info');
    assert.equal(severityOf(rule, '/lib/pkg/core.py'), 'info');
    assert.equal(severityOf(ruleWith({ test: 'warning' }, 'error'), '/app/tests/test_main.py'), 'warning');
    assert.equal(severityOf(ruleWith({ test: 'warning' }, 'info'), '/app/tests/test_main.py'), 'info', 'a ceiling never raises');
  });

  it('gives way to a severity the user configured', () => {
    const rule = ruleWith({ test: 'info' });
    assert.equal(severityOf(rule, '/app/tests/test_main.py', { 'supply-chain/context-probe': 'error' }), 'error');
  });
});
