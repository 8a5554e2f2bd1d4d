import {
  defineRule,
  deserializationFamily,
  deserializersOf,
  keywordArgument,
  pythonConstant,
  pythonSemantics,
  pythonTruthiness,
  type Node,
} from '../../server/src/engine/api';
import { appendArgument, callFirstLine, hasKeywordSplat } from './_python-calls';

const TORCH_LOAD = deserializersOf('torch-load-without-weights-only');

/**
 * `torch.load` unpickles: a checkpoint from the internet can run code when loaded unless `weights_only=True`
 * restricts unpickling to tensors and plain containers.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/torch-load-without-weights-only',
    category: 'supply-chain',
    title: 'torch.load without weights_only=True',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info' },
    languages: ['python'],
    requires: ['torch'],
    fixable: 'unsafe',
    docs: {
      summary: 'Finds `torch.load` calls that do not pass `weights_only=True`, or that pass `weights_only=False`.',
      why:
        'PyTorch checkpoints are pickle files. Unpickling calls any importable function the file names, so loading a ' +
        'downloaded or user-supplied checkpoint is remote code execution. `weights_only=True` uses a restricted ' +
        'unpickler that only rebuilds tensors and primitive containers. PyTorch 2.6 made it the default, but code that ' +
        'runs on older versions, or that passes `weights_only=False`, is still exposed. In a published library a call ' +
        'without the argument is info (the library cannot know its users\' torch, and mostly loads files it wrote); ' +
        '`weights_only=False` is an error everywhere (docs/severity.md).',
      bad: 'import torch\nstate = torch.load("model.pt")\n',
      good: 'import torch\nstate = torch.load("model.pt", weights_only=True)\n',
      fix:
        'Adds `weights_only=True` (or turns `False` into `True`). Checkpoints that pickle whole model objects then fail to ' +
        'load: save a `state_dict` instead, or switch to safetensors.',
      family: deserializationFamily('torch-load-without-weights-only'),
      references: { owaspLlm: ['LLM03', 'LLM04'], owaspMl: ['ML06'], cwe: [502] },
    },
  },
  create(context) {
    const semantics = pythonSemantics(context);
    return {
      call(node: Node) {
        const name = semantics.calleeName(node);
        if (!name || !TORCH_LOAD.has(name)) return;
        const argument = keywordArgument(node, 'weights_only');
        if (!argument) {
          if (hasKeywordSplat(node)) return;
          const edit = appendArgument(node, 'weights_only=True');
          context.report({
            range: callFirstLine(node, context.source),
            // torch 2.6 and later default to weights_only=True; a library cannot know the torch its users run
            // and mostly loads files it wrote itself, so the omission is hygiene there (an explicit False is not).
            severity: context.file.project === 'library' ? 'info' : undefined,
            message: 'torch.load without weights_only=True unpickles arbitrary objects: a malicious checkpoint runs code.',
            fixes: edit ? [{ title: 'Add weights_only=True', safety: 'unsafe', edits: [edit] }] : [],
          });
          return;
        }
        const value = argument.childForFieldName('value');
        // `weights_only=False`, `weights_only=0`, or a name bound once to such a value.
        if (!value || pythonTruthiness(pythonConstant(context, value)) !== false) return;
        context.report({
          node: argument,
          severity: 'error',
          message: `torch.load with ${argument.text} unpickles arbitrary objects: a malicious checkpoint runs code.`,
          fixes: [{ title: 'Use weights_only=True', safety: 'unsafe', edits: [{ range: context.rangeOf(value), newText: 'True' }] }],
        });
      },
    };
  },
});
