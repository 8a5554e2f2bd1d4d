import { defineRule, taintWords } from '../../server/src/engine/api';
import { OUTPUT_SOURCES, reportOutputFlows, sourcePhrase } from './_flows';

/** Unpickling bytes a model produced is running code the model (or its injector) wrote. */
export default defineRule({
  meta: {
    id: 'model-input/llm-output-to-deserialization',
    category: 'model-input',
    title: 'Model output deserialized unsafely',
    severity: 'error',
    languages: ['python', 'javascript'],
    requiresAll: () => taintWords({ sources: OUTPUT_SOURCES, sinks: ['deserialization'] }),
    wordsFollowTaintSpec: true,
    docs: {
      summary: 'Finds model output reaching `pickle.loads`, `dill`, `marshal`, `jsonpickle.decode`, `yaml.load` with an unsafe loader, `torch.load`, `joblib.load` or `node-serialize`.',
      why: 'These formats rebuild objects by calling functions named in the data; output an injected prompt shaped becomes code execution.',
      bad: 'import base64\nimport pickle\n\nstate = agent.run(task)\nobj = pickle.loads(base64.b64decode(state))\n',
      good: 'import json\n\nstate = agent.run(task)\nobj = json.loads(state)\n',
      fix: 'No automatic fix: exchange data with the model as JSON and validate it with a schema.',
      references: { owaspLlm: ['LLM05'], cwe: [502] },
    },
  },
  create(context) {
    reportOutputFlows(context, {
      sinks: ['deserialization'],
      message: (flow) => `${sourcePhrase(flow)} is deserialized by \`${flow.sinkName}\`, which can run code named in the data.`,
    });
  },
});
