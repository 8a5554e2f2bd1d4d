import {
  defineRule,
  findPythonVersion,
  isExactPin,
  isImmutableUrl,
  isLocalReference,
  parseRequirements,
  pythonVersionSources,
  requirementsFile,
  SourceText,
  type Fix,
  type KnownVersion,
  type PipRequirement,
  type RequirementsFile,
  type RuleContext,
  type VersionSource,
} from '../../server/src/engine/api';

/**
 * A requirement without `==` installs whatever the index serves on the day of the build: a compromised or
 * typo-squatted release, or a breaking one, arrives without any change to the repository.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/unpinned-requirement',
    category: 'supply-chain',
    title: 'Python requirement not pinned',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', library: 'info' },
    languages: ['requirements'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds requirements in requirements*.txt / constraints*.txt without an exact `==` (or `===`) version, and VCS or ' +
        'URL requirements without a commit hash or archive hash. With the option `requireHashes`, also requirements ' +
        'without `--hash`. In pip-tools inputs (`requirements.in`) ranges are expected and only URLs are checked; a name ' +
        'pinned with `==` in a constraints file included with `-c` counts as pinned.',
      why:
        'An unpinned dependency is resolved at install time, so a malicious release pushed to PyPI (a hijacked maintainer ' +
        'account, as with `ctx` and `ultralytics`) lands in the next image build without a diff to review. A branch or tag ' +
        'in a VCS URL can be moved the same way. Hashes (`--hash`, enforced by pip once any requirement has one) also ' +
        'protect against a tampered mirror.',
      bad: 'torch>=2.0\ntransformers\ngit+https://github.com/org/lib.git@main#egg=lib\n',
      good: 'torch==2.3.1\ntransformers==4.44.2\ngit+https://github.com/org/lib.git@3f1c2a9e0b7d4c6e8f5a1b2c3d4e5f6a7b8c9d0e#egg=lib\n',
      fix:
        'Pins the requirement to the version installed in the project\'s virtual environment (`.venv`, `venv`, or the ' +
        'interpreter or environment folder in the rule option `pythonEnvironment`, relative to the manifest\'s folder) or ' +
        'recorded in `poetry.lock`, `uv.lock` or `Pipfile.lock`; ' +
        'the fix title says which. No fix is offered when no version is known.',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [1104, 829, 494] },
    },
  },
  create(context) {
    const file = requirementsFile(context);
    const requireHashes = context.options.requireHashes === true;
    // pip-tools inputs (`requirements.in`) hold ranges on purpose; the compiled .txt carries the pins.
    const isPipToolsInput = /\.in$/i.test(context.filePath ?? '');
    let sources: VersionSource[] | undefined;
    const versionSources = () => {
      if (!sources) {
        const interpreter = typeof context.options.pythonEnvironment === 'string' ? context.options.pythonEnvironment : undefined;
        sources = context.filePath ? pythonVersionSources(context.files, context.filePath, interpreter) : [];
      }
      return sources;
    };
    let constrained: Set<string> | undefined;
    for (const requirement of file.requirements) {
      if (requirement.url !== undefined) {
        checkUrl(context, requirement);
        continue;
      }
      // Unreadable names and specifiers are reported by supply-chain/unreadable-manifest.
      if (!requirement.name || !requirement.specifierValid) continue;
      if (!isExactPin(requirement.specifier)) {
        if (isPipToolsInput) continue;
        constrained ??= pinnedByConstraints(context, file);
        if (requirement.normalizedName && constrained.has(requirement.normalizedName)) continue;
        const found = requirement.normalizedName ? findPythonVersion(versionSources(), requirement.normalizedName) : undefined;
        const fixes = found ? [pinFix(requirement, found)] : [];
        const how = requirement.specifier ? `"${requirement.specifier}" allows many versions` : 'has no version';
        context.report({
          range: requirement.nameRange,
          message: `${requirement.name} ${how}: pin it with == so builds install the release you reviewed.`,
          fixes,
        });
      } else if (requireHashes && requirement.hashes.length === 0) {
        context.report({
          range: requirement.nameRange,
          message: `${requirement.name} has no --hash: with hash checking a tampered download is refused.`,
        });
      }
    }
  },
});

function pinFix(requirement: PipRequirement, found: KnownVersion): Fix {
  const where = `${found.kind === 'lock' ? 'recorded in' : 'installed in'} ${found.origin}`;
  return {
    title: `Pin ${requirement.name} to ==${found.version} (${where})`,
    safety: 'unsafe',
    edits: [{ range: requirement.pinRange, newText: `==${found.version}` }],
  };
}

/**
 * Names pinned with `==` in the constraints files this file includes with `-c` (one level, local paths only):
 * pip installs exactly those versions, so the requirement is pinned after all. `-r` includes pin nothing here.
 */
function pinnedByConstraints(context: RuleContext, file: RequirementsFile): Set<string> {
  const pinned = new Set<string>();
  if (!context.filePath) return pinned;
  const folder = context.filePath.replace(/[\\/][^\\/]*$/, '');
  for (const include of file.includes) {
    if (include.kind !== 'constraint' || /^[a-z][a-z0-9+.-]*:\/\//i.test(include.path)) continue;
    const target = /^([\\/]|[A-Za-z]:[\\/])/.test(include.path) ? include.path : `${folder}/${include.path}`;
    const text = context.files.read(target);
    if (text === undefined) continue;
    for (const requirement of parseRequirements(new SourceText(text)).requirements) {
      if (requirement.normalizedName && isExactPin(requirement.specifier)) pinned.add(requirement.normalizedName);
    }
  }
  return pinned;
}

function checkUrl(context: RuleContext, requirement: PipRequirement): void {
  const url = requirement.url ?? '';
  if (isLocalReference(url)) return;
  if (isImmutableUrl(url) || requirement.hashes.length > 0) return;
  const label = requirement.name ?? url;
  const vcs = /^(git|hg|svn|bzr)\+/i.test(url);
  context.report({
    range: requirement.nameRange,
    message: vcs
      ? `${label} is installed from a VCS URL without a commit hash: a branch or tag can be moved; pin @<commit>.`
      : `${label} is installed from a URL without a hash: add #sha256=… or --hash so a replaced file is refused.`,
  });
}
