import { composeServices, defineRule } from '../../server/src/engine/api';

export default defineRule({
  meta: {
    id: 'container/compose-root-user',
    category: 'container',
    title: 'Service runs as root in docker-compose',
    severity: 'warning',
    languages: ['compose'],
    fixable: 'unsafe',
    docs: {
      summary: 'Finds compose services that set `user: root`, `user: "0"`, `0:0` or `root:root`, overriding the image\'s non-root USER.',
      why:
        '`user:` in compose wins over the image\'s USER, so a carefully built non-root image runs as root again. Any code execution ' +
        'in the model server then runs as root inside the container, with mounted volumes and sockets writable.',
      bad: 'services:\n  api:\n    image: org/api:1.2\n    user: root\n',
      good: 'services:\n  api:\n    image: org/api:1.2\n    user: "10001:10001"\n',
      fix: 'Sets `user: "10001:10001"` (unsafe: files the service writes must be writable by that uid).',
      references: { owaspLlm: ['LLM06'], cwe: [250] },
    },
  },
  create(context) {
    for (const service of composeServices(context)) {
      const user = service.get('user');
      if (user?.kind !== 'scalar') continue;
      const name = user.value.split(':')[0].trim();
      if (name !== 'root' && !/^0+$/.test(name)) continue;
      context.report({
        node: user.node,
        message: `Service "${service.name}" runs as ${user.value}, overriding the image's USER.`,
        fixes: [{ title: 'Run as uid 10001', safety: 'unsafe', edits: [{ range: context.rangeOf(user.node), newText: '"10001:10001"' }] }],
      });
    }
  },
});
