import {
  defineRule,
  findPythonVersion,
  pyprojectManifest,
  pythonVersionSources,
  type Fix,
  type PyprojectDependency,
  type VersionSource,
} from '../../server/src/engine/api';

/**
 * A pyproject.toml dependency with no version at all (or `"*"`) accepts every release, including one
 * published by someone who took over the project. Libraries keep ranges, but unbounded is never needed.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/unbounded-pyproject-dependency',
    category: 'supply-chain',
    title: 'pyproject.toml dependency without a version bound',
    severity: 'info',
    languages: ['pyproject'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds dependencies in `[project].dependencies`, `[project.optional-dependencies]`, `[dependency-groups]` and ' +
        'Poetry\'s dependency tables that have no version constraint or `"*"`, and Poetry git dependencies without `rev`.',
      why:
        'Without a lock file in use, an unbounded dependency resolves to the newest release on every install, so a ' +
        'malicious or breaking release arrives unreviewed. A lower bound at least documents the tested version and keeps ' +
        'resolvers from picking ancient, vulnerable releases; applications should also commit and install from a lock file.',
      bad: '[project]\nname = "app"\ndependencies = ["torch", "transformers"]\n',
      good: '[project]\nname = "app"\ndependencies = ["torch>=2.3,<3", "transformers>=4.44,<5"]\n',
      fix:
        'Adds a lower bound at the version installed in the project\'s virtual environment or recorded in its lock file ' +
        '(`>=2.3.1` in PEP 621 lists, `^2.3.1` for Poetry), as for `supply-chain/unpinned-requirement`; no fix when no ' +
        'version is known.',
      references: { owaspLlm: ['LLM03'], cwe: [1104] },
    },
  },
  create(context) {
    let sources: VersionSource[] | undefined;
    const known = (dependency: PyprojectDependency) => {
      if (!context.filePath) return undefined;
      const interpreter = typeof context.options.pythonEnvironment === 'string' ? context.options.pythonEnvironment : undefined;
      sources ??= pythonVersionSources(context.files, context.filePath, interpreter);
      return findPythonVersion(sources, dependency.normalizedName);
    };
    for (const dependency of pyprojectManifest(context).dependencies) {
      const message = problem(dependency);
      if (!message) continue;
      const fixes: Fix[] = [];
      const edit = dependency.constraintEdit;
      const found = edit && !dependency.git ? known(dependency) : undefined;
      if (edit && found) {
        const constraint = edit.style === 'pep508' ? `>=${found.version}` : `^${found.version}`;
        fixes.push({
          title: `Require ${dependency.name} ${constraint} (${found.kind === 'lock' ? 'recorded in' : 'installed in'} ${found.origin})`,
          safety: 'unsafe',
          edits: [{ range: edit.range, newText: edit.style === 'pep508' ? constraint : JSON.stringify(constraint) }],
        });
      }
      context.report({ range: dependency.range, message, fixes });
    }
  },
});

function problem(dependency: PyprojectDependency): string | undefined {
  if (dependency.git) {
    return dependency.git.rev && /^[0-9a-f]{7,40}$/i.test(dependency.git.rev)
      ? undefined
      : `${dependency.name} comes from git without a commit rev: a branch or tag can be moved.`;
  }
  if (dependency.direct) return undefined;
  const constraint = dependency.constraint;
  if (constraint === '') return `${dependency.name} has no version constraint: any release will be installed.`;
  if (constraint === '*' || /^>=\s*0(\.0)*$/.test(constraint)) return `${dependency.name} accepts any version ("${constraint}").`;
  return undefined;
}
