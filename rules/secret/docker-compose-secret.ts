import {
  composeServices,
  defineRule,
  detectSecret,
  maskSecret,
  type RuleContext,
  type YamlPair,
  type YamlValue,
} from '../../server/src/engine/api';

export default defineRule({
  meta: {
    id: 'secret/docker-compose-secret',
    category: 'secret',
    title: 'Secret in docker-compose environment',
    severity: 'error',
    languages: ['compose'],
    fixable: 'unsafe',
    docs: {
      summary: 'Finds API keys, tokens and passwords written as values in a compose service\'s `environment:` or `build.args:`.',
      why:
        'Compose files are committed and shared; a key written in them is in the repository history for good, and `build.args` also end ' +
        'up in the image history. Compose reads `${VAR}` from the shell or an untracked `.env` file, and has `secrets:` for files.',
      bad: 'services:\n  api:\n    environment:\n      OPENAI_API_KEY: sk-proj-…\n',
      good: 'services:\n  api:\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n',
      fix: 'Replaces the value with `${NAME}`, read from the environment or an untracked .env file (unsafe: set it there, then revoke the leaked key).',
      references: { owaspLlm: ['LLM02', 'LLM03'], cwe: [798, 312] },
    },
  },
  create(context) {
    for (const service of composeServices(context)) {
      check(context, service.name, 'environment', service.get('environment'));
      const build = service.get('build');
      if (build?.kind === 'mapping') check(context, service.name, 'build.args', build.pairs.find((p) => p.key === 'args')?.value);
    }
  },
});

function check(context: RuleContext, service: string, where: string, section: YamlValue | undefined): void {
  if (section?.kind === 'mapping') {
    for (const pair of section.pairs) checkPair(context, service, where, pair);
  } else if (section?.kind === 'sequence') {
    for (const item of section.items) {
      if (item.kind !== 'scalar') continue;
      const eq = item.value.indexOf('=');
      if (eq <= 0) continue;
      const name = item.value.slice(0, eq);
      const value = item.value.slice(eq + 1);
      const match = value.includes('${') ? undefined : detectSecret(value, name);
      if (!match) continue;
      context.report({
        node: item.node,
        message: message(service, where, name, match.provider, value.slice(match.start, match.end)),
        // `- NAME` alone passes the variable through from the environment compose runs in.
        fixes: [{ title: `Read ${name} from the environment`, safety: 'unsafe', edits: [{ range: context.rangeOf(item.node), newText: name }] }],
      });
    }
  }
}

function checkPair(context: RuleContext, service: string, where: string, pair: YamlPair): void {
  const value = pair.value;
  if (value?.kind !== 'scalar' || value.value.includes('${')) return;
  const match = detectSecret(value.value, pair.key);
  if (!match) return;
  context.report({
    node: value.node,
    message: message(service, where, pair.key, match.provider, value.value.slice(match.start, match.end)),
    fixes: [{ title: `Read ${pair.key} from the environment`, safety: 'unsafe', edits: [{ range: context.rangeOf(value.node), newText: `\${${pair.key}}` }] }],
  });
}

function message(service: string, where: string, name: string, provider: string, secret: string): string {
  return (
    `Hard-coded ${provider} "${maskSecret(secret)}" in ${where} ${name} of service "${service}". ` +
    `Use \${${name}} from the environment or an untracked .env file (or compose secrets), and revoke this key.`
  );
}
