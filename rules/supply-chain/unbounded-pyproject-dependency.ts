import { defineRule, pyprojectManifest, type PyprojectDependency } from '../../server/src/engine/api';

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
      references: { owaspLlm: ['LLM03'], cwe: [1104] },
    },
  },
  create(context) {
    for (const dependency of pyprojectManifest(context).dependencies) {
      const message = problem(dependency);
      if (message) context.report({ range: dependency.range, message });
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
