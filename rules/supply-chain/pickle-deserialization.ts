import { defineRule, pythonSemantics, type Node } from '../../server/src/engine/api';
import { callFirstLine } from './_python-calls';

/** Calls that unpickle their input, by qualified name, with the library name used in messages. */
const UNPICKLERS = new Map<string, string>([
  ...['pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle'].flatMap((module) =>
    ['load', 'loads', 'Unpickler'].map((fn) => [`${module}.${fn}`, module] as [string, string]),
  ),
  ['joblib.load', 'joblib'],
  ['sklearn.externals.joblib.load', 'joblib'],
  ['shelve.open', 'shelve'],
  ['shelve.DbfilenameShelf', 'shelve'],
  ['jsonpickle.decode', 'jsonpickle'],
  ['jsonpickle.loads', 'jsonpickle'],
  ['pandas.read_pickle', 'pandas'],
  ['torch.package.PackageImporter', 'torch.package'],
  ['torch.package.package_importer.PackageImporter', 'torch.package'],
]);

/**
 * Pickle and the formats built on it (joblib, dill, shelve, torch.package) rebuild objects by calling
 * functions named in the data: deserializing an untrusted model file is running its author's code.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/pickle-deserialization',
    category: 'supply-chain',
    title: 'Pickle-based deserialization',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info' },
    languages: ['python'],
    // A qualified callee name needs its root module imported (or named) somewhere in the text.
    requires: [...new Set([...UNPICKLERS.keys()].map((name) => name.split('.')[0]))],
    docs: {
      summary:
        'Finds calls that unpickle data: `pickle`/`cPickle`/`dill`/`cloudpickle` `load`/`loads`/`Unpickler`, `joblib.load`, ' +
        '`shelve.open`, `jsonpickle.decode`, `pandas.read_pickle` and `torch.package` importers.',
      why:
        'A pickle is a program for a small stack machine that can import and call any function. Model files shared as ' +
        '`.pkl`, `.joblib` or torch packages are therefore executable: loading one from a hub, a bucket or a user upload ' +
        'gives its author code execution. There is no safe way to unpickle untrusted data.',
      bad: 'import joblib\nmodel = joblib.load("model.joblib")\n',
      good:
        'import skops.io as sio\nmodel = sio.load("model.skops", trusted=["sklearn.linear_model.LogisticRegression"])\n',
      fix: 'No automatic fix: store models as safetensors, ONNX or skops, or verify a signature or hash before loading.',
      references: { owaspLlm: ['LLM03', 'LLM04'], owaspMl: ['ML06'], cwe: [502] },
    },
  },
  create(context) {
    const semantics = pythonSemantics(context);
    return {
      call(node: Node) {
        const name = semantics.calleeName(node);
        const library = name ? UNPICKLERS.get(name) : undefined;
        if (!name || !library) return;
        const what = library === 'shelve' ? 'shelve unpickles every value it reads' : `${name} unpickles its input`;
        context.report({
          range: callFirstLine(node, context.source),
          message: `${what}: data from an untrusted source runs code when loaded.`,
        });
      },
    };
  },
});
