import {
  argumentsOf,
  defineRule,
  keywordArgument,
  pythonConstant,
  pythonSemantics,
  pythonStringValue,
  pythonTruthiness,
  type Node,
  type RuleContext,
} from '../../server/src/engine/api';
import { removeListElement } from '../endpoint/_edits';
import { ALL_INTERFACES, DEMO_APP_WORDS, EXPOSURE_FAMILY, GRADIO, JUPYTER, JUPYTER_APPS, STREAMLIT } from './_exposure';

const STREAMLIT_ALL_INTERFACES = /--server\.address(?:=|\s+)(0\.0\.0\.0|::|\[::\])(?:\s|$)/;
const STREAMLIT_RUN = new RegExp(`\\b${STREAMLIT}\\s+run\\b`);
const JUPYTER_SERVER = new RegExp(`\\b${JUPYTER}(?:\\s+|-)(?:notebook|lab|server)\\b`);
const DEMO_COMMAND = new RegExp(`${STREAMLIT}|${JUPYTER}`);
const GRADIO_IMPORT = new RegExp(`\\b${GRADIO}\\b`);
const STREAMLIT_IMPORT = new RegExp(`\\b${STREAMLIT}\\b`);
const JUPYTER_ALL_INTERFACES = /--(?:\w+\.)?ip(?:=|\s+)['"]?(0\.0\.0\.0|::|\*)['"]?(?:\s|$)/;
const JUPYTER_EMPTY_TOKEN = /--(?:NotebookApp|ServerApp|IdentityProvider)\.token(?:=|\s+)(?:''|""|(?=\s|$))/;
const JUPYTER_PASSWORD = /--(?:NotebookApp|ServerApp|PasswordIdentityProvider)\.(?:hashed_)?password=(?!''|""|\s|$)/;

/**
 * A Gradio share link is a public URL to your model, tunnelled out of your laptop or notebook for 72 hours,
 * with no login unless you add one.
 */
export default defineRule({
  meta: {
    id: 'data-leak/public-demo-app',
    category: 'data-leak',
    title: 'Demo app or notebook server exposed without auth (Gradio, Streamlit, Jupyter)',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info' },
    languages: ['python', 'dockerfile'],
    // Every finding names its server: a Gradio import, a Streamlit or Jupyter command, a Jupyter app's configuration.
    requires: DEMO_APP_WORDS,
    // An `st.login` call anywhere in the document changes the Streamlit finding.
    scope: 'document',
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds Gradio `launch(share=True)` (a public gradio.live URL), `launch(auth=None)` on a shared app, Gradio apps served on all ' +
        'interfaces (`server_name="0.0.0.0"`) without `auth`, Streamlit started from Python with `--server.address 0.0.0.0` and no `st.login`, ' +
        'and Jupyter servers on all interfaces with an empty token (command lines, Dockerfile CMD/ENTRYPOINT/RUN and `c.ServerApp` configuration).',
      why:
        'A share link exposes the demo, and whatever model, API key, files and tools sit behind it, to anyone with the URL; share links are ' +
        'guessable enough to be found and are posted in notebooks and screenshots. Serving on 0.0.0.0 without auth makes the app reachable from ' +
        'every network the machine is on. Both turn a private demo into a free public endpoint that spends your model budget and can leak the ' +
        'data the demo reads.',
      bad: 'import gradio as gr\ndemo = gr.ChatInterface(respond)\ndemo.launch(share=True)\n',
      good: 'import os\nimport gradio as gr\ndemo = gr.ChatInterface(respond)\ndemo.launch(auth=(os.environ["DEMO_USER"], os.environ["DEMO_PASSWORD"]))\n',
      fix: 'Removes `share=True` so the app stays on the local machine. Unsafe: people relying on the link lose access; add `auth=` if it must be shared.',
      family: EXPOSURE_FAMILY,
      references: { owaspLlm: ['LLM02', 'LLM10'], cwe: [200, 306, 668] },
    },
  },
  create(context) {
    if (context.family === 'dockerfile') return dockerfileJupyter(context);
    if (context.family !== 'python') return;
    const semantics = pythonSemantics(context);
    const importsGradio = semantics.importStatements.some((s) => GRADIO_IMPORT.test(s.text));
    const importsStreamlit = semantics.importStatements.some((s) => STREAMLIT_IMPORT.test(s.text));
    // Streamlit apps started from Python (`subprocess.run(["streamlit", "run", ...])`, `sys.argv = [...]`).
    const jupyterLaunch = (node: Node, command: string) => {
      if (!isOpenJupyter(command)) return;
      context.report({ node, message: JUPYTER_MESSAGE });
    };
    // jupyter_server_config.py: c.ServerApp.ip = "0.0.0.0" with c.ServerApp.token = "" and no password.
    const jupyterConfig = { ip: undefined as string | undefined, emptyToken: undefined as Node | undefined, password: false };
    const configAssignment = (node: Node) => {
      const left = node.childForFieldName('left');
      const app = left?.type === 'attribute' ? left.childForFieldName('object') : undefined;
      if (!left || app?.type !== 'attribute' || app.childForFieldName('object')?.text !== 'c' || !JUPYTER_APPS.test(app.childForFieldName('attribute')?.text ?? '')) return;
      const trait = left.childForFieldName('attribute')?.text;
      const value = pythonStringValue(pythonConstant(context, node.childForFieldName('right')));
      if (trait === 'ip' && value !== undefined) jupyterConfig.ip = value;
      else if (trait === 'token' && value === '') jupyterConfig.emptyToken = node;
      else if ((trait === 'password' || trait === 'hashed_password') && value) jupyterConfig.password = true;
    };
    const jupyterExit = () => {
      const { ip, emptyToken, password } = jupyterConfig;
      if (!emptyToken || password || !ip || !ALL_INTERFACES.has(ip)) return;
      context.report({
        node: emptyToken,
        message: `The Jupyter server listens on all interfaces (\`${ip}\`) with an empty token and no password: anyone who can reach the port can run code on this machine.`,
      });
    };
    const streamlitLaunch = (node: Node, words: string[]) => {
      const command = words.join(' ');
      jupyterLaunch(node, command);
      const address = STREAMLIT_ALL_INTERFACES.exec(command);
      if (!STREAMLIT_RUN.test(command) || !address) return;
      if (/\bst\.login\s*\(/.test(context.source.text)) return;
      context.report({
        node,
        message: `Streamlit is started on all interfaces (\`--server.address ${address[1]}\`) and Streamlit has no login of its own: anyone on the network can use the app.`,
      });
    };
    const streamlitVisitors = {
      list(node: Node) {
        const words = node.namedChildren.map((c) => pythonStringValue(c));
        if (words.length > 2 && words.every((w) => w !== undefined)) streamlitLaunch(node, words as string[]);
      },
      string(node: Node) {
        if (node.parent?.type === 'list' || !DEMO_COMMAND.test(node.text)) return;
        const value = pythonStringValue(node);
        if (value) streamlitLaunch(node, [value]);
      },
      assignment: configAssignment,
      $exit: jupyterExit,
    };
    if (!importsGradio) return importsStreamlit || DEMO_COMMAND.test(context.source.text) || /\bc\.\w+App\./.test(context.source.text) ? streamlitVisitors : undefined;
    return {
      ...streamlitVisitors,
      call(call: Node) {
        const callee = call.childForFieldName('function');
        if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'launch') return;
        const share = keywordArgument(call, 'share');
        const auth = keywordArgument(call, 'auth');
        const authValue = auth?.childForFieldName('value');
        const hasAuth = !!authValue && authValue.type !== 'none';
        if (share && pythonTruthiness(pythonConstant(context, share.childForFieldName('value'))) === true) {
          context.report({
            node: share,
            severity: hasAuth ? 'info' : 'warning',
            message: hasAuth
              ? '`share=True` publishes the app on a public gradio.live URL (it has auth, but the model is now reachable from the internet).'
              : `\`${share.text}\` publishes the app on a public gradio.live URL with ${auth ? '`auth=None`' : 'no auth'}: anyone with the link can use the model and what it can reach.`,
            fixes: [{ title: 'Stop sharing the app publicly', safety: 'unsafe', edits: [removeListElement(context.source, share)] }],
          });
          return;
        }
        const serverName = keywordArgument(call, 'server_name');
        const host = pythonStringValue(pythonConstant(context, serverName?.childForFieldName('value')));
        if (serverName && host && ALL_INTERFACES.has(host) && host !== '*' && !hasAuth) {
          context.report({
            node: serverName,
            message: `The Gradio app listens on all interfaces (\`${host}\`) with no \`auth\`: anyone on the network can use it.`,
          });
        }
      },
    };
  },
});

const JUPYTER_MESSAGE = 'Jupyter is started on all interfaces with an empty token and no password: anyone who can reach the port can run code on this machine.';

/** A Jupyter command line that listens on every interface with an empty token and no password. */
function isOpenJupyter(command: string): boolean {
  return JUPYTER_SERVER.test(command) && JUPYTER_ALL_INTERFACES.test(command) && JUPYTER_EMPTY_TOKEN.test(command) && !JUPYTER_PASSWORD.test(command);
}

/** `CMD ["jupyter", "lab", "--ip=0.0.0.0", "--ServerApp.token=''"]` and the same in RUN or ENTRYPOINT. */
function dockerfileJupyter(context: RuleContext): void {
  for (const instruction of context.dockerfile?.getInstructions() ?? []) {
    if (!['CMD', 'ENTRYPOINT', 'RUN'].includes(instruction.getKeyword())) continue;
    const args = argumentsOf(instruction, context.source);
    if (args.length === 0 || !isOpenJupyter(args.map((a) => a.value).join(' '))) continue;
    context.report({ range: { start: args[0].range.start, end: args[args.length - 1].range.end }, message: JUPYTER_MESSAGE });
  }
}
