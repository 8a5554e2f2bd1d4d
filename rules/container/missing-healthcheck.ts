import { defineRule, dockerfileModel, type Instruction, type Stage } from '../../server/src/engine/api';

/** Programs that serve models or APIs; a final stage running one of them is a serving image. */
const SERVERS = /^(uvicorn|gunicorn|hypercorn|daphne|flask|fastapi|streamlit|gradio|vllm|tritonserver|torchserve|text-generation-launcher|ollama|bentoml|mlflow|litellm|next|serve|nginx|httpd|caddy)$/;

function stagesUpTo(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<Stage>();
  for (let current: Stage | undefined = stage; current && !seen.has(current); current = current.parent) {
    seen.add(current);
    chain.push(current);
  }
  return chain;
}

export default defineRule({
  meta: {
    id: 'container/missing-healthcheck',
    category: 'container',
    title: 'Serving image without HEALTHCHECK',
    severity: 'info',
    disabledByDefault: true,
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds final stages of serving images (EXPOSE, or a CMD/ENTRYPOINT that starts a server such as uvicorn, vllm or tritonserver) ' +
        'with no HEALTHCHECK. Off by default: orchestrators such as Kubernetes use their own probes and ignore HEALTHCHECK.',
      why:
        'A model server that has hung (a stuck GPU, an exhausted worker pool, a model that failed to load) keeps its container ' +
        '"running", so plain Docker and Compose keep routing requests to it and never restart it. A health check turns that ' +
        'into a visible, recoverable state.',
      bad: 'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n',
      good:
        'FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"\n' +
        'CMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n',
      fix: 'Inserts a HEALTHCHECK before CMD/ENTRYPOINT that probes the exposed port (an editable snippet; check the path and that the probe tool exists in the image).',
      references: { owaspLlm: ['LLM10'], cwe: [400] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    const stage = model?.finalStage;
    if (!model || !stage) return;
    const chain = stagesUpTo(stage);
    const all: Instruction[] = chain.flatMap((s) => s.instructions);
    if (all.some((i) => i.getKeyword() === 'HEALTHCHECK')) return;
    const exposed = all.find((i) => i.getKeyword() === 'EXPOSE');
    const runtime = stage.instructions.filter((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT');
    const server = runtime.flatMap((i) => model.shellOf(i)?.commands ?? []).find((c) => SERVERS.test(c.name));
    if (!exposed && !server) return;
    const port = exposed ? model.expand(exposed.getArguments()[0]?.getValue() ?? '', exposed).value.split('/')[0] : '8000';
    const safePort = /^\d+$/.test(port) ? port : '8000';
    const firstRuntime = runtime[0];
    const eol = context.source.eol;
    const probe = `HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD \${1:curl -fsS http://localhost:${safePort}/health || exit 1}`;
    const at = firstRuntime
      ? { line: firstRuntime.getRange().start.line, character: 0 }
      : { line: (stage.instructions[stage.instructions.length - 1] ?? stage.from).getRange().end.line, character: Number.MAX_SAFE_INTEGER };
    if (!firstRuntime) at.character = context.source.lineText(at.line).length;
    context.report({
      range: stage.from.getRange(),
      message: `The final stage serves ${server ? `with ${server.name}` : `on port ${port}`} but has no HEALTHCHECK, so a hung server is never detected or restarted.`,
      fixes: [
        {
          title: 'Add a HEALTHCHECK',
          safety: 'unsafe',
          isSnippet: true,
          edits: [{ range: { start: at, end: at }, newText: firstRuntime ? `${probe}${eol}` : `${eol}${probe}` }],
        },
      ],
    });
  },
});
