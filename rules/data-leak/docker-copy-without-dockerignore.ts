import * as path from 'node:path';
import { argumentsOf, defineRule, DockerIgnore, dockerfileModel, flagsOf, type Range } from '../../server/src/engine/api';

/** Folders AI projects keep models, datasets and caches in; they should not be sent into the image by `COPY . .`. */
const MODEL_OR_DATA_DIRS = ['models', 'model', 'checkpoints', 'weights', 'data', 'datasets', 'outputs', 'wandb', 'mlruns', '.cache', 'hf_cache', 'notebooks'];
/** Always required: these leak keys and history whether or not they exist yet. */
const ALWAYS = ['.env', '.git'];

export default defineRule({
  meta: {
    id: 'data-leak/docker-copy-without-dockerignore',
    category: 'data-leak',
    title: 'COPY of the whole context without a .dockerignore',
    severity: 'info',
    languages: ['dockerfile'],
    docs: {
      summary:
        'Finds `COPY . .` (or ADD of the whole context) in the final stage when the `.dockerignore` beside the Dockerfile (or ' +
        '`<Dockerfile>.dockerignore`) is missing or does not exclude `.env`, `.git` and the model or data folders present in the project ' +
        '(models/, checkpoints/, data/, datasets/, .cache/ ...).',
      why:
        'Copying the whole build context ships everything in the project folder: the `.env` file with API keys, the `.git` directory ' +
        'with its history (including secrets removed long ago), evaluation datasets with personal data, and gigabytes of checkpoints. ' +
        'Once pushed, anyone who can pull the image can read them.',
      bad: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n# (no .dockerignore next to this Dockerfile)\n',
      good: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n# .dockerignore:\n# .env\n# .git\n# models/\n# data/\n',
      references: { owaspLlm: ['LLM02'], cwe: [538, 200] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    const stage = model?.finalStage;
    const filePath = context.filePath;
    if (!model || !stage || !filePath || !path.isAbsolute(filePath)) return;
    const copies: Range[] = [];
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      if (flagsOf(instruction).some((f) => f.name === 'from')) continue;
      const args = argumentsOf(instruction, context.source);
      for (const source of args.slice(0, -1)) {
        if (/^(\.|\.\/|\*|\.\/\*)$/.test(source.value)) copies.push(source.range);
      }
    }
    if (copies.length === 0) return;
    const directory = path.dirname(filePath);
    const ignoreText =
      context.files.read(`${filePath}.dockerignore`) ?? context.files.read(path.join(directory, '.dockerignore'));
    const present = new Set(context.files.list(directory) ?? []);
    const required = [...ALWAYS, ...MODEL_OR_DATA_DIRS.filter((name) => present.has(name))];
    const ignore = ignoreText === undefined ? undefined : new DockerIgnore(ignoreText);
    const missing = ignore ? required.filter((name) => !ignore.excludes(name)) : required;
    if (missing.length === 0) return;
    const message = ignore
      ? `COPY of the whole build context, and .dockerignore does not exclude ${missing.join(', ')}: they would be copied into the image.`
      : `COPY of the whole build context without a .dockerignore: ${missing.join(', ')} would be copied into the image.`;
    for (const range of copies) context.report({ range, message });
  },
});
