import { composeServices, defineRule, dockerfileModel, parseImageReference, type RuleContext } from '../../server/src/engine/api';
import { baseImages } from '../container/_base-images';

/**
 * `FROM python` and `FROM python:latest` build on whatever the registry serves that day: builds are not
 * reproducible, and a compromised or retagged image flows straight into production.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/unpinned-base-image',
    category: 'supply-chain',
    title: 'Base image not pinned',
    severity: 'info',
    severityIn: { test: 'info', example: 'info', tooling: 'info' },
    languages: ['dockerfile', 'compose'],
    docs: {
      summary:
        'Finds FROM lines whose image has no tag, `latest`, or another channel tag (`lts`, `stable`, `rolling`, `edge`, `nightly`, `latest-gpu` ...) after resolving ARG defaults. A digest (`@sha256:...`) is best; ' +
        'an exact tag is accepted unless the `requireDigest` option is set (`"rules": {"supply-chain/unpinned-base-image": {"options": {"requireDigest": true}}}`). ' +
        'Earlier stages and `scratch` are not images and are ignored. In compose files, the `image:` of services that are not built locally is checked the same way.',
      why:
        'A floating tag changes under you: two builds of the same commit get different Python, CUDA or OpenSSL versions, and a ' +
        'retagged or compromised upstream image enters your serving image without any change in your repository. A digest ' +
        'names exactly one image; tags (even exact ones) can be moved by whoever controls the repository.',
      bad: 'FROM python\nFROM pytorch/pytorch:latest\n',
      good: 'FROM python:3.12.7-slim-bookworm@sha256:<digest>\n',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [1357, 494] },
    },
  },
  create(context) {
    const requireDigest = context.options.requireDigest === true;
    if (context.family === 'compose') {
      checkCompose(context, requireDigest);
      return;
    }
    const model = dockerfileModel(context);
    if (!model) return;
    for (const base of baseImages(model, context.source)) {
      if (base.ref.digest) continue;
      const via = base.viaArg ? ` (from the default of ARG ${base.viaArg.name})` : '';
      if (floating(base.ref.tag)) {
        const what = base.ref.tag ? `the floating tag "${base.ref.tag}"` : 'no tag, so it means "latest"';
        context.report({
          range: base.range,
          message: `The base image ${base.image}${via} has ${what}; pin an exact version tag, or better a digest (@sha256:...).`,
        });
      } else if (requireDigest) {
        context.report({
          range: base.range,
          severity: 'info',
          message: `The base image ${base.image}${via} is pinned by tag only; tags can be moved, a digest (@sha256:...) cannot.`,
        });
      }
    }
  },
});

/** Tags that are moved on purpose, like `latest`: they name a channel, not a release. */
const FLOATING_TAGS = /^(latest|lts|current|stable|rolling|edge|nightly|main|master|dev|develop|unstable|testing|sid)(-|$)/;

function floating(tag: string | undefined): boolean {
  return tag === undefined || FLOATING_TAGS.test(tag);
}

function checkCompose(context: RuleContext, requireDigest: boolean): void {
  for (const service of composeServices(context)) {
    const image = service.get('image');
    // A service with `build:` tags the image it builds itself; `image:` then names the result.
    if (image?.kind !== 'scalar' || service.get('build') || image.value.includes('$')) continue;
    const ref = parseImageReference(image.value);
    if (ref.digest) continue;
    if (floating(ref.tag)) {
      context.report({
        node: image.node,
        message: `Service "${service.name}" uses the image ${image.value} with ${ref.tag ? `the floating tag "${ref.tag}"` : 'no tag'}; pin an exact version tag, or better a digest.`,
      });
    } else if (requireDigest) {
      context.report({ node: image.node, severity: 'info', message: `Service "${service.name}" uses the image ${image.value}, pinned by tag only; a digest (@sha256:...) cannot be moved.` });
    }
  }
}
