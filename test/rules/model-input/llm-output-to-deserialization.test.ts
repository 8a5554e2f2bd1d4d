import rule from '../../../rules/model-input/llm-output-to-deserialization';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'json', language: 'python', code: 'import json\nstate = agent.run(q)\njson.loads(state)\n' },
    { name: 'safe yaml loader', language: 'python', code: 'import yaml\nr = llm.invoke(q)\nyaml.load(r.content, Loader=yaml.SafeLoader)\n' },
    { name: 'collectives and patch() are not sinks', language: 'python', code: 'import torch.distributed as dist\nimport msgpack_numpy\nr = agent.run(q)\ndist.broadcast_object_list([r])\nmsgpack_numpy.patch(r)\n' },
    { name: 'near miss: pickle of a file', language: 'python', code: 'import pickle\nstate = agent.run(q)\npickle.loads(blob)\n' },
  ],
  invalid: [
    { name: 'pickle.loads', language: 'python', code: 'import pickle, base64\nstate = agent.run(q)\npickle.loads(base64.b64decode(state))\n', findings: [{ line: 3 }] },
    { name: 'yaml.load with the full loader', language: 'python', code: 'import yaml\nr = llm.invoke(q)\nyaml.load(r.content, Loader=yaml.Loader)\n', findings: [{ line: 3 }] },
    {
      name: 'members of the shared deserialization family (jsonpickle.loads, shelve, marshal, ruamel)',
      language: 'python',
      code: 'import jsonpickle, marshal, ruamel.yaml\nimport msgpack_numpy as m\nr = agent.run(q)\njsonpickle.loads(r)\nmarshal.loads(r)\nruamel.yaml.load(r)\nm.unpackb(r)\n',
      findings: [{ line: 4 }, { line: 5 }, { line: 6 }, { line: 7 }],
    },
    { name: 'node-serialize', language: 'javascript', code: "const serialize = require('node-serialize');\nconst r = await chain.invoke(q);\nserialize.unserialize(r);\n", findings: [{ line: 3 }] },
  ],
});
