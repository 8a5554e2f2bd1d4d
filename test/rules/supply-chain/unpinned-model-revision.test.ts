import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import rule from '../../../rules/supply-chain/unpinned-model-revision';
import { initEngine } from '../../../server/src/engine';
import { hubCacheDirectories } from '../../../server/src/engine/api';
import { run, runRuleTests } from '../../support/rule-tester';

const CACHE = path.resolve(__dirname, '../../fixtures/supply-chain/hf-cache');
const APP = path.resolve(__dirname, '../../fixtures/supply-chain/model-project/app.py');
const CACHE_ENV = ['HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'HF_HOME', 'XDG_CACHE_HOME', 'HOME'] as const;

/** Runs `body`'s tests with the Hugging Face cache variables pointing at `cache` (and HOME at an empty folder). */
function withHubCache(cache: string | undefined, body: () => void): void {
  const saved: Partial<Record<(typeof CACHE_ENV)[number], string>> = {};
  let home: string;
  before(() => initEngine());
  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-home-'));
    for (const name of CACHE_ENV) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    process.env.HOME = home;
    if (cache) process.env.HF_HUB_CACHE = cache;
  });
  after(() => {
    for (const name of CACHE_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    fs.rmSync(home, { recursive: true, force: true });
  });
  body();
}

const SHA = '86b5e0934494bd15c9632b12f734a8a67f723594';
const script = path.resolve(__dirname, '../../fixtures/supply-chain/model-project/src/train.py');

