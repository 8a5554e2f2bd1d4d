import { defineRule, dockerfileModel } from '../../server/src/engine/api';
import { addParts, isGitSource, isRemote } from './_add';

export default defineRule({
  meta: {
    id: 'container/add-remote-without-checksum',
    category: 'container',
    title: 'ADD of a remote URL without a checksum',
    severity: 'warning',
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary: 'Finds `ADD https://...` without `--checksum=sha256:...`, and `ADD` of a git URL without a pinned commit.',
      why:
        'ADD fetches the URL at build time and trusts whatever comes back: model weights, tokenizers or installers can be swapped ' +
        'on the server or in transit, and the image silently changes. `--checksum` (Dockerfile syntax 1.6+) makes the build fail ' +
        'when the content differs from what you reviewed.',
      bad: 'ADD https://example.com/model.onnx /models/\n',
      good: 'ADD --checksum=sha256:<sha256 of model.onnx> https://example.com/model.onnx /models/\n',
      fix: 'Inserts `--checksum=sha256:` with a placeholder to fill in with the file\'s SHA-256 (the build fails until it is correct).',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [494, 353] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    for (const instruction of model.dockerfile.getInstructions()) {
      const parts = addParts(instruction, context.source);
      if (!parts || parts.flags.has('checksum')) continue;
      for (const source of parts.sources) {
        const value = model.expand(source.value, instruction).value;
        if (isGitSource(value)) {
          if (!/#[0-9a-f]{40}$/i.test(value)) {
            context.report({ range: source.range, message: `ADD of the git repository ${value} is not pinned to a commit (append #<commit sha> or use --checksum).` });
          }
          continue;
        }
        if (!isRemote(value)) continue;
        const at = instruction.getInstructionRange().end;
        context.report({
          range: source.range,
          message: `ADD downloads ${value} without --checksum, so the build trusts whatever the server returns.`,
          fixes: [
            {
              title: 'Add --checksum=sha256:… (fill in the file\'s SHA-256)',
              safety: 'unsafe',
              isSnippet: true,
              edits: [{ range: { start: at, end: at }, newText: ' --checksum=sha256:${1:<sha256>}' }],
            },
          ],
        });
      }
    }
  },
});
