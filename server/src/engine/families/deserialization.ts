import type { FamilyMember } from '../rule';

/**
 * Every Python call that turns bytes into objects by running code the bytes name, kept in one place: the
 * supply-chain rules report the calls, and the taint engine's `deserialization` sinks are derived from the
 * same list, so a new member is known to both.
 */
export interface Deserializer {
  /** Qualified callee names (`dill.loads`), resolved through imports and aliases. */
  names: readonly string[];
  /** The library or format, for messages. */
  library: string;
  /** Which rule reports it (its slug): the pickle family, torch.load's own rule or the YAML rule. */
  rule: 'pickle-deserialization' | 'torch-load-without-weights-only' | 'unsafe-yaml-load';
  /** A lower default severity than the rule's, with the reason (peers of a training job are trusted more than files). */
  severity?: 'info';
  /**
   * Only when the call also passes this condition: `yaml.load` without a safe Loader; a Keras loader given a
   * legacy HDF5 file (`.h5`, `.hdf5`).
   */
  when?: 'unsafe-yaml' | 'legacy-keras-file';
  /** How the documentation names the member, when the names alone would mislead. */
  member?: string;
  /** False when the call's arguments are not the data being loaded (`patch()`, collectives' send lists). */
  taintSink?: false;
  cwe: readonly number[];
  why: string;
}

const PICKLE_MODULES = ['pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle'];
const PICKLE_WHY = 'A pickle names functions to import and call, so loading one runs its author\'s code.';

