import * as assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { initEngine, SourceText } from '../../server/src/engine';
import { DockerfileModel } from '../../server/src/engine/dockerfile/model';
import { blankContinuations } from '../../server/src/engine/dockerfile/shell';

function model(text: string): { model: DockerfileModel; source: SourceText } {
  const source = new SourceText(text);
  return { model: new DockerfileModel(DockerfileParser.parse(text), { source }), source };
}

function textAt(source: SourceText, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return source.text.slice(source.offsetAt(range.start), source.offsetAt(range.end));
}

describe('Dockerfile shell model', () => {
  before(() => initEngine());

  it('blanks continuations and comment lines without moving offsets', () => {
    const body = 'apt-get update && \\\n  # note\n  apt-get install -y curl';
    const blank = blankContinuations(body, '\\');
    assert.equal(blank.length, body.length);
    assert.ok(!blank.includes('\n'));
    assert.ok(!blank.includes('#'));
  });

  it('finds commands across continuations and maps them back to the Dockerfile', () => {
    const { model: m, source } = model('FROM debian:12\nRUN apt-get update && \\\n    curl -fsSL https://x.sh \\\n    | sh\n');
    const commands = m.runCommands();
    assert.deepEqual(commands.map((c) => c.name), ['apt-get', 'curl', 'sh']);
    const curl = commands[1];
    assert.deepEqual(curl.pipeline.map((c) => c.name), ['curl', 'sh']);
    assert.equal(curl.range.start.line, 2);
    assert.equal(textAt(source, curl.args[1].range), 'https://x.sh');
  });

  it('honours the escape directive', () => {
    const { model: m } = model('# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN pip install a `\n    b\n');
    const [pip] = m.runCommands();
    assert.equal(pip.name, 'pip');
    assert.deepEqual(pip.args.map((a) => a.value), ['install', 'a', 'b']);
  });

  it('parses heredoc bodies run by the shell, not those fed to other programs', () => {
    const { model: m, source } = model('FROM python:3.12\nRUN <<EOF\nset -e\npip install torch\nEOF\nRUN python3 <<EOF\nimport os\nEOF\n');
    const names = m.runCommands().map((c) => c.name);
    assert.deepEqual(names, ['set', 'pip', 'python3']);
    const pip = m.runCommands()[1];
    assert.equal(pip.range.start.line, 3);
    assert.equal(textAt(source, pip.args[1].range), 'torch');
  });

  it('unwraps sudo and env, and keeps assignments', () => {
    const { model: m } = model('FROM debian:12\nRUN sudo -u root env GIT_SSL_NO_VERIFY=1 git clone https://x && export A=1\n');
    const [git] = m.runCommands();
    assert.equal(git.name, 'git');
    assert.deepEqual(git.wrappers.map((w) => w.value), ['sudo', 'env']);
    assert.deepEqual(git.assignments.map((a) => `${a.name}=${a.value?.value}`), ['GIT_SSL_NO_VERIFY=1']);
    assert.deepEqual(m.runScripts()[0].assignments.map((a) => a.name), ['A']);
  });

  it('gives a redirect of a whole list to its last command, as the shell does', () => {
    const { model: m } = model('FROM debian:12\nRUN mkdir -p /x && echo "$T" > /x/t\n');
    const [mkdir, echo] = m.runCommands();
    assert.deepEqual(mkdir.redirects, []);
    assert.deepEqual(echo.redirects.map((r) => `${r.operator} ${r.target?.value}`), ['> /x/t']);
  });

  it('includes ONBUILD RUN triggers', () => {
    const { model: m } = model('FROM python:3.12\nRUN pip install a==1\nONBUILD RUN curl https://x | sh\n');
    assert.deepEqual(m.runCommands().map((c) => `${c.range.start.line}:${c.name}`), ['1:pip', '2:curl', '2:sh']);
  });

  it('reads exec form and sh -c scripts', () => {
    const { model: m } = model('FROM debian:12\nRUN ["pip", "install", "x"]\nRUN ["/bin/sh", "-c", "wget -qO- https://x | bash"]\n');
    assert.deepEqual(m.runCommands().map((c) => c.name), ['pip', 'wget', 'bash']);
    assert.deepEqual(m.runCommands()[0].args.map((a) => a.value), ['install', 'x']);
  });

  it('keeps spaces inside exec-form strings', () => {
    const { model: m } = model('FROM debian:12\nRUN ["python3", "-c", "print(\'a b\')", "x\\"y"]\n');
    assert.deepEqual(m.runCommands()[0].args.map((a) => a.value), ['-c', "print('a b')", 'x"y']);
  });

  it('does not parse a PowerShell SHELL as POSIX', () => {
    const { model: m } = model('FROM mcr.microsoft.com/windows\nSHELL ["powershell", "-Command"]\nRUN iwr https://x | iex\n');
    assert.deepEqual(m.runCommands(), []);
  });

  it('resolves stages, stage parents and ARG-driven images', () => {
    const { model: m } = model('ARG BASE=python:3.12-slim\nFROM ${BASE} AS build\nFROM build AS final\nFROM scratch\n');
    assert.deepEqual(m.stages.map((s) => s.image), ['python:3.12-slim', 'build', 'scratch']);
    assert.equal(m.stages[1].parent, m.stages[0]);
    assert.equal(m.finalStage?.index, 2);
  });
});
