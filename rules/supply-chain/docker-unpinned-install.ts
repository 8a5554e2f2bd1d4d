import { defineRule, dockerfileModel, type Fix, type Severity, type ShellCommand, type ShellWord } from '../../server/src/engine/api';
import { pipInstallArgs } from '../container/_shell';

/** pip options that take a value (the value is not a package). */
const PIP_VALUE_OPTIONS = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--trusted-host', '--src',
  '--upgrade-strategy', '--progress-bar', '--cache-dir', '--log', '--proxy', '--timeout', '--retries', '--exists-action', '--cert',
  '--client-cert', '--config-settings', '-C', '--global-option', '--only-binary', '--no-binary', '--python', '--report', '--hash',
]);
const NPM_VALUE_OPTIONS = new Set(['--registry', '--prefix', '--cache', '--omit', '--include', '--tag', '-w', '--workspace', '--userconfig']);
const APT_VALUE_OPTIONS = new Set(['-t', '--target-release', '-o', '--option', '-c', '--config-file']);
const CONDA_VALUE_OPTIONS = new Set(['-c', '--channel', '-n', '--name', '-p', '--prefix', '--file', '--override-channels', '--solver', '-r', '--root-prefix']);
const APK_VALUE_OPTIONS = new Set(['-t', '--virtual', '-X', '--repository', '--repositories-file', '-p', '--root', '--arch', '--cache-dir']);
/** Installer bootstrap packages that images upgrade routinely; pinning them is rarely what anyone wants. */
const PIP_BOOTSTRAP = new Set(['pip', 'setuptools', 'wheel']);

interface Finding {
  word: ShellWord;
  message: string;
  severity?: Severity;
  fix?: Fix;
}

export default defineRule({
  meta: {
    id: 'supply-chain/docker-unpinned-install',
    category: 'supply-chain',
    title: 'Unpinned package install in RUN',
    severity: 'info',
    severityIn: { test: 'info', example: 'info', tooling: 'info' },
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds packages installed in RUN without an exact version: `pip install pkg` without `==`, `pip install git+...` without a commit, ' +
        '`npm install pkg` without `@version` (and a bare `npm install`, where `npm ci` is meant), `conda install pkg` without `=version`, and, as info, `apt-get install` without ' +
        '`=version` and `apk add` without `=version`. `-r requirements.txt` is fine here: the requirements file is checked on its own. ' +
        'With the option `requireHashes`, pip installs without `--require-hashes`/`--hash` are reported too.',
      why:
        'An unpinned install takes whatever the index serves on the day of the build: a typosquatted or hijacked release of an ML ' +
        'library (a compromised torch nightly dependency, a malicious transformers plugin) goes straight into the serving image, ' +
        'and two builds of the same commit differ. Exact versions (and hashes) make the build reviewable and reproducible.',
      bad: 'RUN pip install torch transformers && npm install -g serve\n',
      good: 'RUN pip install torch==2.5.1 transformers==4.46.3 && npm install -g serve@14.2.4\n',
      fix: 'A bare `npm install` becomes `npm ci` (unsafe: needs a committed package-lock.json).',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [1357, 829] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    const requireHashes = context.options.requireHashes === true;
    for (const command of model.runCommands()) {
      const findings = [...pipFindings(command, requireHashes), ...npmFindings(command), ...condaFindings(command), ...osFindings(command)];
      for (const finding of findings) {
        context.report({ range: finding.word.range, message: finding.message, severity: finding.severity, fixes: finding.fix ? [finding.fix] : [] });
      }
    }
  },
});

function operands(args: readonly ShellWord[], valueOptions: ReadonlySet<string>): ShellWord[] {
  const result: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value.startsWith('-')) {
      if (valueOptions.has(value)) i++;
      continue;
    }
    result.push(args[i]);
  }
  return result;
}

function isLocalPath(spec: string): boolean {
  return spec === '.' || /^(\.{1,2}\/|\/|~\/)/.test(spec) || /\.(whl|tar\.gz|zip)$/i.test(spec);
}

