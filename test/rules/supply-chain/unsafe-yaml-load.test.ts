import rule from '../../../rules/supply-chain/unsafe-yaml-load';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'a function-local name that is not yaml', language: 'python', code: 'def f(s):\n    from mylib import load\n    return load(s)\n' },
    { name: 'safe_load', language: 'python', code: 'import yaml\nyaml.safe_load(f)\nyaml.safe_load_all(f)\n' },
    { name: 'safe loaders', language: 'python', code: 'import yaml\nyaml.load(f, Loader=yaml.SafeLoader)\nyaml.load(f, yaml.CSafeLoader)\nyaml.load_all(f, Loader=yaml.BaseLoader)\n' },
    { name: 'custom loader class', language: 'python', code: 'import yaml\nyaml.load(f, Loader=MyLoader)\n' },
    { name: 'other yaml library', language: 'python', code: 'from ruamel.yaml import YAML\nYAML().load(f)\nimport json\njson.load(f)\n' },
    { name: 'shadowed', language: 'python', code: 'import yaml\ndef f(yaml):\n    yaml.load(s)\n' },
    {
      name: 'ruamel.yaml safe and round-trip',
      language: 'python',
      code: 'import ruamel.yaml\nfrom ruamel.yaml import YAML\nYAML().load(f)\nYAML(typ="safe").load(f)\nYAML(typ="rt")\nruamel.yaml.load(f, Loader=ruamel.yaml.RoundTripLoader)\nruamel.yaml.safe_load(f)\n',
    },
  ],
  invalid: [
    {
      name: 'from-import with alias inside a function; the fix imports yaml at module level',
      language: 'python',
      code: 'def read(s):\n    from yaml import load as L\n    return L(s)\n',
      findings: [{ line: 3, text: 'L(s)' }],
      output: 'import yaml\ndef read(s):\n    from yaml import load as L\n    return L(s, Loader=yaml.SafeLoader)\n',
    },
    {
      name: 'import under if TYPE_CHECKING-style block inside a function',
      language: 'python',
      code: 'def read(s, fast):\n    if fast:\n        import yaml\n        return yaml.load(s)\n',
      findings: [{ line: 4 }],
      output: 'def read(s, fast):\n    if fast:\n        import yaml\n        return yaml.safe_load(s)\n',
    },
    {
      name: 'no loader',
      language: 'python',
      code: 'import yaml\nconfig = yaml.load(open("c.yaml"))\n',
      findings: [{ line: 2, column: 10, messageIncludes: 'yaml.safe_load' }],
      output: 'import yaml\nconfig = yaml.safe_load(open("c.yaml"))\n',
    },
    {
      name: 'unsafe loader, aliased module',
      language: 'python',
      code: 'import yaml as y\ndocs = y.load_all(s, Loader=y.FullLoader)\n',
      findings: [{ line: 2, text: 'y.FullLoader', messageIncludes: 'yaml.FullLoader' }],
      output: 'import yaml as y\ndocs = y.load_all(s, Loader=y.SafeLoader)\n',
    },
    {
      name: 'unsafe_load and full_load',
      language: 'python',
      code: 'import yaml\na = yaml.unsafe_load(s)\nb = yaml.full_load_all(s)\n',
      findings: [{ line: 2, messageIncludes: 'yaml.unsafe_load' }, { line: 3 }],
      output: 'import yaml\na = yaml.safe_load(s)\nb = yaml.safe_load_all(s)\n',
    },
    {
      name: 'from yaml import load, Loader',
      language: 'python',
      code: 'from yaml import load, Loader\ndata = load(s, Loader=Loader)\nmore = load(t)\n',
      findings: [{ line: 2, text: 'Loader' }, { line: 3 }],
      output: 'from yaml import load, Loader\nimport yaml\ndata = load(s, Loader=yaml.SafeLoader)\nmore = load(t, Loader=yaml.SafeLoader)\n',
    },
    {
      name: 'ruamel.yaml old API and unsafe type',
      language: 'python',
      code:
        'import ruamel.yaml\nfrom ruamel.yaml import YAML\nTYP = "unsafe"\n' +
        'ruamel.yaml.load(f)\nruamel.yaml.load(f, Loader=ruamel.yaml.UnsafeLoader)\nruamel.yaml.unsafe_load(f)\n' +
        'y = YAML(typ="unsafe")\nz = YAML(typ=TYP, pure=True)\n',
      findings: [
        { line: 4, messageIncludes: 'ruamel.yaml.safe_load' },
        { line: 5, text: 'ruamel.yaml.UnsafeLoader' },
        { line: 6, messageIncludes: 'ruamel.yaml.unsafe_load' },
        { line: 7, text: 'typ="unsafe"' },
        { line: 8, text: 'typ=TYP' },
      ],
      output:
        'import ruamel.yaml\nfrom ruamel.yaml import YAML\nTYP = "unsafe"\n' +
        'ruamel.yaml.safe_load(f)\nruamel.yaml.load(f, Loader=ruamel.yaml.SafeLoader)\nruamel.yaml.safe_load(f)\n' +
        'y = YAML(typ="safe")\nz = YAML(typ=TYP, pure=True)\n',
    },
    {
      name: 'yaml loader through a module constant',
      language: 'python',
      code: 'import yaml\nLOADER = yaml.Loader\nyaml.load(f, Loader=LOADER)\n',
      findings: [{ line: 3, text: 'LOADER', messageIncludes: 'yaml.Loader' }],
    },
  ],
});
