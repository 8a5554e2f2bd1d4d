import { defineRule, keywordArgument, pythonConstant, pythonSemantics, pythonTruthiness, type FamilyMember, type Node } from '../../server/src/engine/api';
import { removeArgument } from './_python-calls';
import { removeStatement } from '../endpoint/_edits';

interface OptIn {
  argument: string;
  /** The truth value that turns the safeguard off (`allow_pickle=1` and `allow_pickle="False"` are truthy too). */
  dangerous: 'True' | 'False';
  matches(qualifiedName: string): boolean;
  explanation: string;
  family: FamilyMember;
}

const KERAS_LOADERS = /^(tensorflow\.keras|tf_keras|keras)(\.models|\.saving)?\.load_model$/;

const OPT_INS: OptIn[] = [
  {
    argument: 'allow_pickle',
    dangerous: 'True',
    matches: (name) => name === 'numpy.load',
    explanation: 'numpy.load with allow_pickle=True unpickles object arrays: a crafted .npy/.npz file runs code',
    family: {
      member: '`numpy.load(..., allow_pickle=<truthy>)`',
      cwe: [502],
      why: 'Object arrays in .npy/.npz files are pickles; any truthy value (`1`, `"yes"`, even `"False"`) turns unpickling on.',
    },
  },
  {
    argument: 'safe_mode',
    dangerous: 'False',
    matches: (name) => KERAS_LOADERS.test(name),
    explanation: 'load_model with safe_mode=False deserializes Lambda layers: a crafted .keras file runs code',
    family: {
      member: 'Keras `load_model(..., safe_mode=<falsy>)` (`keras`, `tf.keras`, `tf_keras`)',
      cwe: [502, 94],
      why: 'Safe mode refuses Lambda layers and arbitrary callables in .keras files; off, loading a crafted model runs its code.',
    },
  },
  {
    argument: 'allow_dangerous_deserialization',
    dangerous: 'True',
    matches: (name) => /^langchain(_\w+)?\./.test(name),
    explanation: 'allow_dangerous_deserialization=True lets LangChain unpickle the stored index: a crafted file runs code',
    family: {
      member: 'LangChain loaders with `allow_dangerous_deserialization=<truthy>` (FAISS, Annoy, ScaNN `load_local`, …)',
      cwe: [502],
      why: 'The stored index and docstore are pickles; the flag lets a replaced index file run code.',
    },
  },
];

/** Calls that turn a library's safeguard off for the whole process. */
const GLOBAL_SWITCHES = new Map<string, string>([
  ...['keras', 'tensorflow.keras', 'tf_keras'].map((root) => [`${root}.config.enable_unsafe_deserialization`, 'Keras'] as const),
]);

/**
 * Libraries that refuse pickle by default (NumPy, Keras, LangChain) offer a flag to turn the protection off;
 * this rule reports the flag, where the decision is written down.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/unsafe-deserialization-opt-in',
    category: 'supply-chain',
    title: 'Deserialization safeguard turned off',
    severity: 'error',
    languages: ['python'],
    // Every finding is one of these keyword arguments, spelt out in the call.
    requires: [...OPT_INS.map((optIn) => optIn.argument), 'enable_unsafe_deserialization'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds `numpy.load(..., allow_pickle=True)`, Keras `load_model(..., safe_mode=False)` and ' +
        '`keras.config.enable_unsafe_deserialization()`, and LangChain loaders called with `allow_dangerous_deserialization=True`; ' +
        'any truthy (or falsy) value counts, also through a constant.',
      why:
        'These libraries block pickle and arbitrary Python in saved files by default because loading such a file runs ' +
        'code chosen by its author. The flag turns the safeguard off for every file the call ever loads, including ' +
        'ones an attacker can replace (a shared bucket, an uploaded index, a downloaded model).',
      bad: 'from langchain_community.vectorstores import FAISS\ndb = FAISS.load_local("index", emb, allow_dangerous_deserialization=True)\n',
      good: 'from langchain_community.vectorstores import FAISS\n# Rebuild the index from trusted documents instead of loading a pickled one.\ndb = FAISS.from_documents(docs, emb)\n',
      fix:
        'Removes the flag, restoring the library\'s safe default; loading files that really hold pickles then fails. A flag given ' +
        'through a variable whose value is not known here is reported as a warning, without a fix.',
      family: [
        ...OPT_INS.map((optIn) => optIn.family),
        { member: '`keras.config.enable_unsafe_deserialization()`', cwe: [502, 94], why: 'Turns safe mode off for every later load in the process, so any .keras file can run code.' },
      ],
      references: { owaspLlm: ['LLM03', 'LLM04'], owaspMl: ['ML06'], cwe: [502] },
    },
  },
  create(context) {
    const semantics = pythonSemantics(context);
    return {
      call(node: Node) {
        const global = GLOBAL_SWITCHES.get(semantics.calleeName(node) ?? '');
        if (global) {
          const statement = node.parent?.type === 'expression_statement' && node.parent.namedChildren.length === 1 ? node.parent : undefined;
          context.report({
            range: context.rangeOf(node),
            message: `${node.childForFieldName('function')?.text}() turns ${global} safe mode off for every model loaded afterwards: a crafted .keras file runs code.`,
            fixes: statement ? [{ title: 'Remove the call', safety: 'unsafe', edits: [removeStatement(context.source, statement, 'python')] }] : [],
          });
          return;
        }
        for (const optIn of OPT_INS) {
          const argument = keywordArgument(node, optIn.argument);
          if (!argument) continue;
          const value = argument.childForFieldName('value');
          const constant = pythonConstant(context, value);
          const truth = pythonTruthiness(constant);
          const dangerous = optIn.dangerous === 'True';
          // A literal that keeps the safeguard, or an expression that is not a plain name (a call, a comparison): not reported.
          if (truth === !dangerous || (truth === undefined && value?.type !== 'identifier' && value?.type !== 'attribute')) continue;
          const name = semantics.calleeName(node);
          if (!name || !optIn.matches(name)) continue;
          if (truth === undefined) {
            context.report({
              node: argument,
              severity: 'warning',
              message: `${optIn.explanation} whenever \`${value!.text}\` is ${dangerous ? 'truthy' : 'falsy'}; keep the flag fixed in code.`,
            });
            continue;
          }
          const edit = removeArgument(argument);
          const through = constant !== value ? ` (\`${value!.text}\` is \`${constant!.text}\`)` : '';
          context.report({
            node: argument,
            message: `${optIn.explanation}${through}.`,
            fixes: edit ? [{ title: `Remove ${argument.text}`, safety: 'unsafe', edits: [edit] }] : [],
          });
        }
      },
    };
  },
});
