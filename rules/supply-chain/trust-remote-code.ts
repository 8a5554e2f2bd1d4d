import { defineRule, keywordArgument, type Node } from '../../server/src/engine/api';
import { hubCalleeName, isHubPackageName } from './_huggingface';
import { isTrue, removeArgument } from './_python-calls';

/**
 * `trust_remote_code=True` runs Python files from the model repository on the machine that loads it:
 * the model's author (or whoever takes over the repository) gets code execution.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/trust-remote-code',
    category: 'supply-chain',
    title: 'Model loading runs code from the model repository',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info' },
    languages: ['python'],
    requires: ['trust_remote_code'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds Hugging Face loaders (`from_pretrained`, `pipeline`, `load_dataset`, `SentenceTransformer`, vLLM `LLM`, ...) ' +
        'called with `trust_remote_code=True`.',
      why:
        'With `trust_remote_code=True` the library downloads the repository\'s Python modeling files and imports them: ' +
        'any code in the repository runs with your process\'s rights, at load time, and again whenever the repository ' +
        'changes if the revision is not pinned. Most architectures are built into the libraries and need no remote code.',
      bad: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("org/model", trust_remote_code=True)\n',
      good:
        'from transformers import AutoModel\n# Built-in architecture: no remote code needed.\nmodel = AutoModel.from_pretrained("org/model", revision="4f2a1c9e")\n',
      fix:
        'Removes the argument. If the model really needs its own code, review that code, pin `revision` to the reviewed ' +
        'commit and suppress this finding with a comment that says so.',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [94, 829] },
    },
  },
  create(context) {
    return {
      call(node: Node) {
        const argument = keywordArgument(node, 'trust_remote_code');
        if (!argument || !isTrue(argument.childForFieldName('value'))) return;
        const name = hubCalleeName(context, node);
        if (!name || !isHubPackageName(name)) return;
        const edit = removeArgument(argument);
        context.report({
          node: argument,
          message: `${shortName(name)} is called with trust_remote_code=True: code from the model repository runs in this process.`,
          fixes: edit ? [{ title: 'Remove trust_remote_code=True', safety: 'unsafe', edits: [edit] }] : [],
        });
      },
    };
  },
});

function shortName(qualified: string): string {
  const parts = qualified.split('.');
  return parts.slice(-2).join('.');
}
