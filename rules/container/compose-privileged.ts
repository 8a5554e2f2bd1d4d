import { composeServices, defineRule, scalarText, type YamlValue } from '../../server/src/engine/api';

const DANGEROUS_CAPS = new Set(['ALL', 'SYS_ADMIN', 'CAP_SYS_ADMIN', 'SYS_PTRACE', 'CAP_SYS_PTRACE', 'SYS_MODULE', 'CAP_SYS_MODULE']);

export default defineRule({
  meta: {
    id: 'container/compose-privileged',
    category: 'container',
    title: 'Privileged service in docker-compose',
    severity: 'error',
    languages: ['compose'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds compose services with `privileged: true`, `cap_add` of ALL, SYS_ADMIN, SYS_PTRACE or SYS_MODULE, or ' +
        '`security_opt` that disables seccomp or AppArmor.',
      why:
        'A privileged container has every capability and access to all host devices: code execution inside it (through a model ' +
        'file, a tool call or a dependency) is code execution on the host. GPU access does not need it: use `deploy.resources.' +
        'reservations.devices` or `gpus: all`.',
      bad: 'services:\n  llm:\n    image: vllm/vllm-openai:v0.6.4\n    privileged: true\n',
      good:
        'services:\n  llm:\n    image: vllm/vllm-openai:v0.6.4\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n',
      fix: '`privileged: true` becomes `privileged: false` (unsafe: grant the specific device or capability the service needs instead).',
      references: { owaspLlm: ['LLM06'], cwe: [250, 269] },
    },
  },
  create(context) {
    for (const service of composeServices(context)) {
      const privileged = service.get('privileged');
      if (privileged?.kind === 'scalar' && /^(true|yes|on)$/i.test(privileged.value)) {
        context.report({
          node: privileged.node,
          message: `Service "${service.name}" runs privileged: every capability and host device, one step from the host.`,
          fixes: [{ title: 'Set privileged: false', safety: 'unsafe', edits: [{ range: context.rangeOf(privileged.node), newText: 'false' }] }],
        });
      }
      for (const cap of items(service.get('cap_add'))) {
        const value = scalarText(cap)?.toUpperCase();
        if (value && DANGEROUS_CAPS.has(value)) {
          context.report({ node: cap.node, message: `Service "${service.name}" adds the capability ${value}, which amounts to root on the host.` });
        }
      }
      for (const option of items(service.get('security_opt'))) {
        const value = scalarText(option);
        if (value && /^(seccomp|apparmor)[:=]unconfined$/i.test(value)) {
          context.report({ node: option.node, message: `Service "${service.name}" turns off ${value.split(/[:=]/)[0]} (${value}).` });
        }
      }
    }
  },
});

function items(value: YamlValue | undefined): YamlValue[] {
  return value?.kind === 'sequence' ? value.items : [];
}
