import { defineRule, dockerfileModel, type ShellCommand, type ShellWord } from '../../server/src/engine/api';
import { positionalArgs } from './_shell';

const SSH_PACKAGES = /^(openssh-server|openssh|dropbear|dropbear-bin)([=<>].*)?$/;

/** Package install commands and where their package list starts. */
function installedPackages(command: ShellCommand): ShellWord[] {
  const sub = command.args.find((a) => !a.value.startsWith('-'))?.value;
  const isInstall =
    ((command.name === 'apt-get' || command.name === 'apt' || command.name === 'yum' || command.name === 'dnf' || command.name === 'microdnf' || command.name === 'zypper') && sub === 'install') ||
    (command.name === 'apk' && sub === 'add');
  if (!isInstall) return [];
  return positionalArgs(command, ['-t', '--target-release', '-o', '--repository', '-X']).slice(1);
}

export default defineRule({
  meta: {
    id: 'container/ssh-server',
    category: 'container',
    title: 'SSH server in the image',
    severity: 'warning',
    languages: ['dockerfile'],
    docs: {
      summary: 'Finds `EXPOSE 22` and RUN steps that install an SSH server (openssh-server, dropbear), or start sshd from CMD/ENTRYPOINT.',
      why:
        'A container is not a VM: an SSH daemon adds a network service with its own keys, passwords and CVEs, and usually ' +
        'baked-in host keys or credentials shared by every replica. Use `docker exec` / `kubectl exec` for debugging, and ' +
        'keep the serving image to the model server.',
      bad: 'RUN apt-get update && apt-get install -y openssh-server\nEXPOSE 22 8000\n',
      good: 'EXPOSE 8000\n',
      references: { owaspLlm: ['LLM06'], cwe: [284, 1188] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    for (const instruction of model.dockerfile.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword === 'EXPOSE') {
        for (const arg of instruction.getArguments()) {
          const value = model.expand(arg.getValue(), instruction).value;
          if (/^22(\/(tcp|udp))?$/i.test(value) || rangeIncludes22(value)) {
            context.report({ range: arg.getRange(), message: `EXPOSE ${arg.getValue()} publishes the SSH port; containers should not run an SSH server.` });
          }
        }
      } else if (keyword === 'RUN') {
        for (const command of model.shellOf(instruction)?.commands ?? []) {
          for (const pkg of installedPackages(command)) {
            if (SSH_PACKAGES.test(pkg.value)) {
              context.report({ range: pkg.range, message: `${command.name} installs the SSH server "${pkg.value}" in the image.` });
            }
          }
        }
      } else if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
        for (const command of model.shellOf(instruction)?.commands ?? []) {
          if (command.name === 'sshd' || command.name === 'dropbear' || (command.name === 'service' && command.args[0]?.value === 'ssh')) {
            context.report({ range: command.rawName.range, message: `${keyword} starts an SSH server (${command.name}).` });
          }
        }
      }
    }
  },
});

function rangeIncludes22(value: string): boolean {
  const match = /^(\d+)-(\d+)(\/\w+)?$/.exec(value);
  return !!match && Number(match[1]) <= 22 && Number(match[2]) >= 22;
}
