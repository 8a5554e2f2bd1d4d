import rule from '../../../rules/supply-chain/unsafe-deserialization-opt-in';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'numpy default', language: 'python', code: 'import numpy as np\nnp.load("a.npy")\nnp.load("a.npy", allow_pickle=False)\n' },
    { name: 'keras safe mode on', language: 'python', code: 'import keras\nkeras.models.load_model("m.keras", safe_mode=True)\n' },
    { name: 'shadowed numpy', language: 'python', code: 'import numpy as np\ndef f(np):\n    np.load("a.npy", allow_pickle=True)\n' },
    { name: 'unrelated object', language: 'python', code: 'store.load_local("index", allow_dangerous_deserialization=True)\nother.load("a", allow_pickle=True)\n' },
  ],
  invalid: [
    {
      name: 'numpy allow_pickle',
      language: 'python',
      code: 'import numpy as np\narr = np.load("a.npz", allow_pickle=True)\n',
      findings: [{ line: 2, text: 'allow_pickle=True', messageIncludes: 'numpy.load' }],
      output: 'import numpy as np\narr = np.load("a.npz")\n',
    },
    {
      name: 'from-import alias of keras load_model',
      language: 'python',
      code: 'from keras.saving import load_model as lm\nlm("m.keras", safe_mode=False)\n',
      findings: [{ line: 2 }],
      output: 'from keras.saving import load_model as lm\nlm("m.keras")\n',
    },
    {
      name: 'tf.keras safe_mode=False',
      language: 'python',
      code: 'import tensorflow as tf\nm = tf.keras.models.load_model("m.keras", safe_mode=False, compile=False)\n',
      findings: [{ line: 2, text: 'safe_mode=False' }],
      output: 'import tensorflow as tf\nm = tf.keras.models.load_model("m.keras", compile=False)\n',
    },
    {
      name: 'LangChain FAISS',
      language: 'python',
      code: 'from langchain_community.vectorstores import FAISS\ndb = FAISS.load_local(\n    "index",\n    embeddings,\n    allow_dangerous_deserialization=True,\n)\n',
      findings: [{ line: 5 }],
      output: 'from langchain_community.vectorstores import FAISS\ndb = FAISS.load_local(\n    "index",\n    embeddings,\n)\n',
    },
  ],
});
