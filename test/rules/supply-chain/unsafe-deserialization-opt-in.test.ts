import rule from '../../../rules/supply-chain/unsafe-deserialization-opt-in';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'keras config calls that keep safe mode', language: 'python', code: 'import keras\nkeras.config.enable_traceback_filtering()\nkeras.config.set_floatx("float32")\n' },
    { name: 'numpy default', language: 'python', code: 'import numpy as np\nnp.load("a.npy")\nnp.load("a.npy", allow_pickle=False)\n' },
    { name: 'keras safe mode on', language: 'python', code: 'import keras\nkeras.models.load_model("m.keras", safe_mode=True)\n' },
    { name: 'shadowed numpy', language: 'python', code: 'import numpy as np\ndef f(np):\n    np.load("a.npy", allow_pickle=True)\n' },
    {
      name: 'falsy allow_pickle literals and constants',
      language: 'python',
      code: 'import numpy as np\nNO = 0\nnp.load("a.npy", allow_pickle=0)\nnp.load("a.npy", allow_pickle="")\nnp.load("a.npy", allow_pickle=None)\nnp.load("a.npy", allow_pickle=NO)\n',
    },
    { name: 'allow_pickle from a call is not guessed', language: 'python', code: 'import numpy as np\nnp.load("a.npy", allow_pickle=bool(flag))\n' },
    { name: 'keras safe_mode truthy constant', language: 'python', code: 'import keras\nSAFE = True\nkeras.saving.load_model("m.keras", safe_mode=SAFE)\n' },
    { name: 'langchain flag False', language: 'python', code: 'from langchain_community.vectorstores import FAISS\nFAISS.load_local("i", e, allow_dangerous_deserialization=False)\n' },
    { name: 'unrelated object', language: 'python', code: 'store.load_local("index", allow_dangerous_deserialization=True)\nother.load("a", allow_pickle=True)\n' },
  ],
  invalid: [
    {
      name: 'keras.config.enable_unsafe_deserialization()',
      language: 'python',
      code: 'import keras\nfrom tensorflow import keras as tfk\nkeras.config.enable_unsafe_deserialization()\ntfk.config.enable_unsafe_deserialization()\nm = keras.models.load_model("m.keras")\n',
      findings: [{ line: 3, messageIncludes: 'safe mode off' }, { line: 4 }],
      output: 'import keras\nfrom tensorflow import keras as tfk\nm = keras.models.load_model("m.keras")\n',
    },
    {
      name: 'numpy allow_pickle: truthy literals other than True',
      language: 'python',
      code: 'import numpy\nnumpy.load("a.npy", allow_pickle=1)\nnumpy.load("b.npy", allow_pickle="True")\nnumpy.load("c.npy", allow_pickle="False")\n',
      findings: [
        { line: 2, text: 'allow_pickle=1', severity: 'error' },
        { line: 3, text: 'allow_pickle="True"' },
        { line: 4, text: 'allow_pickle="False"' },
      ],
      output: 'import numpy\nnumpy.load("a.npy")\nnumpy.load("b.npy")\nnumpy.load("c.npy")\n',
    },
    {
      name: 'numpy allow_pickle through a module constant',
      language: 'python',
      code: 'import numpy as np\nALLOW = True\ndef read(p):\n    return np.load(p, allow_pickle=ALLOW)\n',
      findings: [{ line: 4, severity: 'error', messageIncludes: '`ALLOW` is `True`' }],
      output: 'import numpy as np\nALLOW = True\ndef read(p):\n    return np.load(p)\n',
    },
    {
      name: 'numpy allow_pickle from a parameter or attribute: lower severity, no fix',
      language: 'python',
      code: 'import numpy as np\ndef read(p, allow):\n    a = np.load(p, allow_pickle=allow)\n    b = np.load(p, allow_pickle=args.allow_pickle)\n',
      findings: [
        { line: 3, severity: 'warning', messageIncludes: 'whenever `allow` is truthy' },
        { line: 4, severity: 'warning' },
      ],
    },
    {
      name: 'keras safe_mode=0 and langchain flag through a constant',
      language: 'python',
      code: 'import keras\nfrom langchain_community.vectorstores import FAISS\nDANGER = 1\nkeras.models.load_model("m.keras", safe_mode=0)\nFAISS.load_local("i", e, allow_dangerous_deserialization=DANGER)\n',
      findings: [{ line: 4, text: 'safe_mode=0' }, { line: 5, messageIncludes: '`DANGER` is `1`' }],
    },
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
