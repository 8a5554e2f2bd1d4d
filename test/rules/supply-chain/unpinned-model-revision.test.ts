import * as path from 'node:path';
import rule from '../../../rules/supply-chain/unpinned-model-revision';
import { runRuleTests } from '../../support/rule-tester';

const SHA = '86b5e0934494bd15c9632b12f734a8a67f723594';
const script = path.resolve(__dirname, '../../fixtures/supply-chain/model-project/src/train.py');

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
      output: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased", revision="<commit sha>")\n',
    },
    {
      name: 'aliased module import, multi-line call with trailing comma',
      language: 'python',
      code: 'import transformers as tf\nm = tf.AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-3.1-8B",\n    torch_dtype="auto",\n)\n',
      findings: [{ line: 2, endLine: 2 }],
      output: 'import transformers as tf\nm = tf.AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-3.1-8B",\n    torch_dtype="auto", revision="<commit sha>",\n)\n',
    },
    {
      name: 'branch name as revision',
      language: 'python',
      code: 'from diffusers import DiffusionPipeline as DP\nDP.from_pretrained("stabilityai/sdxl", revision="main")\n',
      findings: [{ line: 2, text: '"main"', messageIncludes: 'branch or tag' }],
      output: 'from diffusers import DiffusionPipeline as DP\nDP.from_pretrained("stabilityai/sdxl", revision="<commit sha>")\n',
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
      output: 'from transformers import AutoModel\nfrom vllm import LLM\nAutoModel.from_pretrained("gpt2", revision="<commit sha>")\nllm = LLM(model="org/llm", revision="<commit sha>")\n',
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
  ],
});
