import {
  defineRule,
  findInProject,
  javascriptSemantics,
  keywordArgument,
  objectProperty,
  pythonSemantics,
  pythonStringValue,
  stringValue,
  webApp,
  type Node,
  type RuleContext,
} from '../../server/src/engine/api';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]']);
/**
 * The address is read from a string literal (never a constant), so one of these is in the text: the value between
 * quotes. `'::'` on its own would also be every Python slice `[::2]`.
 */
const ALL_INTERFACES_LITERALS = [...ALL_INTERFACES].flatMap((address) => ["'", '"', '`'].map((quote) => `${quote}${address}${quote}`));
const PYTHON_MODEL_LIBRARIES = /\b(?:transformers|torch|vllm|openai|anthropic|langchain\w*|llama_index|llama_cpp|ollama|sentence_transformers|litellm|diffusers|onnxruntime|tensorflow|keras|sklearn|xgboost)\b/;
const JS_MODEL_LIBRARIES = /^(?:openai|@anthropic-ai\/sdk|ai|@ai-sdk\/.+|langchain|@langchain\/.+|ollama|@huggingface\/.+|@xenova\/transformers|onnxruntime-node|@tensorflow\/.+)$/;
const CONTAINER_FILES = ['Dockerfile', 'Containerfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];

/**
 * A model server on 0.0.0.0 answers everyone who can reach the machine: the office network, the café Wi-Fi, a
 * cloud VM's public address. Inside a container that is how ports get published; on a laptop or VM it is exposure.
 */
export default defineRule({
  meta: {
    id: 'endpoint/model-server-all-interfaces',
    category: 'endpoint',
    title: 'Model server bound to all interfaces outside a container',
    severity: 'info',
    languages: ['python', 'javascript'],
    requires: ALL_INTERFACES_LITERALS,
    // Whether the file serves a model depends on its routes and imports anywhere in the document.
    scope: 'document',
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds servers of model-serving code bound to all interfaces (`0.0.0.0`, `::`) by uvicorn, Flask, waitress, aiohttp, Express, ' +
        'Fastify, Hono and Bun, when no Dockerfile or compose file sits beside the code (in a container, 0.0.0.0 is expected).',
      why:
        'Development servers for models are usually unauthenticated. Bound to every interface they are reachable from any network the machine ' +
        'joins, and cloud VMs put them on the internet, where scanners find open inference endpoints within hours and use them for free compute ' +
        'or to read what they serve. Bind to 127.0.0.1 and put a reverse proxy with authentication in front when it must be reachable.',
      bad: 'uvicorn.run(app, host="0.0.0.0", port=8000)\n',
      good: 'uvicorn.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=8000)\n',
      fix: 'Binds to 127.0.0.1. Unsafe: other machines can no longer reach the server.',
      references: { owaspLlm: ['LLM10'], cwe: [1327, 668] },
    },
  },
  create(context) {
    if (context.family !== 'python' && context.family !== 'javascript') return;
    let decided: boolean | undefined;
    const applies = () => (decided ??= servesModels(context) && !inContainerProject(context));
    const report = (host: Node, literal: string) => {
      if (!applies()) return;
      const quote = host.text.startsWith("'") ? "'" : '"';
      context.report({
        node: host,
        message: `The server listens on all interfaces (\`${literal}\`) and no Dockerfile is in this project: the model endpoint is reachable from every network this machine is on.`,
        fixes: [{ title: 'Listen on 127.0.0.1 only', safety: 'unsafe', edits: [{ range: context.rangeOf(host), newText: `${quote}127.0.0.1${quote}` }] }],
      });
    };
    if (context.family === 'python') {
      const semantics = pythonSemantics(context);
      return {
        call(call: Node) {
          const host = keywordArgument(call, 'host')?.childForFieldName('value');
          const value = pythonStringValue(host);
          if (!host || !value || !ALL_INTERFACES.has(value)) return;
          const callee = call.childForFieldName('function');
          const qualified = semantics.calleeName(call) ?? '';
          const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
          if (/^(?:uvicorn|waitress|hypercorn|aiohttp\.web|gunicorn)\b/.test(qualified) || method === 'run' || method === 'run_app' || method === 'serve') report(host, value);
        },
      };
    }
    return {
      call_expression(call: Node) {
        const callee = call.childForFieldName('function');
        const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.text;
        const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a);
        if (method === 'listen') {
          const literal = args.find((a) => ALL_INTERFACES.has(stringValue(a) ?? ''));
          if (literal) return report(literal, stringValue(literal)!);
          const options = args.find((a) => a.type === 'object');
          const host = objectProperty(options, 'host')?.childForFieldName('value');
          if (host && ALL_INTERFACES.has(stringValue(host) ?? '')) report(host, stringValue(host)!);
        } else if (method === 'serve') {
          const options = args.find((a) => a.type === 'object');
          const host = (objectProperty(options, 'hostname') ?? objectProperty(options, 'host'))?.childForFieldName('value');
          if (host && ALL_INTERFACES.has(stringValue(host) ?? '')) report(host, stringValue(host)!);
        }
      },
    };
  },
});

function servesModels(context: RuleContext): boolean {
  if (webApp(context).routes.some((r) => r.modelCall)) return true;
  if (context.family === 'python') return pythonSemantics(context).importStatements.some((s) => PYTHON_MODEL_LIBRARIES.test(s.text));
  return [...javascriptSemantics(context).importedModules].some((m) => JS_MODEL_LIBRARIES.test(m));
}

/** A Dockerfile or compose file in the document's folder or above it, within the project. */
function inContainerProject(context: RuleContext): boolean {
  return findInProject(context.files, context.filePath, (_directory, file) => CONTAINER_FILES.some((name) => context.files.exists(file(name))) || undefined, 4) === true;
}
