import { defineRule, dockerfileModel, flagsOf, type ShellWord } from '../../server/src/engine/api';
import { positionalArgs } from './_shell';

/** A mode that lets every user write: 777, 0666, o+w, a+rwx and the like. */
function worldWritable(mode: string): boolean {
  // The sticky bit (1777, +t) is how shared temp directories are made safe: only owners may delete files.
  if (/^[0-7]{4}$/.test(mode) && (Number(mode[0]) & 1) === 1) return false;
  if (/t/.test(mode.replace(/^[0-7]+$/, ''))) return false;
  if (/^0?[0-7]{3,4}$/.test(mode)) {
    const others = Number(mode[mode.length - 1]);
    return (others & 2) === 2;
  }
  return mode.split(',').some((clause) => /^[ugoa]*[+=][rwxXst]*w/.test(clause) && (/^[^+=]*[oa]/.test(clause) || /^[+=]/.test(clause)));
}

export default defineRule({
  meta: {
    id: 'container/world-writable-permissions',
    category: 'container',
    title: 'World-writable permissions',
    severity: 'warning',
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary: 'Finds `chmod 777`, `chmod -R 777`, `chmod o+w` and other modes that make files world-writable, in RUN and in `COPY/ADD --chmod`.',
      why:
        'World-writable application code, model weights or cache directories let any process in the container (a compromised ' +
        'worker, a tool the LLM can call) replace the code or the model that the server loads next. `chmod 777` is usually a quick ' +
        'fix for a permission error that a `chown` to the runtime user solves properly.',
      bad: 'RUN chmod -R 777 /app /models\n',
      good: 'RUN chown -R app:app /app /models && chmod -R 755 /app\n',
      fix: 'Replaces an octal mode with the same mode minus write for group and others (777 → 755, 666 → 644). Unsafe: check what needs to write there.',
      references: { owaspMl: ['ML10'], cwe: [732, 276] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    const report = (mode: ShellWord) => {
      const safer = /^0?[0-7]{3,4}$/.test(mode.value) ? withoutGroupOtherWrite(mode.value) : undefined;
      context.report({
        range: mode.range,
        message: `chmod ${mode.value} makes files writable by every user in the container${safer ? `; use ${safer} and chown to the runtime user` : ''}.`,
        fixes: safer ? [{ title: `Use mode ${safer}`, safety: 'unsafe', edits: [{ range: mode.range, newText: safer }] }] : [],
      });
    };
    for (const command of model.runCommands()) {
      if (command.name !== 'chmod') continue;
      const [mode] = positionalArgs(command, ['--reference']);
      if (mode && !mode.dynamic && worldWritable(mode.value)) report(mode);
    }
    for (const instruction of model.dockerfile.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      for (const flag of flagsOf(instruction)) {
        const { value, valueRange: range } = flag;
        if (flag.name === 'chmod' && value && range && worldWritable(value)) report({ value, dynamic: false, range });
      }
    }
  },
});

function withoutGroupOtherWrite(mode: string): string {
  const digits = mode.split('');
  const n = digits.length;
  for (const i of [n - 1, n - 2]) digits[i] = String(Number(digits[i]) & ~2);
  return digits.join('');
}
