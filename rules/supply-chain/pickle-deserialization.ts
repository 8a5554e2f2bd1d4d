import {
  defineRule,
  deserializationFamily,
  deserializersOf,
  keywordArgument,
  pythonConstant,
  pythonSemantics,
  pythonStringValue,
  type Node,
} from '../../server/src/engine/api';
import { argumentAt, callFirstLine } from './_python-calls';

/** The family this rule reports (pickle and every format built on it), kept with the taint sinks in the engine. */
const UNPICKLERS = deserializersOf('pickle-deserialization');
const LEGACY_KERAS_FILE = /\.(?:h5|hdf5|keras\.h5)$/i;
/** msgpack hooks that msgpack-numpy's `decode` turns into unpickling. */
const MSGPACK_HOOKS = ['object_hook', 'ext_hook'];

/**
 * Pickle and the formats built on it (joblib, dill, shelve, torch.package) rebuild objects by calling
 * functions named in the data: deserializing an untrusted model file is running its author's code.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/pickle-deserialization',
    category: 'supply-chain',
    title: 'Deserialization that runs code (pickle and its relatives)',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info' },
    languages: ['python'],
    // A qualified callee name needs its root module imported (or named) somewhere in the text.
    requires: [...new Set([...UNPICKLERS.keys()].map((name) => name.split('.')[0]))],
    docs: {
      summary:
        'Finds calls that unpickle data or run code stored in it: `pickle`/`_pickle`/`cPickle`/`dill`/`cloudpickle` `load`/`loads`/`Unpickler`, ' +
        '`shelve`, `marshal`, `jsonpickle`, `pandas.read_pickle`, `joblib.load`, msgpack-numpy, `torch.package` importers, Keras ' +
        '`model_from_yaml` and legacy `.h5` loading, and `torch.distributed` object collectives (info).',
      why:
        'A pickle is a program for a small stack machine that can import and call any function. Model files shared as ' +
        '`.pkl`, `.joblib` or torch packages are therefore executable: loading one from a hub, a bucket or a user upload ' +
        'gives its author code execution. There is no safe way to unpickle untrusted data.',
      bad: 'import joblib\nmodel = joblib.load("model.joblib")\n',
      good:
        'import skops.io as sio\nmodel = sio.load("model.skops", trusted=["sklearn.linear_model.LogisticRegression"])\n',
      fix: 'No automatic fix: store models as safetensors, ONNX or skops, or verify a signature or hash before loading.',
      family: deserializationFamily('pickle-deserialization'),
      references: { owaspLlm: ['LLM03', 'LLM04'], owaspMl: ['ML06'], cwe: [502] },
    },
  },
  create(context) {
    const semantics = pythonSemantics(context);
    return {
      call(node: Node) {
        const name = semantics.calleeName(node);
        const entry = name ? UNPICKLERS.get(name) : undefined;
        if (name && entry) {
          if (entry.when === 'legacy-keras-file') {
            const path = pythonStringValue(pythonConstant(context, argumentAt(node, 0, 'filepath')));
            if (!path || !LEGACY_KERAS_FILE.test(path)) return;
            context.report({
              range: callFirstLine(node, context.source),
              message: `${name} of a legacy HDF5 file (\`${path}\`): Lambda layers in it hold marshalled bytecode that older Keras versions run when loading.`,
            });
            return;
          }
          context.report({
            range: callFirstLine(node, context.source),
            severity: entry.severity,
            message: messageFor(name, entry.library),
          });
          return;
        }
        // msgpack.unpackb(data, object_hook=msgpack_numpy.decode)
        for (const hook of MSGPACK_HOOKS) {
          const argument = keywordArgument(node, hook);
          const value = argument?.childForFieldName('value');
          if (value && semantics.qualifiedName(value) === 'msgpack_numpy.decode') {
            context.report({ node: argument!, message: `\`${hook}=${value.text}\` makes msgpack unpickle the object arrays it decodes: data from an untrusted source runs code when loaded.` });
          }
        }
      },
    };
  },
});

function messageFor(name: string, library: string): string {
  switch (library) {
    case 'shelve':
      return 'shelve unpickles every value it reads: data from an untrusted source runs code when loaded.';
    case 'torch.distributed':
      return `${name} unpickles the objects other ranks send: any host that can join the process group runs code here.`;
    case 'msgpack_numpy':
      return name.endsWith('.patch')
        ? 'msgpack_numpy.patch() makes every msgpack decode in the process unpickle object arrays: untrusted msgpack data runs code when loaded.'
        : `${name} unpickles object arrays: data from an untrusted source runs code when loaded.`;
    case 'marshal':
      return `${name} rebuilds code objects and is unsafe on crafted data: load only what this program wrote itself.`;
    case 'Keras':
      return `${name} parses the model with an unsafe YAML loader in the TensorFlow versions that still have it: a crafted config runs code.`;
    default:
      return `${name} unpickles its input: data from an untrusted source runs code when loaded.`;
  }
}
