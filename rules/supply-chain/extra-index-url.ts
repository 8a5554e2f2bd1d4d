import { defineRule, redactUrl, requirementsFile } from '../../server/src/engine/api';

/**
 * `--extra-index-url` makes pip look up every package on two indexes and take the highest version from
 * either: anyone who registers an internal package's name on PyPI wins (dependency confusion).
 */
export default defineRule({
  meta: {
    id: 'supply-chain/extra-index-url',
    category: 'supply-chain',
    title: 'Extra package index (dependency confusion)',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info' },
    languages: ['requirements'],
    docs: {
      summary: 'Finds `--extra-index-url` options in requirements and constraints files.',
      why:
        'pip treats all indexes as equal: for each name it collects candidates from PyPI and the extra index and installs ' +
        'the highest version. An attacker who publishes your internal package\'s name on PyPI with a higher version ' +
        'gets their code installed (the 2022 `torchtriton` compromise of PyTorch nightly worked this way).',
      bad: '--extra-index-url https://pypi.internal.example/simple\ninternal-utils==1.4.0\n',
      good:
        '# One index that proxies PyPI and serves internal packages, or hashes for every requirement.\n' +
        '--index-url https://pypi.internal.example/simple\ninternal-utils==1.4.0 --hash=sha256:…\n',
      fix: 'No automatic fix: use a single `--index-url` that proxies PyPI, reserve the names on PyPI, or require hashes.',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [427, 829] },
    },
  },
  create(context) {
    for (const option of requirementsFile(context).options) {
      if (option.name !== '--extra-index-url') continue;
      context.report({
        range: option.range,
        message: `--extra-index-url ${redactUrl(option.value ?? '')} lets a same-named package on PyPI replace a package from this index (dependency confusion).`,
      });
    }
  },
});
