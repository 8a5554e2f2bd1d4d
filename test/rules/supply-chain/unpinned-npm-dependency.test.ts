import * as path from 'node:path';
import rule from '../../../rules/supply-chain/unpinned-npm-dependency';
import { runRuleTests } from '../../support/rule-tester';

const fixtures = path.resolve(__dirname, '../../fixtures/supply-chain');
const manifest = (project: string) => path.join(fixtures, project, 'package.json');

runRuleTests(rule, {
  valid: [
    {
      name: 'ranges, exact versions, commits, local and workspace packages',
      language: 'json',
      filePath: manifest('npm-project'),
      code:
        '{\n  "dependencies": {\n    "a": "^1.2.3",\n    "b": "1.2.3",\n    "c": "github:org/c#9f2c1d0b8e7a6f5d4c3b2a1908f7e6d5c4b3a291",\n' +
        '    "d": "file:../d",\n    "e": "workspace:*",\n    "f": "npm:other@^2.0.0"\n  },\n  "peerDependencies": { "react": "*" }\n}\n',
    },
    { name: 'not a package.json', language: 'json', filePath: path.join(fixtures, 'npm-project', 'tsconfig.json'), code: '{ "dependencies": { "a": "*" } }' },
  ],
  invalid: [
    {
      name: 'latest, pinned from package-lock.json',
      language: 'json',
      filePath: manifest('npm-project'),
      code: '{\n  "dependencies": {\n    "openai": "latest"\n  }\n}\n',
      findings: [{ line: 3, text: '"latest"', messageIncludes: 'openai accepts any version (dist-tag "latest")' }],
      fixTitleIncludes: 'Pin openai to 4.67.3 (from package-lock.json)',
      output: '{\n  "dependencies": {\n    "openai": "4.67.3"\n  }\n}\n',
    },
    {
      name: 'GitHub shorthand on a branch, pinned to the locked commit',
      language: 'json',
      filePath: manifest('npm-project'),
      code: '{ "devDependencies": {\n  "utils": "github:org/utils#main"\n} }\n',
      findings: [{ line: 2, messageIncludes: 'without a commit hash' }],
      output: '{ "devDependencies": {\n  "utils": "github:org/utils#9f2c1d0b8e7a6f5d4c3b2a1908f7e6d5c4b3a291"\n} }\n',
    },
    {
      name: 'pnpm-lock.yaml, peer suffix stripped',
      language: 'json',
      filePath: manifest('pnpm-project'),
      code: '{"dependencies": {\n"zod": "*",\n"react-dom": "x"\n}}',
      findings: [{ line: 2 }, { line: 3 }],
      output: '{"dependencies": {\n"zod": "3.23.8",\n"react-dom": "18.3.1"\n}}',
    },
    {
      name: 'pnpm-lock.yaml v5 (root-level dependencies): only the sections read are parsed, a broken packages section is never read',
      language: 'json',
      filePath: manifest('pnpm-v5-project'),
      code: '{"dependencies": {"zod": "*"}}',
      findings: [{ line: 1 }],
      output: '{"dependencies": {"zod": "3.22.4"}}',
    },
    {
      name: 'yarn.lock, scoped package',
      language: 'json',
      filePath: manifest('yarn-project'),
      code: '{"dependencies": {\n"langchain": "latest",\n"@scope/pkg": "*"\n}}',
      findings: [{ line: 2 }, { line: 3 }],
      output: '{"dependencies": {\n"langchain": "0.3.2",\n"@scope/pkg": "2.1.0"\n}}',
    },
    {
      name: 'installed node_modules',
      language: 'json',
      filePath: manifest('installed-project'),
      code: '{"dependencies": {"left-pad": ""}}',
      findings: [{ line: 1, messageIncludes: 'an empty version range' }],
      fixTitleIncludes: 'node_modules/left-pad/package.json',
      output: '{"dependencies": {"left-pad": "1.3.0"}}',
    },
    {
      name: 'workspace package uses the root lock file entry for its folder',
      language: 'json',
      filePath: path.join(fixtures, 'workspace', 'packages', 'app', 'package.json'),
      code: '{"dependencies": {"axios": "x"}}',
      findings: [{ line: 1 }],
      fixTitleIncludes: '../../package-lock.json',
      output: '{"dependencies": {"axios": "1.7.7"}}',
    },
    {
      name: 'git URL branch and tarball URL; no version known, no fix',
      language: 'json',
      filePath: manifest('no-lock-project'),
      code: '{"dependencies": {\n"a": "git+https://github.com/o/a.git#v1",\n"b": "https://example.com/b-1.0.0.tgz",\n"c": "o/c"\n}}',
      findings: [{ line: 2 }, { line: 3, messageIncludes: 'URL' }, { line: 4 }],
    },
    {
      name: 'other dist-tags float too',
      language: 'json',
      filePath: manifest('no-lock-project'),
      code: '{"dependencies": {"a": "canary", "b": "next", "c": "x.x"}}',
      findings: [{ line: 1, messageIncludes: 'dist-tag "canary"' }, { line: 1 }, { line: 1, messageIncludes: '"x.x"' }],
    },
    {
      name: 'a floating range a lock file resolves is info (npm ci installs the locked version); without a lock, a warning',
      language: 'json',
      filePath: manifest('npm-project'),
      config: { projectRoot: fixtures },
      code: '{\n  "dependencies": {\n    "openai": "latest"\n  }\n}\n',
      findings: [{ line: 3, severity: 'info' }],
      output: '{\n  "dependencies": {\n    "openai": "4.67.3"\n  }\n}\n',
    },
    {
      name: 'no lock file: the floating range is what gets installed',
      language: 'json',
      filePath: manifest('no-lock-project'),
      config: { projectRoot: fixtures },
      code: '{"dependencies": {"a": "*"}}',
      findings: [{ line: 1, severity: 'warning' }],
    },
  ],
});
