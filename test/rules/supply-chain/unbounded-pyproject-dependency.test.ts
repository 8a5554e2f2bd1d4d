import * as path from 'node:path';
import rule from '../../../rules/supply-chain/unbounded-pyproject-dependency';
import { runRuleTests } from '../../support/rule-tester';

const file = '/nonexistent/project/pyproject.toml';
const withEnvironment = path.resolve(__dirname, '../../fixtures/supply-chain/python-project/pyproject.toml');

runRuleTests(rule, {
  valid: [
    {
      name: 'bounded PEP 621 and Poetry dependencies',
      language: 'toml',
      filePath: file,
      code:
        '[project]\nname = "app"\ndependencies = ["torch>=2.3", "numpy==1.26.4", "local @ file:///src/local"]\n\n' +
        '[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "^2.32"\nlib = { git = "https://github.com/o/lib.git", rev = "3f1c2a9" }\nmine = { path = "../mine" }\n',
    },
    { name: 'not a pyproject.toml', language: 'toml', filePath: '/x/Cargo.toml', code: '[dependencies]\nserde = "*"\n' },
  ],
  invalid: [
    {
      name: 'PEP 621 arrays over several lines, optional dependencies and groups',
      language: 'toml',
      filePath: file,
      code:
        '[project]\nname = "app"\ndependencies = [\n    "torch",\n    "transformers[torch] ; python_version > \'3.9\'",\n    "numpy>=1.26",\n]\n\n' +
        '[project.optional-dependencies]\nserve = ["fastapi"]\n\n[dependency-groups]\ndev = ["pytest"]\n',
      findings: [
        { line: 4, text: '"torch"', severity: 'info', messageIncludes: 'no version constraint' },
        { line: 5 },
        { line: 10, text: '"fastapi"' },
        { line: 13, text: '"pytest"' },
      ],
    },
    {
      name: 'lower bounds from the fixture .venv and poetry.lock',
      language: 'toml',
      filePath: withEnvironment,
      code:
        '[project]\nname = "app"\ndependencies = ["torch", "transformers[torch] ; python_version > \'3.9\'", "scipy"]\n\n' +
        '[tool.poetry.dependencies]\nnumpy = "*"\ntorch = { version = "*", optional = true }\n',
      findings: [{ line: 3 }, { line: 3 }, { line: 3 }, { line: 6 }, { line: 7 }],
      fixTitleIncludes: 'Require torch >=2.3.1 (installed in .venv)',
      output:
        '[project]\nname = "app"\ndependencies = ["torch>=2.3.1", "transformers[torch]>=4.44.2 ; python_version > \'3.9\'", "scipy"]\n\n' +
        '[tool.poetry.dependencies]\nnumpy = "^1.26.4"\ntorch = { version = "^2.3.1", optional = true }\n',
    },
    {
      name: 'Poetry star, version table, group and git branch',
      language: 'toml',
      filePath: file,
      code:
        '[tool.poetry.dependencies]\npython = "^3.11"\nopenai = "*"\n"langchain-core" = { version = "*", optional = true }\n' +
        'lib = { git = "https://github.com/o/lib.git", branch = "main" }\n\n[tool.poetry.group.dev.dependencies]\nblack = ""\n',
      findings: [
        { line: 3, text: 'openai', messageIncludes: '"*"' },
        { line: 4, text: '"langchain-core"' },
        { line: 5, messageIncludes: 'git' },
        { line: 8, text: 'black' },
      ],
    },
  ],
});
