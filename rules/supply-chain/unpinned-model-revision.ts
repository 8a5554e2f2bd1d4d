import { cachedHubCommit, defineRule, pythonStringValue, type Fix, type HubRepositoryKind, type Node, type RuleContext } from '../../server/src/engine/api';
import { couldBeRef, HUB_LOADER_WORDS, HUB_PACKAGE_WORDS, hubCall, hubCalleeName, hubRepositoryId, isCommitHash, moduleConstant, type HubCall } from './_huggingface';
import { appendArgument, callFirstLine, hasKeywordSplat, isTrue, keywordValue } from './_python-calls';

/**
 * A model or dataset fetched from the Hugging Face Hub by name follows whatever its owner pushes last.
 * Pinning the revision to a commit makes the download reproducible and reviewable.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/unpinned-model-revision',
    category: 'supply-chain',
    title: 'Hugging Face model or dataset not pinned to a commit',
    severity: 'info',
    severityIn: { test: 'info', example: 'info', notebook: 'info' },
    languages: ['python'],
    // A Hub package's import, and the loader's name at the call.
    requiresAll: [HUB_PACKAGE_WORDS, HUB_LOADER_WORDS],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds `from_pretrained`, `pipeline(model=...)`, `hf_hub_download`, `snapshot_download`, `load_dataset` and ' +
        '`SentenceTransformer` calls that fetch a Hub repository without `revision` set to a commit hash.',
      why:
        'Without a revision the Hub serves the head of the `main` branch: whoever controls the repository (its owner, ' +
        'or an attacker with a stolen token) can replace the weights, the tokenizer or the remote code you run, and ' +
        'your next deployment loads it silently. Branch and tag names can be moved too; only a commit hash is immutable. ' +
        'Local paths, packaged dataset builders (`csv`, `json`, ...) and revisions held in variables are not reported. ' +
        'Info by default (a pin is hygiene); a warning when the same call sets `trust_remote_code=True`, since then ' +
        'the next push to the repository runs code in your process (docs/severity.md).',
      bad: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased")\n',
      good:
        'from transformers import AutoModel\nmodel = AutoModel.from_pretrained(\n    "bert-base-uncased", revision="86b5e0934494bd15c9632b12f734a8a67f723594"\n)\n',
      fix:
        'Sets `revision` to the full commit hash that the branch (`main` when none is given) or tag points to in the local ' +
        'Hugging Face cache (`$HF_HUB_CACHE`, `$HF_HOME/hub`, `~/.cache/huggingface/hub`), so the pin is what the project ' +
        'already downloaded and runs. The cache is only read, never the network. Review it: the cached commit may be older ' +
        'than the branch. When nothing is cached no fix is offered: take the hash from the repository\'s "Files and versions" ' +
        'tab (the commit history of the branch), or print it with ' +
        '`python -c "from huggingface_hub import HfApi; print(HfApi().model_info(\'<org>/<name>\').sha)"` ' +
        '(`dataset_info` for datasets).',
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
        // An unpinned download is hygiene, unless the call also runs the repository's code: then whoever pushes
        // to the repository next runs code in this process (docs/severity.md).
        const severity = isTrue(keywordValue(node, 'trust_remote_code')) ? 'warning' : undefined;
        const what = hub.kind === 'repository' ? `repository "${repository}"` : `${hub.kind} "${repository}"`;
        if (!revision || revision.type === 'none') {
          if (!revision && hasKeywordSplat(node)) return;
          // `revision=None` is the default branch too: the commit replaces the None.
          const commit = cachedCommit(context, node, hub, repository, 'main');
          const edit = !commit
            ? undefined
            : revision
              ? { range: context.rangeOf(revision), newText: `"${commit}"` }
              : appendArgument(node, `revision="${commit}"`);
          context.report({
            range: callFirstLine(node, context.source),
            message: `The ${what} is fetched without a pinned revision: set revision= to a commit hash.`,
            severity,
            fixes: edit && commit ? [pinFix(commit, 'main', [edit])] : [],
          });
          return;
        }
        const value = pythonStringValue(revision) ?? moduleConstant(context, revision);
        if (value === undefined || isCommitHash(value) || !couldBeRef(value)) return;
        // A constant is fixed where it is defined, not at each use.
        const literal = pythonStringValue(revision) !== undefined;
        const commit = literal ? cachedCommit(context, node, hub, repository, value) : undefined;
        context.report({
          node: revision,
          message: `The ${what} is pinned to "${value}", a branch or tag that can be moved: use a commit hash.`,
          severity,
          fixes: commit ? [pinFix(commit, value, [{ range: context.rangeOf(revision), newText: `"${commit}"` }])] : [],
        });
      },
    };
  },
});

function pinFix(commit: string, ref: string, edits: Fix['edits']): Fix {
  // Unsafe: the cached commit is what the project downloaded, which may be older than the branch today.
  return { title: `Pin revision to ${commit.slice(0, 12)} (${ref} in the local Hugging Face cache)`, safety: 'unsafe', edits };
}

/** The commit `ref` of the repository pointed to when it was downloaded into the local cache, if it was. */
function cachedCommit(context: RuleContext, call: Node, hub: HubCall, repository: string, ref: string): string | undefined {
  return cachedHubCommit(context.files, repository, repositoryKind(call, hub), ref);
}

/** `hf_hub_download(..., repo_type="dataset")` and friends name the kind; the loaders know theirs. */
function repositoryKind(call: Node, hub: HubCall): HubRepositoryKind {
  if (hub.kind === 'dataset') return 'dataset';
  if (hub.kind === 'model') return 'model';
  const type = pythonStringValue(keywordValue(call, 'repo_type'));
  return type === 'dataset' || type === 'space' ? type : 'model';
}
