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
    { name: '_pickle and cPickle dumps', language: 'python', code: 'import _pickle\nimport cPickle\n_pickle.dumps(x)\ncPickle.dump(x, f)\n' },
    { name: 'shelve and marshal writers', language: 'python', code: 'import marshal\nimport shelve\nmarshal.dumps(code)\nshelve.whichdb("x")\n' },
    { name: 'jsonpickle encode', language: 'python', code: 'import jsonpickle\ns = jsonpickle.encode(obj)\n' },
    { name: 'pandas other readers', language: 'python', code: 'import pandas as pd\npd.read_csv("a.csv")\npd.read_parquet("a.parquet")\n' },
    { name: 'joblib dump', language: 'python', code: 'import joblib\njoblib.dump(model, "m.joblib")\n' },
    {
      name: 'msgpack without msgpack-numpy hooks; msgpack_numpy encode',
      language: 'python',
      code: 'import msgpack\nimport msgpack_numpy as m\nmsgpack.unpackb(data, object_hook=my_hook)\nmsgpack.packb(x, default=m.encode)\n',
    },
    { name: 'torch.distributed tensor collectives', language: 'python', code: 'import torch.distributed as dist\ndist.broadcast(t, src=0)\ndist.all_gather(out, t)\n' },
    { name: 'torch.package exporter', language: 'python', code: 'from torch.package import PackageExporter\nPackageExporter("out.pt")\n' },
    {
      name: 'keras native format and model_from_json',
      language: 'python',
      code: 'import keras\nfrom tensorflow import keras as tfk\nkeras.models.load_model("model.keras")\ntfk.models.model_from_json(text)\nkeras.models.load_model(path)\n',
    },
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
      name: '_pickle and cPickle',
      language: 'python',
      code: 'import _pickle\nimport cPickle as cp\n_pickle.loads(b)\ncp.load(f)\n',
      findings: [{ line: 3, messageIncludes: '_pickle.loads' }, { line: 4, messageIncludes: 'cPickle.load' }],
    },
    {
      name: 'dill and cloudpickle Unpickler and from-import alias',
      language: 'python',
      code: 'from dill import Unpickler as U\nfrom cloudpickle import loads as cl\nU(f).load()\ncl(b)\n',
      findings: [{ line: 3, messageIncludes: 'dill.Unpickler' }, { line: 4, messageIncludes: 'cloudpickle.loads' }],
    },
    {
      name: 'shelve.DbfilenameShelf',
      language: 'python',
      code: 'import shelve\ndb = shelve.DbfilenameShelf("cache.db")\n',
      findings: [{ line: 2, messageIncludes: 'shelve unpickles' }],
    },
    {
      name: 'marshal',
      language: 'python',
      code: 'import marshal as ms\ncode = ms.loads(blob)\nfrom marshal import load\nload(f)\n',
      findings: [{ line: 2, messageIncludes: 'marshal.loads' }, { line: 4, messageIncludes: 'marshal.load' }],
    },
    {
      name: 'jsonpickle loads',
      language: 'python',
      code: 'import jsonpickle as jp\nobj = jp.loads(text)\n',
      findings: [{ line: 2, messageIncludes: 'jsonpickle.loads' }],
    },
    {
      name: 'pandas read_pickle through a from-import',
      language: 'python',
      code: 'from pandas import read_pickle\ndf = read_pickle("https://example.com/df.pkl")\n',
      findings: [{ line: 2, messageIncludes: 'pandas.read_pickle' }],
    },
    {
      name: 'sklearn.externals.joblib',
      language: 'python',
      code: 'from sklearn.externals import joblib\nclf = joblib.load("clf.pkl")\n',
      findings: [{ line: 2, messageIncludes: 'joblib.load' }],
    },
    {
      name: 'msgpack_numpy patch, hooks and its own loaders',
      language: 'python',
      code:
        'import msgpack\nimport msgpack_numpy as m\nfrom msgpack_numpy import decode\nm.patch()\n' +
        'msgpack.unpackb(data, object_hook=m.decode)\nmsgpack.unpackb(data, object_hook=decode, raw=False)\nm.unpackb(data)\n',
      findings: [
        { line: 4, messageIncludes: 'patch()' },
        { line: 5, text: 'object_hook=m.decode' },
        { line: 6, text: 'object_hook=decode' },
        { line: 7, messageIncludes: 'msgpack_numpy.unpackb' },
      ],
    },
    {
      name: 'torch.distributed object collectives (info)',
      language: 'python',
      code:
        'import torch.distributed as dist\nfrom torch.distributed import all_gather_object\n' +
        'dist.broadcast_object_list(objs, src=0)\ndist.recv_object_list(objs, src=1)\ndist.gather_object(o, out)\n' +
        'dist.scatter_object_list(out, inp)\nall_gather_object(out, obj)\n',
      findings: [
        { line: 3, severity: 'info', messageIncludes: 'torch.distributed.broadcast_object_list' },
        { line: 4, severity: 'info' },
        { line: 5, severity: 'info' },
        { line: 6, severity: 'info' },
        { line: 7, severity: 'info', messageIncludes: 'all_gather_object' },
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
    {
      name: 'Keras model_from_yaml and legacy HDF5 files, also through a constant',
      language: 'python',
      code:
        'import tensorflow as tf\nimport keras\nMODEL = "weights/model.h5"\n' +
        'tf.keras.models.model_from_yaml(text)\nkeras.models.load_model("model.hdf5")\ntf.keras.models.load_model(MODEL, compile=False)\n',
      findings: [
        { line: 4, messageIncludes: 'model_from_yaml' },
        { line: 5, messageIncludes: 'legacy HDF5' },
        { line: 6, messageIncludes: 'weights/model.h5' },
      ],
    },
  ],
});
