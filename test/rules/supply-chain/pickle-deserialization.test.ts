import * as path from 'node:path';
import rule from '../../../rules/supply-chain/pickle-deserialization';
import { runRuleTests } from '../../support/rule-tester';

const contextFixtures = path.resolve(__dirname, '../../fixtures/context');
const inContext = (file: string) => ({ filePath: path.join(contextFixtures, file), config: { projectRoot: contextFixtures } });

runRuleTests(rule, {
  valid: [
    { name: 'dumping is fine', language: 'python', code: 'import pickle\npickle.dump(obj, f)\npickle.dumps(obj)\n' },
    { name: 'json', language: 'python', code: 'import json\njson.load(f)\n' },
    { name: 'method named load on another object', language: 'python', code: 'import pickle\nstore.load(f)\ncache.loads(b)\n' },
    { name: 'shadowed import', language: 'python', code: 'import pickle\ndef f(pickle):\n    return pickle.loads(b)\n' },
    { name: 'local function named load', language: 'python', code: 'def load(p):\n    return p\nload("x.pkl")\n' },
  ],
  invalid: [
    {
      name: 'aliased import inside a method and importlib.import_module',
      language: 'python',
      code:
        'import importlib\nclass Cache:\n    def get(self, blob):\n        import pickle as pk\n        return pk.loads(blob)\n' +
        'def thaw(b):\n    dill = importlib.import_module("dill")\n    return dill.loads(b)\n',
      findings: [{ line: 5, messageIncludes: 'pickle.loads' }, { line: 8, messageIncludes: 'dill.loads' }],
    },
    {
      name: 'pickle family, aliases and from-imports',
      language: 'python',
      code:
        'import pickle as pk\nimport cloudpickle, dill\nfrom joblib import load\nimport pandas as pd\nimport shelve, jsonpickle\n' +
        'pk.loads(blob)\ncloudpickle.load(f)\ndill.loads(b)\nload("model.joblib")\npd.read_pickle("df.pkl")\n' +
        'shelve.open("db")\njsonpickle.decode(s)\npk.Unpickler(f).load()\n',
      findings: [
        { line: 6, messageIncludes: 'pickle.loads' },
        { line: 7 },
        { line: 8 },
        { line: 9, messageIncludes: 'joblib.load' },
        { line: 10 },
        { line: 11, messageIncludes: 'shelve' },
        { line: 12 },
        { line: 13 },
      ],
    },
    {
      name: 'torch.package importer',
      language: 'python',
      code: 'from torch.package import PackageImporter\nimp = PackageImporter("model.pt")\n',
      findings: [{ line: 2, text: 'PackageImporter("model.pt")' }],
    },
    {
      name: 'library source stays a warning (a published library unpickling payloads is the classic hole)',
      language: 'python',
      ...inContext('library/pkg/runner.py'),
      code: 'import pickle\nparams = pickle.loads(body)\n',
      findings: [{ line: 2, severity: 'warning' }],
    },
    {
      name: 'a round trip in a test is info',
      language: 'python',
      ...inContext('library/tests/test_config.py'),
      code: 'import pickle\ncopied = pickle.loads(pickle.dumps(config))\n',
      findings: [{ line: 2, severity: 'info' }],
    },
  ],
});