describe('without a local Hugging Face cache', () => withHubCache(undefined, () => {
runRuleTests(rule, {
  valid: [
    { name: 'pinned to a full commit', language: 'python', code: `from transformers import AutoModel\nAutoModel.from_pretrained("bert-base-uncased", revision="${SHA}")\n` },
    { name: 'pinned to a short commit', language: 'python', code: 'import transformers\ntransformers.AutoTokenizer.from_pretrained("gpt2", revision="86b5e09")\n' },
    { name: 'revision from a variable', language: 'python', code: 'from transformers import AutoModel\nAutoModel.from_pretrained("gpt2", revision=REV)\n' },
    { name: 'local path', language: 'python', code: 'from transformers import AutoModel\nAutoModel.from_pretrained("./checkpoints/final")\nAutoModel.from_pretrained("/models/llama/7b")\n' },
    {
      name: 'a name that is a folder of the project (from the script folder or above)',
      language: 'python',
      filePath: script,
      code: 'from transformers import AutoModel\nAutoModel.from_pretrained("checkpoints/bert-finetuned")\n',
    },
    { name: 'model id from a variable', language: 'python', code: 'from transformers import AutoModel\nAutoModel.from_pretrained(model_dir)\n' },
    { name: 'from_pretrained of a local class', language: 'python', code: 'class Loader:\n    def from_pretrained(self, name): ...\n\nLoader().from_pretrained("gpt2")\nself.from_pretrained("gpt2")\n' },
    {
      name: 'a local name shadows the import',
      language: 'python',
      code: 'from transformers import AutoModel\n\ndef f(AutoModel):\n    return AutoModel.from_pretrained("gpt2")\n',
    },
    {
      name: 'local class with an unrelated base',
      language: 'python',
      code: 'import torch.nn as nn\n\nclass Net(nn.Module):\n    pass\n\nNet.from_pretrained("org/x")\n',
    },
    {
      name: 'constant reassigned, or shadowed by a parameter',
      language: 'python',
      code:
        'from transformers import AutoModel\nMODEL = "gpt2"\nMODEL = pick()\nNAME = "gpt2"\n\n' +
        'def f(NAME):\n    AutoModel.from_pretrained(NAME)\nAutoModel.from_pretrained(MODEL)\n',
    },
    { name: 'packaged dataset builder', language: 'python', code: 'from datasets import load_dataset\nload_dataset("csv", data_files="train.csv")\n' },
    { name: 'kwargs may carry the revision', language: 'python', code: 'from transformers import AutoModel\nAutoModel.from_pretrained("gpt2", **options)\n' },
    { name: 'pipeline without a model uses the pinned default', language: 'python', code: 'from transformers import pipeline\npipeline("sentiment-analysis")\n' },
    { name: 'unrelated module with a same-named function', language: 'python', code: 'from mylib import load_dataset, pipeline\nload_dataset("squad")\npipeline("x", model="gpt2")\n' },
  ],
  invalid: [
    {
      name: 'from transformers import, no revision',
      language: 'python',
      code: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased")\n',
      findings: [{ line: 2, column: 9, messageIncludes: ['model "bert-base-uncased"', 'commit hash'] }],
    },
    {
      name: 'aliased module import, multi-line call with trailing comma',
      language: 'python',
      code: 'import transformers as tf\nm = tf.AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-3.1-8B",\n    torch_dtype="auto",\n)\n',
      findings: [{ line: 2, endLine: 2 }],
    },
    {
      name: 'branch name as revision',
      language: 'python',
      code: 'from diffusers import DiffusionPipeline as DP\nDP.from_pretrained("stabilityai/sdxl", revision="main")\n',
      findings: [{ line: 2, text: '"main"', messageIncludes: 'branch or tag' }],
    },
    {
      name: 'hub downloads, datasets, sentence-transformers, pipeline',
      language: 'python',
      code:
        'from huggingface_hub import hf_hub_download, snapshot_download\nfrom datasets import load_dataset\n' +
        'from sentence_transformers import SentenceTransformer\nfrom transformers import pipeline\n' +
        'hf_hub_download("org/model", "model.safetensors")\nsnapshot_download(repo_id="org/model")\n' +
        'load_dataset("squad")\nSentenceTransformer("all-MiniLM-L6-v2")\npipeline("text-generation", model="gpt2")\n',
      findings: [
        { line: 5, messageIncludes: 'repository "org/model"' },
        { line: 6 },
        { line: 7, messageIncludes: 'dataset "squad"' },
        { line: 8 },
        { line: 9, messageIncludes: 'model "gpt2"' },
      ],
    },
    {
      name: 'revision=None, and vLLM',
      language: 'python',
      code: 'from transformers import AutoModel\nfrom vllm import LLM\nAutoModel.from_pretrained("gpt2", revision=None)\nllm = LLM(model="org/llm")\n',
      findings: [{ line: 3, messageIncludes: 'without a pinned revision' }, { line: 4 }],
    },
    {
      name: 'PEFT adapter is the second argument',
      language: 'python',
      code: 'from peft import PeftModel\nPeftModel.from_pretrained(base, "org/lora-adapter")\n',
      findings: [{ line: 2, messageIncludes: 'org/lora-adapter' }],
    },
    {
      name: 'same script: a Hub name that is not a local folder',
      language: 'python',
      filePath: script,
      code: 'from transformers import AutoModel\nAutoModel.from_pretrained("checkpoints/bert-base")\n',
      findings: [{ line: 2 }],
    },
    {
      name: 'local subclass of a Hub class inherits from_pretrained',
      language: 'python',
      code: 'from transformers import PreTrainedModel\n\nclass MyModel(PreTrainedModel):\n    pass\n\nm = MyModel.from_pretrained("org/custom")\n',
      findings: [{ line: 6, messageIncludes: 'org/custom' }],
    },
    {
      name: 'model id and revision held in module constants',
      language: 'python',
      code:
        'from transformers import AutoModel, AutoTokenizer\nMODEL_ID = "meta-llama/Llama-3.1-8B"\nREVISION = "main"\n\n' +
        'def load():\n    tok = AutoTokenizer.from_pretrained(MODEL_ID)\n    return AutoModel.from_pretrained(MODEL_ID, revision=REVISION)\n',
      findings: [
        { line: 6, messageIncludes: 'meta-llama/Llama-3.1-8B' },
        { line: 7, text: 'REVISION', messageIncludes: '"main"' },
      ],
    },
    {
      name: 'class aliased by assignment',
      language: 'python',
      code: 'from transformers import AutoModel\nLoader = AutoModel\n\ndef load():\n    return Loader.from_pretrained("gpt2")\n',
      findings: [{ line: 5 }],
    },
    {
      name: 'an unpinned download is info; with trust_remote_code=True it is a warning (the next push runs here)',
      language: 'python',
      code: 'from transformers import AutoModel\na = AutoModel.from_pretrained("org/plain")\nb = AutoModel.from_pretrained("org/custom", trust_remote_code=True)\n',
      findings: [
        { line: 2, severity: 'info' },
        { line: 3, severity: 'warning' },
      ],
    },
  ],
});
it('offers no fix: a placeholder would leave code that fails at run time', () => {
  const code = 'from transformers import AutoModel\nAutoModel.from_pretrained("bert-base-uncased")\nAutoModel.from_pretrained("gpt2", revision="main")\n';
  const findings = run(rule, { language: 'python', code, filePath: APP });
  assert.equal(findings.length, 2);
  assert.deepEqual(findings.flatMap((f) => f.fixes), []);
});
}));

