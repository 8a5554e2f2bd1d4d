import rule from '../../../rules/supply-chain/trust-remote-code';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'explicit False', language: 'python', code: 'from transformers import AutoModel\nAutoModel.from_pretrained("x/y", trust_remote_code=False)\n' },
    { name: 'unrelated library', language: 'python', code: 'import mylib\nmylib.Loader.from_pretrained("x/y", trust_remote_code=True)\n' },
    { name: 'method on an unresolved object', language: 'python', code: 'loader.from_pretrained("x/y", trust_remote_code=True)\n' },
    {
      name: 'shadowed by a parameter',
      language: 'python',
      code: 'from transformers import AutoModel\ndef f(AutoModel):\n    AutoModel.from_pretrained("x", trust_remote_code=True)\n',
    },
  ],
  invalid: [
    {
      name: 'transformers imported inside the loading function',
      language: 'python',
      code: 'def load_model(name):\n    from transformers import AutoModelForCausalLM as M\n    return M.from_pretrained(name, trust_remote_code=True)\n',
      findings: [{ line: 3, text: 'trust_remote_code=True', messageIncludes: 'AutoModelForCausalLM.from_pretrained' }],
      output: 'def load_model(name):\n    from transformers import AutoModelForCausalLM as M\n    return M.from_pretrained(name)\n',
    },
    {
      name: 'only argument after the model id',
      language: 'python',
      code: 'from transformers import AutoModel\nm = AutoModel.from_pretrained("x/y", trust_remote_code=True)\n',
      findings: [{ line: 2, text: 'trust_remote_code=True', severity: 'warning', messageIncludes: 'AutoModel.from_pretrained' }],
      output: 'from transformers import AutoModel\nm = AutoModel.from_pretrained("x/y")\n',
    },
    {
      name: 'middle argument',
      language: 'python',
      code: 'import transformers as t\nt.pipeline("text-generation", model="x/y", trust_remote_code=True, device=0)\n',
      findings: [{ line: 2 }],
      output: 'import transformers as t\nt.pipeline("text-generation", model="x/y", device=0)\n',
    },
    {
      name: 'multi-line with trailing comma',
      language: 'python',
      code: 'from datasets import load_dataset\nds = load_dataset(\n    "org/data",\n    trust_remote_code=True,\n)\n',
      findings: [{ line: 4 }],
      output: 'from datasets import load_dataset\nds = load_dataset(\n    "org/data",\n)\n',
    },
    {
      name: 'comments between arguments stay',
      language: 'python',
      code: 'from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "x/y",  # model\n    trust_remote_code=True,  # needed?\n    device_map="auto"\n)\nAutoModel.from_pretrained("x/y", trust_remote_code=True  # why\n)\n',
      findings: [{ line: 4 }, { line: 7 }],
      output: 'from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "x/y",  # model\n    device_map="auto"\n)\nAutoModel.from_pretrained("x/y"  # why\n)\n',
    },
    {
      name: 'vLLM, sole keyword in its own call',
      language: 'python',
      code: 'from vllm import LLM\nllm = LLM(model="x/y", trust_remote_code=True)\nfrom sentence_transformers import SentenceTransformer as ST\nST(trust_remote_code=True)\n',
      findings: [{ line: 2 }, { line: 4 }],
      output: 'from vllm import LLM\nllm = LLM(model="x/y")\nfrom sentence_transformers import SentenceTransformer as ST\nST()\n',
    },
  ],
});
