import {
  defineRule,
  packageJsonManifest,
  pyprojectManifest,
  requirementsFile,
  type ParseProblem,
} from '../../server/src/engine/api';

/**
 * A manifest AISec cannot read is a manifest whose dependencies nobody checked; pip or npm may also read
 * it differently from what its author meant. Say so where the problem is rather than staying silent.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/unreadable-manifest',
    category: 'supply-chain',
    title: 'Dependency manifest cannot be read',
    severity: 'warning',
    languages: ['requirements', 'package-json', 'pyproject'],
    docs: {
      summary:
        'Reports lines of requirements files, package.json and pyproject.toml that cannot be parsed (invalid JSON or TOML, ' +
        'an option without its value, a requirement that is not PEP 508).',
      why:
        'Supply-chain checks only cover what they can read: a syntax error hides every dependency after it from review. ' +
        'pip skips nothing silently either: an unreadable line usually breaks the install, or is read as something else.',
      bad: 'torch 2.3.1\n--index-url\n',
      good: 'torch==2.3.1\n--index-url https://pypi.org/simple\n',
      references: { cwe: [1104] },
    },
  },
  create(context) {
    let problems: ParseProblem[];
    switch (context.family) {
      case 'requirements':
        problems = requirementsFile(context).problems;
        break;
      case 'package-json':
        problems = packageJsonManifest(context).problems;
        break;
      case 'pyproject':
        problems = pyprojectManifest(context).problems;
        break;
      default:
        return;
    }
    for (const problem of problems) {
      context.report({ range: problem.range, message: `Not checked for supply-chain problems: ${problem.message}.` });
    }
  },
});