function pipFindings(command: ShellCommand, requireHashes: boolean): Finding[] {
  const args = pipInstallArgs(command);
  if (!args) return [];
  const findings: Finding[] = [];
  const values = args.map((a) => a.value);
  const hashed = values.includes('--require-hashes') || values.some((v) => v.startsWith('--hash'));
  for (const word of operands(args, PIP_VALUE_OPTIONS)) {
    const spec = word.value;
    if (/^(git\+|hg\+|svn\+|bzr\+)/.test(spec)) {
      if (!/@[0-9a-f]{40}(#|$)/i.test(spec)) findings.push({ word, message: `pip installs ${spec} without a pinned commit (append @<commit sha>).` });
      continue;
    }
    if (isLocalPath(spec) || /^https?:\/\//.test(spec) || word.dynamic && !/[=<>~]/.test(spec)) continue;
    const name = spec.split(/[[=<>!~;@ ]/)[0].toLowerCase();
    if (PIP_BOOTSTRAP.has(name)) continue;
    if (!/===?[^=,;]+$/.test(spec.split(';')[0].trim()) || /[<>,]/.test(spec)) {
      findings.push({ word, message: `pip installs "${spec}" without an exact version (==); the build takes whatever the index serves.` });
    } else if (requireHashes && !hashed) {
      findings.push({ word, message: `pip installs "${spec}" without --require-hashes/--hash; a re-uploaded or mirrored file would not be noticed.` });
    }
  }
  return findings;
}

function npmFindings(command: ShellCommand): Finding[] {
  const sub = command.args.find((a) => !a.value.startsWith('-'));
  if (!sub) return [];
  const isNpmInstall = command.name === 'npm' && ['install', 'i', 'add', 'isntall', 'in'].includes(sub.value);
  const isAdd = (command.name === 'yarn' || command.name === 'pnpm' || command.name === 'bun') && sub.value === 'add';
  if (!isNpmInstall && !isAdd) return [];
  const rest = command.args.slice(command.args.indexOf(sub) + 1);
  const packages = operands(rest, NPM_VALUE_OPTIONS);
  if (isNpmInstall && packages.length === 0) {
    const plain = rest.length === 0;
    return [
      {
        word: sub,
        message: 'A bare `npm install` may update dependencies past the lockfile; `npm ci` installs exactly what package-lock.json says.',
        fix: plain ? { title: 'Use npm ci', safety: 'unsafe', edits: [{ range: { start: command.rawName.range.start, end: sub.range.end }, newText: 'npm ci' }] } : undefined,
      },
    ];
  }
  const findings: Finding[] = [];
  for (const word of packages) {
    const spec = word.value;
    if (isLocalPath(spec) || /^(file:|https?:|git\+|github:)/.test(spec)) continue;
    const at = spec.lastIndexOf('@');
    const version = at > 0 ? spec.slice(at + 1) : '';
    if (!/^v?\d+\.\d+\.\d+([-+][\w.-]+)?$/.test(version) && !(word.dynamic && version)) {
      findings.push({ word, message: `${command.name} installs "${spec}" without an exact version (@x.y.z).` });
    }
  }
  return findings;
}

function condaFindings(command: ShellCommand): Finding[] {
  if (!/^(conda|mamba|micromamba)$/.test(command.name)) return [];
  const sub = command.args.find((a) => !a.value.startsWith('-'));
  if (sub?.value !== 'install' && sub?.value !== 'create') return [];
  const rest = command.args.slice(command.args.indexOf(sub) + 1);
  return operands(rest, CONDA_VALUE_OPTIONS)
    .filter((word) => !/^[\w.-]+(::)?[\w.-]*==?\d[\w.*-]*(=[\w.*-]+)?$/.test(word.value) && !word.value.startsWith('.') && !word.value.startsWith('/'))
    .map((word) => ({ word, message: `${command.name} ${sub.value} "${word.value}" without an exact version (pkg=x.y.z).` }));
}

function osFindings(command: ShellCommand): Finding[] {
  const sub = command.args.find((a) => !a.value.startsWith('-'));
  if (!sub) return [];
  const apt = (command.name === 'apt-get' || command.name === 'apt') && sub.value === 'install';
  const apk = command.name === 'apk' && sub.value === 'add';
  if (!apt && !apk) return [];
  const rest = command.args.slice(command.args.indexOf(sub) + 1);
  const findings: Finding[] = [];
  for (const word of operands(rest, apt ? APT_VALUE_OPTIONS : APK_VALUE_OPTIONS)) {
    const spec = word.value;
    if (spec.includes('=') || spec.includes('~') || /\.(deb|apk)$/.test(spec) || spec.startsWith('.')) continue;
    findings.push({
      word,
      severity: 'info',
      message: `${command.name} ${sub.value} "${spec}" without a version (${apt ? 'pkg=version' : 'pkg=version or pkg~major.minor'}); rebuilds may get a different package.`,
    });
  }
  return findings;
}
