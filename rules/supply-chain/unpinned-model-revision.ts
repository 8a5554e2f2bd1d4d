import { defineRule, pythonStringValue, type Node } from '../../server/src/engine/api';
import { couldBeRef, hubCall, hubCalleeName, hubRepositoryId, isCommitHash, moduleConstant } from './_huggingface';
import { appendArgument, callFirstLine, hasKeywordSplat, keywordValue } from './_python-calls';

const PLACEHOLDER = 'revision="${1:<commit sha>}"';

/**
 * A model or dataset fetched from the Hugging Face Hub by name follows whatever its owner pushes last.
 * Pinning the revision to a commit makes the download reproducible and reviewable.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/unpinned-model-revision',
    category: 'supply-chain',
    title: 'Hugging Face model or dataset not pinned to a commit',
    severity: 'warning',
    languages: ['python'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds `from_pretrained`, `pipeline(model=...)`, `hf_hub_download`, `snapshot_download`, `load_dataset` and ' +
        '`SentenceTransformer` calls that fetch a Hub repository without `revision` set to a commit hash.',
      why:
        'Without a revision the Hub serves the head of the `main` branch: whoever controls the repository (its owner, ' +
        'or an attacker with a stolen token) can replace the weights, the tokenizer or the remote code you run, and ' +
        'your next deployment loads it silently. Branch and tag names can be moved too; only a commit hash is immutable. ' +
        'Local paths, packaged dataset builders (`csv`, `json`, ...) and revisions held in variables are not reported.',
      bad: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased")\n',
      good:
        'from transformers import AutoModel\nmodel = AutoModel.from_pretrained(\n    "bert-base-uncased", revision="86b5e0934494bd15c9632b12f734a8a67f723594"\n)\n',
      fix: 'Inserts `revision="<commit sha>"` as a snippet to fill in with the commit shown on the repository\'s "Files and versions" page.',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [494, 829] },
    },
  },
  create(context) {
    return {
      call(node: Node) {
        const name = hubCalleeName(context, node);
        if (!name) return;
        const hub = hubCall(node, name);
        if (!hub) return;
        const repository = hubRepositoryId(hub.repository, hub.kind, context);
        if (!repository) return;
        const revision = keywordValue(node, 'revision');
        const what = hub.kind === 'repository' ? `repository "${repository}"` : `${hub.kind} "${repository}"`;
        if (!revision || revision.type === 'none') {
          if (!revision && hasKeywordSplat(node)) return;
          // `revision=None` is the default branch too: the placeholder replaces the None.
          const edit = revision
            ? { range: context.rangeOf(revision), newText: '"${1:<commit sha>}"' }
            : appendArgument(node, PLACEHOLDER);
          context.report({
            range: callFirstLine(node, context.source),
            message: `The ${what} is fetched without a pinned revision: set revision= to a commit hash.`,
            fixes: edit ? [{ title: 'Pin revision to a commit hash (fill in the placeholder)', safety: 'unsafe', edits: [edit], isSnippet: true }] : [],
          });
          return;
        }
        const value = pythonStringValue(revision) ?? moduleConstant(context, revision);
        if (value === undefined || isCommitHash(value) || !couldBeRef(value)) return;
        const literal = pythonStringValue(revision) !== undefined;
        context.report({
          node: revision,
          message: `The ${what} is pinned to "${value}", a branch or tag that can be moved: use a commit hash.`,
          // A constant is fixed where it is defined, not at each use.
          fixes: literal
            ? [
                {
                  title: 'Replace with a commit hash (fill in the placeholder)',
                  safety: 'unsafe',
                  edits: [{ range: context.rangeOf(revision), newText: '"${1:<commit sha>}"' }],
                  isSnippet: true,
                },
              ]
            : [],
        });
      },
    };
  },
});
