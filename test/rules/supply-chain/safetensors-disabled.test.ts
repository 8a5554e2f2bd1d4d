import rule from '../../../rules/supply-chain/safetensors-disabled';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'True', language: 'python', code: 'from diffusers import DiffusionPipeline\nDiffusionPipeline.from_pretrained("a/b", use_safetensors=True)\n' },
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
  ],
});
