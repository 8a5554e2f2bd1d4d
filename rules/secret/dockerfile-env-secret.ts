import { defineRule, detectSecret, type Instruction, maskSecret, type Range } from '../../server/src/engine/api';
import { isAllowed, lowered } from './_report';

/**
 * Secrets written as ENV or ARG values in a Dockerfile. Both end up in the image: ENV in its configuration
 * (`docker inspect`), ARG values in the build history (`docker history`), and both in every registry and
 * cache the image passes through.
 */
export default defineRule({
  meta: {
    id: 'secret/dockerfile-env-secret',
    category: 'secret',
    title: 'Secret in Dockerfile ENV or ARG',
    severity: 'error',
    languages: ['dockerfile'],
    docs: {
      summary: 'Finds API keys, tokens and passwords written as ENV or ARG values in a Dockerfile.',
      why:
        'ENV values are stored in the image configuration and shown by `docker inspect`; ARG defaults and values are ' +
        'recorded in the build history shown by `docker history`. Anyone who can pull the image, including from a public ' +
        'registry or a shared build cache, can read the key, and deleting the line later does not remove it from images ' +
        'already pushed. ' +
        'Known non-secrets (a provider\'s published test key) can be listed in the rule option `allow` (regular expressions).',
      bad: 'FROM python:3.12-slim\nENV OPENAI_API_KEY=sk-proj-…T3BlbkFJ…\nRUN python download_model.py\n',
      good:
        'FROM python:3.12-slim\n# Build steps read the key from a build secret: docker build --secret id=hf_token,env=HF_TOKEN .\n' +
        'RUN --mount=type=secret,id=hf_token,env=HF_TOKEN python download_model.py\n' +
        '# The running container gets it at start: docker run -e OPENAI_API_KEY ...\n',
      fix:
        'No automatic fix: remove the value, pass build-time secrets with `RUN --mount=type=secret` and runtime ones with ' +
        '`docker run -e`/orchestrator secrets, then revoke the leaked key.',
      references: { owaspLlm: ['LLM02', 'LLM03'], cwe: [798, 538] },
    },
  },
  create(context) {
    const dockerfile = context.dockerfile;
    if (!dockerfile) return;
    for (const instruction of dockerfile.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'ENV' && keyword !== 'ARG') continue;
      for (const property of propertiesOf(instruction)) {
        const name = property.getName();
        const value = property.getValue();
        const range = property.getValueRange();
        if (!value || !range || value.startsWith('$')) continue;
        const match = detectSecret(value, name);
        if (!match) continue;
        const secret = value.slice(match.start, match.end);
        if (isAllowed(context, secret)) continue;
        const idName = name.toLowerCase();
        const where =
          keyword === 'ENV'
            ? 'ENV values are stored in the image and shown by docker inspect'
            : 'ARG values are recorded in the image history (docker history)';
        context.report({
          range: range as Range,
          message:
            `Hard-coded ${match.provider} "${maskSecret(secret)}" in ${keyword} ${name}: ${where}. ` +
            `Use a build secret (RUN --mount=type=secret,id=${idName}) for build steps and pass ${name} at run time ` +
            `(docker run -e, orchestrator secrets); revoke this ${match.kind === 'generic' ? 'secret' : 'key'}.`,
          severity: lowered(context, 'error'),
          properties: { secretKind: match.kind, format: match.formatId, confidence: match.confidence, envVar: match.envVar },
        });
      }
    }
  },
});

interface PropertyLike {
  getName(): string;
  getValue(): string | null;
  getValueRange(): { start: { line: number; character: number }; end: { line: number; character: number } } | null;
}

function propertiesOf(instruction: Instruction): PropertyLike[] {
  const withProperties = instruction as unknown as { getProperties?: () => PropertyLike[]; getProperty?: () => PropertyLike | null };
  if (typeof withProperties.getProperties === 'function') return withProperties.getProperties();
  const single = typeof withProperties.getProperty === 'function' ? withProperties.getProperty() : null;
  return single ? [single] : [];
}
