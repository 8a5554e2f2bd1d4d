import rule from '../../../rules/supply-chain/safetensors-disabled';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'True', language: 'python', code: 'from diffusers import DiffusionPipeline\nDiffusionPipeline.from_pretrained("a/b", use_safetensors=True)\n' },
    {
      name: 'shadowed by a local variable',
      language: 'python',
      code: 'from diffusers import DiffusionPipeline\ndef load(DiffusionPipeline):\n    DiffusionPipeline.from_pretrained("a/b", use_safetensors=False)\n',
    },
    { name: 'not a Hub loader', language: 'python', code: 'from mylib import Pipe\nPipe.from_pretrained("a/b", use_safetensors=False)\n' },
  ],
  invalid: [
    {
      name: 'diffusers pipeline',
      language: 'python',
      code: 'from diffusers import StableDiffusionPipeline\np = StableDiffusionPipeline.from_pretrained("a/b", use_safetensors=False, variant="fp16")\n',
      findings: [{ line: 2, text: 'use_safetensors=False' }],
      output: 'from diffusers import StableDiffusionPipeline\np = StableDiffusionPipeline.from_pretrained("a/b", variant="fp16")\n',
    },
    {
      name: 'aliased module import',
      language: 'python',
      code: 'import transformers as hf\nhf.AutoModel.from_pretrained("a/b", use_safetensors=False)\n',
      findings: [{ line: 2 }],
      output: 'import transformers as hf\nhf.AutoModel.from_pretrained("a/b")\n',
    },
  ],
});
