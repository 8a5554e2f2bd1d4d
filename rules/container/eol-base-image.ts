import { defineRule, dockerfileModel } from '../../server/src/engine/api';
import { baseImages } from './_base-images';
import { EOL_TABLE_CHECKED } from './_eol-images';
import { eolVerdict } from './_eol-verdict';

/**
 * An end-of-life base gets no security updates: every CVE found in its OpenSSL, glibc or Python after
 * that date stays in the serving image for good.
 */
export default defineRule({
  meta: {
    id: 'container/eol-base-image',
    category: 'container',
    title: 'End-of-life base image',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', tooling: 'info' },
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds FROM lines whose image runs on an end-of-life release: Python 3.10 and older, Node.js 20 and older (and odd majors), ' +
        'Debian bullseye and older, Ubuntu releases out of standard support (18.04, 20.04, interim releases), Alpine 3.21 and older, ' +
        `CUDA images built on such Ubuntu releases, CentOS. The table is dated (checked ${EOL_TABLE_CHECKED}) and compared with today's date, ` +
        'or with the option `asOf` (`"options": {"asOf": "2026-11-25"}`) for reproducible results.',
      why:
        'Base images stop receiving security fixes at their end of life, so vulnerabilities published afterwards in the C library, ' +
        'OpenSSL or the interpreter are never patched in images built on them. AI serving images tend to pin old Python and CUDA tags ' +
        'for years because the model worked once; scanners like Trivy only report the CVEs, not the dead release behind them.',
      bad: 'FROM python:3.9-slim-buster\n',
      good: 'FROM python:3.12-slim-bookworm\n',
      fix:
        'Moves to a supported tag of the same family: Python 3.12, Node.js 22, Debian bookworm (12), Ubuntu 24.04, Alpine 3.22, CUDA on ' +
        'Ubuntu 22.04; the variant (slim, alpine, cudnn-runtime) is kept. Unsafe: the new release may need code or package changes, so rebuild and test.',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [1104], links: [{ title: 'endoflife.date', url: 'https://endoflife.date/' }] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    // `asOf` (an ISO date) pins the comparison date, for reproducible CI runs and tests.
    const asOf = typeof context.options.asOf === 'string' ? new Date(`${context.options.asOf}T00:00:00Z`) : undefined;
    const now = asOf && !Number.isNaN(asOf.getTime()) ? asOf : new Date();
    for (const base of baseImages(model, context.source)) {
      const verdict = eolVerdict(base.ref, now);
      if (!verdict) continue;
      const edit = verdict.replacementTag ? base.retag(verdict.replacementTag) : undefined;
      const via = base.viaArg ? ` (from the default of ARG ${base.viaArg.name})` : '';
      const suggestion = verdict.replacementTag ? ` Move to ${base.ref.repository}:${verdict.replacementTag}.` : '';
      context.report({
        range: base.range,
        message: `The base image ${base.image}${via} is end-of-life: ${verdict.reason}.${suggestion}`,
        fixes: edit
          ? [{ title: `Use ${base.ref.repository}:${verdict.replacementTag}`, safety: 'unsafe', edits: [edit] }]
          : [],
      });
    }
  },
});
