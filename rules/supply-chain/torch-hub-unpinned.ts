import { defineRule, keywordArgument, pythonSemantics, pythonStringValue, type Node } from '../../server/src/engine/api';
import { isCommitHash, moduleConstant } from './_huggingface';
import { argumentAt, isTrue, removeArgument } from './_python-calls';

const HUB_LOADERS = new Set(['torch.hub.load', 'torch.hub.list', 'torch.hub.help']);
const GITHUB_REPO = /^[\w.-]+\/[\w.-]+(:.*)?$/;

/**
 * `torch.hub.load("owner/repo", ...)` imports the repository's `hubconf.py` from the tip of its default
 * branch; `trust_repo=True` skips even the confirmation for repositories never seen before.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/torch-hub-unpinned',
    category: 'supply-chain',
    title: 'torch.hub loads code from an unpinned GitHub repository',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info' },
    languages: ['python'],
    requires: ['torch'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds `torch.hub.load` (and `list`/`help`) of a GitHub repository without a commit ref (`owner/repo:<sha>`), ' +
        'and calls with `trust_repo=True`.',
      why:
        'torch.hub downloads the repository and imports its `hubconf.py`, which runs arbitrary Python, then usually ' +
        'unpickles weights. Without a ref you get whatever the default branch holds today; a branch or tag name can be ' +
        'moved. `trust_repo=True` also turns off the prompt for repositories you have never loaded.',
      bad: 'import torch\nmodel = torch.hub.load("pytorch/vision", "resnet50", trust_repo=True)\n',
      good: 'import torch\nmodel = torch.hub.load("pytorch/vision:3c9ae0ac5dda3d881a6ce5004ce5756ae7de7bc4", "resnet50")\n',
      fix: 'For `trust_repo=True`, removes the argument. Pin the ref by hand to a commit you reviewed.',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [494, 829] },
    },
  },
  create(context) {
    const semantics = pythonSemantics(context);
    return {
      call(node: Node) {
        const name = semantics.calleeName(node);
        if (!name || !HUB_LOADERS.has(name)) return;
        const source = pythonStringValue(keywordArgument(node, 'source')?.childForFieldName('value'));
        if (source === 'local') return;
        const repoArgument = argumentAt(node, 0, name === 'torch.hub.load' ? 'repo_or_dir' : 'github');
        const repo = pythonStringValue(repoArgument) ?? moduleConstant(context, repoArgument);
        if (repoArgument && repo !== undefined && GITHUB_REPO.test(repo)) {
          const ref = repo.includes(':') ? repo.slice(repo.indexOf(':') + 1) : undefined;
          if (ref === undefined || !isCommitHash(ref)) {
            context.report({
              node: repoArgument,
              message: ref
                ? `torch.hub loads "${repo}" at "${ref}", a branch or tag that can be moved: pin a commit (owner/repo:<sha>).`
                : `torch.hub loads "${repo}" from its default branch: pin a commit (owner/repo:<sha>).`,
            });
          }
        }
        const trust = keywordArgument(node, 'trust_repo');
        if (trust && isTrue(trust.childForFieldName('value'))) {
          const edit = removeArgument(trust);
          context.report({
            node: trust,
            message: 'trust_repo=True runs the repository\'s hubconf.py without asking, even for a repository never loaded before.',
            fixes: edit ? [{ title: 'Remove trust_repo=True', safety: 'unsafe', edits: [edit] }] : [],
          });
        }
      },
    };
  },
});