describe('with a local Hugging Face cache', () => withHubCache(CACHE, () => {
  runRuleTests(rule, {
    valid: [],
    invalid: [
      {
        name: 'no revision: pinned to the cached commit of main',
        language: 'python',
        filePath: APP,
        code: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased")\n',
        findings: [{ line: 2 }],
        fixTitleIncludes: 'Pin revision to 86b5e0934494 (main in the local Hugging Face cache)',
        output: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased", revision="86b5e0934494bd15c9632b12f734a8a67f723594")\n',
      },
      {
        name: 'a branch or a tag: replaced by the commit it names in the cache',
        language: 'python',
        filePath: APP,
        code: 'from diffusers import DiffusionPipeline as DP\nDP.from_pretrained("stabilityai/sdxl", revision="main")\nDP.from_pretrained("stabilityai/sdxl", revision="v1.0")\n',
        findings: [{ line: 2, text: '"main"' }, { line: 3, text: '"v1.0"' }],
        output:
          'from diffusers import DiffusionPipeline as DP\nDP.from_pretrained("stabilityai/sdxl", revision="462165984030d82259a11f4367a4eed129e94a7b")\n' +
          'DP.from_pretrained("stabilityai/sdxl", revision="1f3c0f1d2a77d6fd2b4e3d1c6f1a3b9d0c4e5f60")\n',
      },
      {
        name: 'revision=None, vLLM, multi-line call, organisation ids',
        language: 'python',
        filePath: APP,
        code:
          'import transformers as tf\nfrom vllm import LLM\ntf.AutoModel.from_pretrained("gpt2", revision=None)\nllm = LLM(model="org/llm")\n' +
          'm = tf.AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-3.1-8B",\n    torch_dtype="auto",\n)\n',
        findings: [{ line: 3 }, { line: 4 }, { line: 5 }],
        output:
          'import transformers as tf\nfrom vllm import LLM\ntf.AutoModel.from_pretrained("gpt2", revision="607a30d783dfa663caf39e06633721c8d4cfcd7e")\n' +
          'llm = LLM(model="org/llm", revision="a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")\n' +
          'm = tf.AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-3.1-8B",\n    torch_dtype="auto", revision="0e9e39f249a16976918f6564b8830bc894c89659",\n)\n',
      },
      {
        name: 'datasets and hub downloads look in their own kind of folder',
        language: 'python',
        filePath: APP,
        code:
          'from datasets import load_dataset\nfrom huggingface_hub import hf_hub_download\nload_dataset("squad")\n' +
          'hf_hub_download("org/model", "model.safetensors")\nhf_hub_download("org/data", "train.csv", repo_type="dataset")\n',
        findings: [{ line: 3 }, { line: 4 }, { line: 5 }],
        output:
          'from datasets import load_dataset\nfrom huggingface_hub import hf_hub_download\nload_dataset("squad", revision="7b6d24c440a36b6815f21b70d25016731768db1f")\n' +
          'hf_hub_download("org/model", "model.safetensors", revision="3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d")\n' +
          'hf_hub_download("org/data", "train.csv", repo_type="dataset", revision="9f8e7d6c5b4a39281706f5e4d3c2b1a098765432")\n',
      },
    ],
  });

  it('offers no fix for a repository or ref that is not cached, a ref file that is not a commit, or unsaved text', () => {
    const code =
      'from transformers import AutoModel\nAutoModel.from_pretrained("org/never-downloaded")\n' +
      'AutoModel.from_pretrained("stabilityai/sdxl", revision="dev")\nAutoModel.from_pretrained("org/broken")\n';
    const findings = run(rule, { language: 'python', code, filePath: APP });
    assert.equal(findings.length, 3);
    assert.deepEqual(findings.flatMap((f) => f.fixes), []);
    const unsaved = run(rule, { language: 'python', code: 'from transformers import AutoModel\nAutoModel.from_pretrained("gpt2")\n' });
    assert.deepEqual(unsaved.flatMap((f) => f.fixes), [], 'text with no file has no file system');
  });
}));

describe('Hugging Face cache folders', () => {
  it('follows huggingface_hub\'s precedence and never looks for a ref outside refs/', () => {
    assert.deepEqual(hubCacheDirectories({ HF_HUB_CACHE: '/a', HF_HOME: '/h', XDG_CACHE_HOME: '/x' }, '/home/u'), [
      '/a',
      '/h/hub',
      '/x/huggingface/hub',
      '/home/u/.cache/huggingface/hub',
    ]);
    assert.deepEqual(hubCacheDirectories({ HF_HOME: '~/hf' }, '/home/u'), ['/home/u/hf/hub', '/home/u/.cache/huggingface/hub']);
  });
});
