import * as path from 'node:path';
import rule from '../../../rules/supply-chain/unpinned-requirement';
import { runRuleTests } from '../../support/rule-tester';

const fixtures = path.resolve(__dirname, '../../fixtures/supply-chain');
const contextFixtures = path.resolve(__dirname, '../../fixtures/context');
const inContext = (file: string) => ({ filePath: path.join(contextFixtures, file), config: { projectRoot: contextFixtures } });
const inProject = (project: string, file = 'requirements.txt') => path.join(fixtures, project, file);

runRuleTests(rule, {
  valid: [
    {
      name: 'pinned, with extras, markers, hashes, comments, options and includes',
      language: 'pip-requirements',
      code:
        '# core\n-r base.txt\n-c constraints.txt\n--index-url https://pypi.org/simple\n' +
        'torch==2.3.1 ; python_version >= "3.10"  # GPU build elsewhere\n' +
        'uvicorn[standard]==0.30.6 \\\n    --hash=sha256:aa --hash=sha256:bb\n' +
        'arbitrary===1.0\n-e .\n./libs/local_pkg\n',
    },
    {
      name: 'VCS at a commit, archive with hash',
      language: 'pip-requirements',
      code:
        'git+https://github.com/org/lib.git@3f1c2a9e0b7d4c6e8f5a1b2c3d4e5f6a7b8c9d0e#egg=lib\n' +
        'https://example.com/pkg-1.0.tar.gz#sha256=0123456789abcdef\nmylib @ git+https://github.com/org/mylib@3f1c2a9\n',
    },
    {
      name: 'pip-tools input keeps ranges',
      language: 'pip-requirements',
      filePath: inProject('python-project', 'requirements.in'),
      code: 'torch>=2.0\ntransformers\n',
    },
    {
      name: 'hashes required and present',
      language: 'pip-requirements',
      code: 'torch==2.3.1 --hash=sha256:abc\n',
      config: { ruleOptions: { 'supply-chain/unpinned-requirement': { requireHashes: true } } },
    },
  ],
  invalid: [
    {
      name: 'range, bare name, wildcard; pinned from the fixture .venv',
      language: 'pip-requirements',
      filePath: inProject('python-project'),
      code: 'torch>=2.0\ntyping-extensions\nnumpy==1.*\n',
      findings: [
        { line: 1, text: 'torch', messageIncludes: '">=2.0" allows many versions' },
        { line: 2, text: 'typing-extensions', messageIncludes: 'has no version' },
        { line: 3, text: 'numpy' },
      ],
      fixTitleIncludes: 'Pin torch to ==2.3.1 (installed in .venv)',
      output: 'torch==2.3.1\ntyping-extensions==4.12.2\nnumpy==1.26.4\n',
    },
    {
      name: 'extras and marker are kept, continuation line',
      language: 'pip-requirements',
      filePath: inProject('python-project'),
      code: 'Transformers[torch] >= 4.0 ; python_version > "3.8" \\\n  --hash=sha256:00\n',
      findings: [{ line: 1, text: 'Transformers' }],
      output: 'Transformers[torch] ==4.44.2 ; python_version > "3.8" \\\n  --hash=sha256:00\n',
    },
    {
      name: 'uv.lock two folders up',
      language: 'pip-requirements',
      filePath: inProject('uv-project', 'app/requirements.txt'),
      code: 'fastapi\npydantic_core~=2.23\n',
      findings: [{ line: 1 }, { line: 2 }],
      fixTitleIncludes: 'recorded in ../uv.lock',
      output: 'fastapi==0.115.0\npydantic_core==2.23.4\n',
    },
    {
      name: 'Pipfile.lock',
      language: 'pip-requirements',
      filePath: inProject('pipfile-project'),
      code: 'openai\n',
      findings: [{ line: 1 }],
      output: 'openai==1.51.0\n',
    },
    {
      name: 'configured interpreter (Windows layout)',
      language: 'pip-requirements',
      filePath: inProject('no-version-project'),
      code: 'requests\n',
      config: {
        ruleOptions: {
          'supply-chain/unpinned-requirement': { pythonEnvironment: path.join(fixtures, 'custom-env', 'Scripts', 'python.exe') },
        },
      },
      findings: [{ line: 1 }],
      fixTitleIncludes: 'the configured interpreter',
      output: 'requests==2.32.3\n',
    },
    {
      name: 'no version known: no fix; a broken lock file is skipped',
      language: 'pip-requirements',
      filePath: inProject('broken-lock-project'),
      code: 'torch\n',
      findings: [{ line: 1 }],
    },
    {
      name: 'VCS branch and unhashed archive URL',
      language: 'pip-requirements',
      code: 'git+https://github.com/org/lib.git@main#egg=lib\nhttps://example.com/pkg-1.0.tar.gz\nmylib @ git+https://github.com/org/mylib\n',
      findings: [
        { line: 1, messageIncludes: ['lib is installed from a VCS URL', 'commit'] },
        { line: 2, messageIncludes: 'without a hash' },
        { line: 3, messageIncludes: 'mylib' },
      ],
    },
    {
      name: 'pip-tools input: a VCS branch is still reported',
      language: 'pip-requirements',
      filePath: inProject('python-project', 'requirements.in'),
      code: 'torch>=2.0\ngit+https://github.com/org/lib.git@main#egg=lib\n',
      findings: [{ line: 2 }],
    },
    {
      name: 'names pinned by an included constraints file are pinned',
      language: 'pip-requirements',
      filePath: inProject('constrained-project'),
      code: '-c constraints.txt\ntorch\nnumpy\n-c missing.txt\n',
      findings: [{ line: 3, text: 'numpy' }],
    },
    {
      name: 'requireHashes',
      language: 'pip-requirements',
      code: 'torch==2.3.1\n',
      config: { ruleOptions: { 'supply-chain/unpinned-requirement': { requireHashes: true } } },
      findings: [{ line: 1, messageIncludes: '--hash' }],
    },
    {
      name: "an application's requirements: a warning",
      language: 'pip-requirements',
      ...inContext('app/requirements.txt'),
      code: 'torch>=2.0\n',
      findings: [{ line: 1, severity: 'warning' }],
    },
    {
      name: "a published library's requirements state ranges on purpose: info",
      language: 'pip-requirements',
      ...inContext('library/requirements.txt'),
      code: 'torch>=2.0\n',
      findings: [{ line: 1, severity: 'info' }],
    },
    {
      name: "an example's requirements: info",
      language: 'pip-requirements',
      ...inContext('app/examples/sft/requirements.txt'),
      code: 'torch>=2.0\n',
      findings: [{ line: 1, severity: 'info' }],
    },
  ],
});
