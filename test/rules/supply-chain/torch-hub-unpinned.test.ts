import rule from '../../../rules/supply-chain/torch-hub-unpinned';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'pinned to a commit', language: 'python', code: 'import torch\ntorch.hub.load("pytorch/vision:3c9ae0ac5dda3d881a6ce5004ce5756ae7de7bc4", "resnet50")\n' },
    { name: 'local source', language: 'python', code: 'import torch\ntorch.hub.load("./hub", "model", source="local")\n' },
    { name: 'repo from a variable', language: 'python', code: 'import torch\ntorch.hub.load(REPO, "model")\n' },
    { name: 'shadowed torch', language: 'python', code: 'import torch\ndef f(torch):\n    torch.hub.load("pytorch/vision", "resnet50")\n' },
    { name: 'not torch', language: 'python', code: 'import hub\nhub.load("pytorch/vision", "resnet50", trust_repo=True)\n' },
  ],
  invalid: [
    {
      name: 'no ref and trust_repo=True',
      language: 'python',
      code: 'import torch\nm = torch.hub.load("pytorch/vision", "resnet50", trust_repo=True)\n',
      findings: [
        { line: 2, text: '"pytorch/vision"', messageIncludes: 'default branch' },
        { line: 2, text: 'trust_repo=True' },
      ],
      output: 'import torch\nm = torch.hub.load("pytorch/vision", "resnet50")\n',
    },
    {
      name: 'tag ref via from-import alias',
      language: 'python',
      code: 'from torch import hub as h\nh.load(repo_or_dir="ultralytics/yolov5:v7.0", model="yolov5s")\n',
      findings: [{ line: 2, messageIncludes: '"v7.0"' }],
    },
  ],
});
