import { defineRule, keywordArgument, type Node } from '../../server/src/engine/api';
import { hubCalleeName, isHubPackageName } from './_huggingface';
import { isFalse, removeArgument } from './_python-calls';

/** `use_safetensors=False` makes the loader fall back to pickle-based weight files, which can run code. */
export default defineRule({
  meta: {
    id: 'supply-chain/safetensors-disabled',
    category: 'supply-chain',
    title: 'Safetensors weights turned off',
    severity: 'warning',
    languages: ['python'],
    requires: ['use_safetensors'],
    fixable: 'safe',
    docs: {
      summary: 'Finds Hugging Face loaders called with `use_safetensors=False`.',
      why:
        '`.bin` and `.pt` weight files are pickles: loading them can execute code embedded by whoever produced the ' +
        'file. Safetensors files hold only tensors. Turning safetensors off forces the pickle path even when the ' +
        'repository offers safe weights.',
      bad: 'from diffusers import DiffusionPipeline\npipe = DiffusionPipeline.from_pretrained("org/sd", use_safetensors=False)\n',
      good: 'from diffusers import DiffusionPipeline\npipe = DiffusionPipeline.from_pretrained("org/sd", use_safetensors=True)\n',
      fix: 'Removes the argument, so the loader prefers safetensors weights when the repository has them.',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [502] },
    },
  },
  create(context) {
    return {
      call(node: Node) {
        const argument = keywordArgument(node, 'use_safetensors');
        if (!argument || !isFalse(argument.childForFieldName('value'))) return;
        const name = hubCalleeName(context, node);
        if (!name || !isHubPackageName(name)) return;
        const edit = removeArgument(argument);
        context.report({
          node: argument,
          message: 'use_safetensors=False loads pickle-based weight files, which can execute code when loaded.',
          fixes: edit ? [{ title: 'Remove use_safetensors=False', safety: 'safe', edits: [edit] }] : [],
        });
      },
    };
  },
});