export const DESERIALIZERS: readonly Deserializer[] = [
  ...PICKLE_MODULES.map((module) => ({
    names: ['load', 'loads', 'Unpickler'].map((fn) => `${module}.${fn}`),
    library: module,
    rule: 'pickle-deserialization' as const,
    cwe: [502],
    why: module === 'dill' || module === 'cloudpickle' ? `Pickle extended to functions and classes. ${PICKLE_WHY}` : PICKLE_WHY,
  })),
  {
    names: ['shelve.open', 'shelve.DbfilenameShelf', 'shelve.Shelf'],
    library: 'shelve',
    rule: 'pickle-deserialization',
    cwe: [502],
    why: 'Every value read from a shelf is unpickled, so a planted database file runs code.',
  },
  {
    names: ['marshal.load', 'marshal.loads'],
    library: 'marshal',
    rule: 'pickle-deserialization',
    cwe: [502],
    why: 'Rebuilds code objects and is documented as unsafe against crafted data; what it loads is usually executed.',
  },
  {
    names: ['jsonpickle.decode', 'jsonpickle.loads', 'jsonpickle.unpickler.decode'],
    library: 'jsonpickle',
    rule: 'pickle-deserialization',
    cwe: [502],
    why: 'Its JSON names classes and `__reduce__` callables to rebuild objects: decoding it calls them.',
  },
  {
    names: ['pandas.read_pickle'],
    library: 'pandas',
    rule: 'pickle-deserialization',
    cwe: [502],
    why: `Runs pickle.load on a file or URL. ${PICKLE_WHY}`,
  },
  {
    names: ['joblib.load', 'sklearn.externals.joblib.load'],
    library: 'joblib',
    rule: 'pickle-deserialization',
    cwe: [502],
    why: `Joblib files (scikit-learn models) are pickles. ${PICKLE_WHY}`,
  },
  {
    names: ['msgpack_numpy.decode', 'msgpack_numpy.unpackb', 'msgpack_numpy.loads', 'msgpack_numpy.unpack', 'msgpack_numpy.load'],
    library: 'msgpack_numpy',
    rule: 'pickle-deserialization',
    cwe: [502],
    why: 'Object arrays are unpickled when decoded (also as `object_hook=msgpack_numpy.decode` of msgpack\'s own loaders).',
  },
  {
    names: ['msgpack_numpy.patch'],
    library: 'msgpack_numpy',
    rule: 'pickle-deserialization',
    taintSink: false,
    cwe: [502],
    why: 'Makes every msgpack decode in the process unpickle object arrays.',
  },
  {
    names: ['torch.package.PackageImporter', 'torch.package.package_importer.PackageImporter'],
    library: 'torch.package',
    rule: 'pickle-deserialization',
    cwe: [502, 94],
    why: 'A torch.package archive holds pickles and Python source that the importer runs.',
  },
  {
    names: ['keras.models.model_from_yaml', 'tensorflow.keras.models.model_from_yaml', 'tf_keras.models.model_from_yaml'],
    library: 'Keras',
    rule: 'pickle-deserialization',
    cwe: [502],
    why: 'Reads the model with an unsafe YAML loader (CVE-2021-37678): a crafted config runs code.',
  },
  {
    names: ['keras', 'tensorflow.keras', 'tf_keras'].flatMap((root) => [`${root}.models.load_model`, `${root}.saving.load_model`]),
    library: 'Keras',
    rule: 'pickle-deserialization',
    when: 'legacy-keras-file',
    member: 'Keras `load_model` (`keras`, `tf.keras`, `tf_keras`) of a `.h5`/`.hdf5` file',
    taintSink: false,
    cwe: [502, 94],
    why: 'Legacy HDF5 model files can hold Lambda layers as marshalled bytecode, which Keras 2 and tf.keras run when loading without a safe_mode check.',
  },
  {
    names: ['recv_object_list', 'broadcast_object_list', 'gather_object', 'scatter_object_list', 'all_gather_object'].map((fn) => `torch.distributed.${fn}`),
    library: 'torch.distributed',
    rule: 'pickle-deserialization',
    // Ranks of one training job trust each other; this matters when the process group reaches other hosts.
    severity: 'info',
    taintSink: false,
    cwe: [502],
    why: 'Object collectives unpickle what the other ranks send: any host that can join the process group runs code in this one. Info, since the ranks of one job normally trust each other.',
  },
  {
    names: ['torch.load', 'torch.serialization.load'],
    library: 'torch',
    rule: 'torch-load-without-weights-only',
    cwe: [502],
    why: 'Checkpoints are pickles; without weights_only=True loading one runs code.',
  },
  {
    names: ['yaml.unsafe_load', 'yaml.unsafe_load_all', 'yaml.full_load', 'yaml.full_load_all', 'ruamel.yaml.unsafe_load', 'ruamel.yaml.unsafe_load_all'],
    library: 'PyYAML',
    rule: 'unsafe-yaml-load',
    cwe: [502],
    why: 'The unsafe and full loaders build arbitrary Python objects from `!!python/...` tags.',
  },
  {
    names: ['yaml.load', 'yaml.load_all', 'ruamel.yaml.load', 'ruamel.yaml.load_all'],
    library: 'PyYAML',
    rule: 'unsafe-yaml-load',
    when: 'unsafe-yaml',
    cwe: [502],
    why: 'Without a safe Loader (PyYAML before 5.1 and ruamel.yaml\'s old API default to an unsafe one), `!!python/...` tags import modules and call functions.',
  },
];

/** The members one rule reports, keyed by qualified name. */
export function deserializersOf(rule: Deserializer['rule']): Map<string, Deserializer> {
  const map = new Map<string, Deserializer>();
  for (const entry of DESERIALIZERS) if (entry.rule === rule) for (const name of entry.names) map.set(name, entry);
  return map;
}

/** A rule's family for its documentation. */
export function deserializationFamily(rule: Deserializer['rule']): FamilyMember[] {
  return DESERIALIZERS.filter((d) => d.rule === rule).map((d) => ({
    member: (d.member ?? d.names.map((n) => `\`${n}\``).join(', ')) + (d.when === 'unsafe-yaml' ? ' without a safe `Loader`' : '') + (d.severity ? ` (${d.severity})` : ''),
    cwe: d.cwe,
    why: d.why,
  }));
}
