import { defineRule, dockerfileModel } from '../../server/src/engine/api';
import { deleteWordEdit } from './_shell';

/** RUN already runs as the current USER; sudo in a Dockerfile means sudo is installed in the image. */
export default defineRule({
  meta: {
    id: 'container/sudo-in-run',
    category: 'container',
    title: 'sudo used in RUN',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', tooling: 'info' },
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary: 'Finds `sudo` (and `doas`) commands in RUN instructions.',
      why:
        'Build steps run as the current USER; switch with `USER root` and back instead. Using sudo means the sudo binary ' +
        '(and usually a passwordless sudoers entry) ships in the image, so any code execution in the model server becomes root ' +
        'with one command. sudo also behaves unpredictably without a TTY and mangles the environment.',
      bad: 'FROM python:3.12-slim\nUSER app\nRUN sudo apt-get update\n',
      good: 'FROM python:3.12-slim\nUSER root\nRUN apt-get update\nUSER app\n',
      fix: 'Removes `sudo ` from the command (unsafe: the step must then run as a user allowed to do it, usually under `USER root`).',
      references: { owaspLlm: ['LLM06'], cwe: [250, 269] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    for (const command of model.runCommands()) {
      for (const wrapper of command.wrappers) {
        if (wrapper.value !== 'sudo' && wrapper.value !== 'doas') continue;
        const simple = command.wrappers.length === 1 && command.rawName.range.start.line === wrapper.range.start.line &&
          wrapper.range.end.character < command.rawName.range.start.character;
        context.report({
          range: wrapper.range,
          message: `\`${wrapper.value} ${command.name}\` in RUN: run the step under USER root instead of shipping ${wrapper.value} in the image.`,
          fixes: simple && isDirectlyBefore(context.source.text, context.source.offsetAt(wrapper.range.end), context.source.offsetAt(command.rawName.range.start))
            ? [{ title: `Remove ${wrapper.value}`, safety: 'unsafe', edits: [deleteWordEdit(context.source, wrapper)] }]
            : [],
        });
      }
    }
  },
});

/** Only whitespace between the wrapper and the command: no wrapper options that would be left dangling. */
function isDirectlyBefore(text: string, from: number, to: number): boolean {
  return /^[ \t]+$/.test(text.slice(from, to));
}
