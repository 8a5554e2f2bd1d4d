import { defineRule, dockerfileModel, flagsOf } from '../../server/src/engine/api';
import { findOption } from './_shell';

/**
 * `RUN --security=insecure` is BuildKit's privileged build step (it needs `--allow security.insecure`);
 * `docker run --privileged` inside an image or its CMD means the image expects to drive the host's Docker.
 */
export default defineRule({
  meta: {
    id: 'container/privileged-build',
    category: 'container',
    title: 'Privileged build step or container',
    severity: 'warning',
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds `RUN --security=insecure` (a privileged BuildKit step), and `docker run --privileged` or `--cap-add=ALL`/`SYS_ADMIN` ' +
        'in RUN, CMD or ENTRYPOINT.',
      why:
        'A privileged step runs without the container sandbox: it can mount the host\'s devices and escape the build. Builds that ' +
        'need it must be run with `--allow security.insecure`, which then applies to every step of an untrusted Dockerfile. ' +
        'An image whose command starts privileged containers gives whoever controls its input control of the host.',
      bad: 'RUN --security=insecure mount -t tmpfs none /mnt\n',
      good: 'RUN --mount=type=tmpfs,target=/mnt make\n',
      fix: 'Removes `--security=insecure` (unsafe: the step may need a different approach, such as a `--mount` of the right type).',
      references: { owaspLlm: ['LLM06'], cwe: [250, 269] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    for (const instruction of model.dockerfile.getInstructions()) {
      if (instruction.getKeyword() !== 'RUN') continue;
      for (const flag of flagsOf(instruction)) {
        if (flag.name !== 'security' || flag.value !== 'insecure') continue;
        const range = flag.range;
        const start = context.source.offsetAt(range.start);
        let end = context.source.offsetAt(range.end);
        while (/[ \t]/.test(context.source.text[end] ?? '')) end++;
        context.report({
          range,
          message: 'RUN --security=insecure runs this step privileged, outside the build sandbox.',
          fixes: [{ title: 'Remove --security=insecure', safety: 'unsafe', edits: [{ range: context.source.rangeOf(start, end), newText: '' }] }],
        });
      }
    }
    for (const instruction of model.dockerfile.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'RUN' && keyword !== 'CMD' && keyword !== 'ENTRYPOINT') continue;
      for (const command of model.shellOf(instruction)?.commands ?? []) {
        if (!['docker', 'podman', 'nerdctl'].includes(command.name)) continue;
        const sub = command.args.find((a) => !a.value.startsWith('-'))?.value;
        if (sub !== 'run' && sub !== 'create') continue;
        const privileged = findOption(command, undefined, ['--privileged']);
        const capAll = command.args.find((a, i) => {
          const inline = /^--cap-add=(ALL|SYS_ADMIN)$/i.exec(a.value);
          return inline || (a.value === '--cap-add' && /^(ALL|SYS_ADMIN)$/i.test(command.args[i + 1]?.value ?? ''));
        });
        const flag = privileged ?? capAll;
        if (flag) {
          context.report({
            range: flag.range,
            message: `\`${command.name} ${sub} ${flag.value}\` starts a container with host-level privileges.`,
          });
        }
      }
    }
  },
});
