import { argumentsOf, defineRule, dockerfileModel, flagsOf } from '../../server/src/engine/api';

/** File names that hold credentials, matched against each source's last path segment. */
const SECRET_FILES: { pattern: RegExp; what: string }[] = [
  { pattern: /^\.env(\.(?!example$|sample$|template$|dist$|defaults?$)[\w.-]+)?$/i, what: 'an environment file with secrets' },
  { pattern: /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/, what: 'an SSH private key' },
  { pattern: /\.(pem|key|p12|pfx|jks|keystore)$/i, what: 'a private key or certificate store' },
  { pattern: /^(credentials|credentials\.json|\.git-credentials|\.netrc|_netrc|\.pypirc|\.npmrc|\.dockercfg|kubeconfig)$/i, what: 'a credentials file' },
  { pattern: /^(service[-_]?account|gcp[-_]?key|client[-_]secret)[\w.-]*\.json$/i, what: 'a cloud service account key' },
  { pattern: /^(token|hf_token|\.huggingface_token)$/i, what: 'a token file' },
];

export default defineRule({
  meta: {
    id: 'secret/docker-copy-secret-file',
    category: 'secret',
    title: 'Secret file copied into the image',
    severity: 'error',
    languages: ['dockerfile'],
    docs: {
      summary:
        'Finds COPY and ADD of files that hold credentials: `.env`, SSH private keys (`id_rsa`), `*.pem`/`*.key`, `credentials`, ' +
        '`.netrc`, `.npmrc`, `.pypirc`, cloud service account JSON keys.',
      why:
        'A file copied into an image is in that layer for good: deleting it in a later step hides it from the final filesystem but ' +
        'not from `docker save` or the registry. Everyone who can pull the image gets the keys. Build steps that need them should ' +
        'mount them as build secrets, and the running container should get them from the orchestrator.',
      bad: 'COPY .env /app/.env\nCOPY id_rsa /root/.ssh/id_rsa\n',
      good: 'RUN --mount=type=secret,id=env,target=/app/.env python prepare.py\nRUN --mount=type=ssh git clone git@github.com:org/private.git\n',
      references: { owaspLlm: ['LLM02'], cwe: [538, 312] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    for (const instruction of model.dockerfile.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      // Files copied from another stage were already inside the build; the first COPY is the one to report.
      if (flagsOf(instruction).some((f) => f.name === 'from')) continue;
      const args = argumentsOf(instruction, context.source);
      if (args.some((a) => a.value.startsWith('<<'))) continue;
      for (const source of args.slice(0, -1)) {
        const value = model.expand(source.value, instruction).value;
        const base = value.replace(/\/+$/, '').split('/').pop() ?? value;
        const hit = SECRET_FILES.find((entry) => entry.pattern.test(base));
        if (!hit) continue;
        const id = base.replace(/^\./, '').replace(/[^\w-]/g, '_').toLowerCase() || 'secret';
        context.report({
          range: source.range,
          message: `${keyword} ${value} puts ${hit.what} into an image layer. Mount it for the step that needs it instead: RUN --mount=type=secret,id=${id},target=<path>.`,
        });
      }
    }
  },
});
