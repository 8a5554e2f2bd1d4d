import * as path from 'node:path';
import rule from '../../../rules/supply-chain/torch-load-without-weights-only';
import { runRuleTests } from '../../support/rule-tester';

const contextFixtures = path.resolve(__dirname, '../../fixtures/context');
const inContext = (file: string) => ({ filePath: path.join(contextFixtures, file), config: { projectRoot: contextFixtures } });

runRuleTests(rule, {
  valid: [
    { name: 'import inside another function does not reach this one', language: 'python', code: 'def a():\n    import torch\n\ndef b(p):\n    return torch.load(p)\n' },
    { name: 'weights_only=True', language: 'python', code: 'import torch\ntorch.load("m.pt", weights_only=True)\n' },
    { name: 'weights_only from a variable', language: 'python', code: 'import torch\ntorch.load("m.pt", weights_only=SAFE)\n' },
    { name: 'kwargs', language: 'python', code: 'import torch\ntorch.load("m.pt", **kw)\n' },
    { name: 'unrelated load', language: 'python', code: 'import json\njson.load(f)\nfrom mylib import load\nload("m.pt")\n' },
    { name: 'local variable shadows torch', language: 'python', code: 'import torch\ndef f(torch):\n    torch.load("m.pt")\n' },
    { name: 'module rebound later', language: 'python', code: 'import torch\ntorch = Fake()\ntorch.load("m.pt")\n' },
    { name: 'weights_only truthy constant', language: 'python', code: 'import torch\nSAFE = True\ntorch.load(p, weights_only=SAFE)\ntorch.serialization.load(p, weights_only=1)\n' },
  ],
  invalid: [
    {
      name: 'lazy import inside a function, the way ML libraries import',
      language: 'python',
      code: 'def restore(path):\n    import torch\n    return torch.load(path, map_location="cpu")\n',
      findings: [{ line: 3, text: 'torch.load(path, map_location="cpu")' }],
      output: 'def restore(path):\n    import torch\n    return torch.load(path, map_location="cpu", weights_only=True)\n',
    },
    {
      name: 'import in a method, guarded by try/except ImportError',
      language: 'python',
      code: 'class Checkpoint:\n    def read(self, p):\n        try:\n            from torch import load as tl\n        except ImportError:\n            tl = None\n        return tl(p)\n',
      findings: [{ line: 7, text: 'tl(p)' }],
    },
    {
      name: 'plain call',
      language: 'python',
      code: 'import torch\nstate = torch.load("model.pt")\n',
      findings: [{ line: 2, column: 9, text: 'torch.load("model.pt")' }],
      output: 'import torch\nstate = torch.load("model.pt", weights_only=True)\n',
      fixTitleIncludes: 'weights_only=True',
    },
    {
      name: 'from import with alias, multi-line',
      language: 'python',
      code: 'from torch import load as tload\nstate = tload(\n    path,\n    map_location="cpu"\n)\n',
      findings: [{ line: 2, endLine: 2 }],
      output: 'from torch import load as tload\nstate = tload(\n    path,\n    map_location="cpu", weights_only=True\n)\n',
    },
    {
      name: 'explicit False is an error',
      language: 'python',
      code: 'import torch as t\nt.load(p, weights_only=False)\n',
      findings: [{ line: 2, text: 'weights_only=False', severity: 'error' }],
      output: 'import torch as t\nt.load(p, weights_only=True)\n',
    },
    {
      name: 'alias by assignment used in a function',
      language: 'python',
      code: 'import torch\nloader = torch.load\n\ndef restore(p):\n    return loader(p)\n',
      findings: [{ line: 5 }],
      output: 'import torch\nloader = torch.load\n\ndef restore(p):\n    return loader(p, weights_only=True)\n',
    },
    {
      name: "application source: a warning",
      language: 'python',
      ...inContext('app/serve.py'),
      code: 'import torch\nstate = torch.load(path)\n',
      findings: [{ line: 2, severity: 'warning' }],
      output: 'import torch\nstate = torch.load(path, weights_only=True)\n',
    },
    {
      name: "a library's own load is info (torch 2.6+ defaults to weights_only=True; the library cannot know its users' torch)",
      language: 'python',
      ...inContext('library/pkg/cache.py'),
      code: 'import torch\nstate = torch.load(path)\n',
      findings: [{ line: 2, severity: 'info' }],
      output: 'import torch\nstate = torch.load(path, weights_only=True)\n',
    },
    {
      name: 'an explicit weights_only=False stays an error in a library',
      language: 'python',
      ...inContext('library/pkg/cache.py'),
      code: 'import torch\nstate = torch.load(path, weights_only=False)\n',
      findings: [{ line: 2, severity: 'error' }],
      output: 'import torch\nstate = torch.load(path, weights_only=True)\n',
    },
    {
      name: 'tests and examples: info',
      language: 'python',
      ...inContext('app/examples/restore.py'),
      code: 'import torch\nstate = torch.load(path)\n',
      findings: [{ line: 2, severity: 'info' }],
      output: 'import torch\nstate = torch.load(path, weights_only=True)\n',
    },
    {
      name: 'weights_only falsy through a constant, and torch.serialization.load',
      language: 'python',
      code: 'import torch\nfrom torch.serialization import load as sload\nTRUSTED = 0\ntorch.load(p, weights_only=TRUSTED)\nsload(p)\n',
      findings: [
        { line: 4, severity: 'error', text: 'weights_only=TRUSTED' },
        { line: 5, messageIncludes: 'weights_only=True' },
      ],
      output: 'import torch\nfrom torch.serialization import load as sload\nTRUSTED = 0\ntorch.load(p, weights_only=True)\nsload(p, weights_only=True)\n',
    },
  ],
});
