import { composeServices, defineRule, scalarText, type YamlValue } from '../../server/src/engine/api';

const SOCKETS = /^\/(var\/)?run\/(docker|containerd\/containerd|podman\/podman|crio\/crio)\.sock$|^\/\/\.\/pipe\/docker_engine$/;

export default defineRule({
  meta: {
    id: 'container/compose-docker-socket',
    category: 'container',
    title: 'Container runtime socket mounted in docker-compose',
    severity: 'error',
    languages: ['compose'],
    docs: {
      summary: 'Finds compose volumes that mount the Docker (or containerd, Podman, CRI-O) socket into a service, in short or long syntax.',
      why:
        'Whoever can talk to the Docker socket can start a privileged container with the host\'s root filesystem mounted: the socket is ' +
        'root on the host. Agents and "code interpreter" services that get it to run sandboxes hand that power to anything that can ' +
        'steer them, including prompt-injected instructions. Read-only (`:ro`) does not help: it only protects the socket file, not the API.',
      bad: 'services:\n  agent:\n    image: org/agent:1.0\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
      good: 'services:\n  agent:\n    image: org/agent:1.0\n    # run sandboxes through a restricted API (a socket proxy allowing only what is needed) or a separate VM\n',
      references: { owaspLlm: ['LLM06'], cwe: [250, 668] },
    },
  },
  create(context) {
    for (const service of composeServices(context)) {
      const volumes = service.get('volumes');
      if (volumes?.kind !== 'sequence') continue;
      for (const volume of volumes.items) {
        const source = sourceOf(volume);
        if (source && SOCKETS.test(source)) {
          context.report({
            node: volume.node,
            message: `Service "${service.name}" mounts ${source}: control of the container runtime is root on the host (":ro" does not change that).`,
          });
        }
      }
    }
  },
});

function sourceOf(volume: YamlValue): string | undefined {
  const short = scalarText(volume);
  if (short !== undefined) return short.split(':')[0].trim();
  if (volume.kind === 'mapping') return scalarText(volume.pairs.find((p) => p.key === 'source')?.value);
  return undefined;
}
