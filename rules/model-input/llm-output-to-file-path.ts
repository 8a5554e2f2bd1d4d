import { defineRule, taintWords } from '../../server/src/engine/api';
import { OUTPUT_SOURCES, reportOutputFlows, sourcePhrase } from './_flows';

/** A path the model wrote can be `../../.ssh/authorized_keys`. */
export default defineRule({
  meta: {
    id: 'model-input/llm-output-to-file-path',
    category: 'model-input',
    title: 'Model output used as a file path for writing or deleting',
    severity: 'warning',
    languages: ['python', 'javascript'],
    requiresAll: () => taintWords({ sources: OUTPUT_SOURCES, sinks: ['file-path'] }),
    wordsFollowTaintSpec: true,
    docs: {
      summary: 'Finds model output used as the path of `open(..., "w")`, `os.remove`, `shutil.rmtree`, `fs.writeFile`, `fs.rm` and similar.',
      why:
        'An agent that saves or deletes files where the model says can be steered by an injected prompt to overwrite code, ' +
        'configuration or keys outside its working folder (path traversal).',
      bad: 'name = llm.invoke("Pick a file name").content\nwith open(name, "w") as f:\n    f.write(report)\n',
      good: 'import os\nname = os.path.basename(llm.invoke("Pick a file name").content)\nwith open(os.path.join(OUTPUT_DIR, name), "w") as f:\n    f.write(report)\n',
      fix: 'No automatic fix: keep only the base name (`os.path.basename`, `secure_filename`, `path.basename`) inside a fixed folder.',
      references: { owaspLlm: ['LLM05', 'LLM06'], cwe: [22, 73] },
    },
  },
  create(context) {
    reportOutputFlows(context, {
      sinks: ['file-path'],
      message: (flow) => `${sourcePhrase(flow)} decides the path written or deleted by \`${flow.sinkName}\`: an injected prompt can reach files outside the intended folder.`,
    });
  },
});
