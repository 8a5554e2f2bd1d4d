import { composeServices, defineRule } from '../../server/src/engine/api';

const HOST_KEYS: Record<string, string> = {
  network_mode: 'the host network: it can reach every service bound to localhost on the host and listens on all host interfaces',
  pid: "the host's process namespace: it sees and can signal every process on the host",
  ipc: "the host's IPC namespace: it shares memory segments with host processes",
  userns_mode: "the host's user namespace, which turns off user namespace remapping",
};

export default defineRule({
  meta: {
    id: 'container/compose-host-namespaces',
    category: 'container',
    title: 'Service shares host namespaces in docker-compose',
    severity: 'warning',
    languages: ['compose'],
    docs: {
      summary: 'Finds compose services with `network_mode: host`, `pid: host`, `ipc: host` or `userns_mode: host`.',
      why:
        'With the host network, a model server\'s port (often an unauthenticated inference API) is exposed on every host interface, ' +
        'bypassing port mappings and firewalls rules set for containers, and the container can reach admin endpoints bound to ' +
        'the host\'s localhost. Host PID and IPC namespaces let it inspect or tamper with host processes.',
      bad: 'services:\n  ollama:\n    image: ollama/ollama:0.4.7\n    network_mode: host\n',
      good: 'services:\n  ollama:\n    image: ollama/ollama:0.4.7\n    ports:\n      - "127.0.0.1:11434:11434"\n',
      references: { owaspLlm: ['LLM06'], cwe: [668, 653] },
    },
  },
  create(context) {
    for (const service of composeServices(context)) {
      for (const [key, what] of Object.entries(HOST_KEYS)) {
        const value = service.get(key);
        if (value?.kind === 'scalar' && value.value === 'host') {
          context.report({ node: value.node, message: `Service "${service.name}" uses ${key}: host, sharing ${what}.` });
        }
      }
    }
  },
});
