import { defineRule, dockerfileModel } from '../../server/src/engine/api';
import { addParts, isArchive, isGitSource, isRemote } from './_add';

/** Flags ADD and COPY share, so switching the keyword keeps their meaning. */
const COPY_COMPATIBLE_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude']);

export default defineRule({
  meta: {
    id: 'container/add-instead-of-copy',
    category: 'container',
    title: 'ADD used for local files',
    severity: 'info',
    languages: ['dockerfile'],
    fixable: 'safe',
    docs: {
      summary: 'Finds `ADD` of local files that are not archives, where `COPY` does the same without ADD\'s implicit behaviour.',
      why:
        'ADD silently unpacks archives and fetches URLs. Used for plain files it hides that behaviour from reviewers: a later ' +
        'change of the source to a URL or a tarball (a "model.tar.gz") changes what happens with no visible change in the Dockerfile. ' +
        'COPY only copies.',
      bad: 'ADD app/ /srv/app/\n',
      good: 'COPY app/ /srv/app/\n',
      fix: 'Replaces ADD with COPY (only offered when every source is a local non-archive file and every flag is one COPY accepts).',
      references: { cwe: [829], owaspMl: ['ML06'] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    for (const instruction of model.dockerfile.getInstructions()) {
      const parts = addParts(instruction, context.source);
      if (!parts || parts.sources.length === 0) continue;
      const values = parts.sources.map((s) => model.expand(s.value, instruction));
      if (values.some((v) => v.unresolved || isRemote(v.value) || isGitSource(v.value) || isArchive(v.value) || /[*?[]/.test(v.value))) continue;
      const compatible = [...parts.flags.keys()].every((name) => COPY_COMPATIBLE_FLAGS.has(name));
      context.report({
        range: instruction.getInstructionRange(),
        message: 'ADD copies local files here; use COPY, which does not unpack archives or fetch URLs.',
        fixes: compatible ? [{ title: 'Use COPY', safety: 'safe', edits: [{ range: instruction.getInstructionRange(), newText: 'COPY' }] }] : [],
      });
    }
  },
});
