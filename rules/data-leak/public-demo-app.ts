import { defineRule, keywordArgument, pythonSemantics, pythonStringValue, type Node } from '../../server/src/engine/api';
import { removeListElement } from '../endpoint/_edits';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]']);
const STREAMLIT_ALL_INTERFACES = /--server\.address(?:=|\s+)(0\.0\.0\.0|::|\[::\])(?:\s|$)/;

/**
 * A Gradio share link is a public URL to your model, tunnelled out of your laptop or notebook for 72 hours,
 * with no login unless you add one.
 */
export default defineRule({
  meta: {
    id: 'data-leak/public-demo-app',
    category: 'data-leak',
    title: 'Gradio or Streamlit app shared publicly or served on all interfaces without auth',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info' },
    languages: ['python'],
    // An `st.login` call anywhere in the document changes the Streamlit finding.
    scope: 'document',
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds Gradio `launch(share=True)` (a public gradio.live URL), `launch(auth=None)` on a shared app, Gradio apps served on all ' +
        'interfaces (`server_name="0.0.0.0"`) without `auth`, and Streamlit started from Python with `--server.address 0.0.0.0` and no `st.login`.',
      why:
        'A share link exposes the demo, and whatever model, API key, files and tools sit behind it, to anyone with the URL; share links are ' +
        'guessable enough to be found and are posted in notebooks and screenshots. Serving on 0.0.0.0 without auth makes the app reachable from ' +
        'every network the machine is on. Both turn a private demo into a free public endpoint that spends your model budget and can leak the ' +
        'data the demo reads.',
      bad: 'import gradio as gr\ndemo = gr.ChatInterface(respond)\ndemo.launch(share=True)\n',
      good: 'import os\nimport gradio as gr\ndemo = gr.ChatInterface(respond)\ndemo.launch(auth=(os.environ["DEMO_USER"], os.environ["DEMO_PASSWORD"]))\n',
      fix: 'Removes `share=True` so the app stays on the local machine. Unsafe: people relying on the link lose access; add `auth=` if it must be shared.',
      references: { owaspLlm: ['LLM02', 'LLM10'], cwe: [200, 306, 668] },
    },
  },
  create(context) {
    if (context.family !== 'python') return;
    const semantics = pythonSemantics(context);
    const importsGradio = semantics.importStatements.some((s) => /\bgradio\b/.test(s.text));
    const importsStreamlit = semantics.importStatements.some((s) => /\bstreamlit\b/.test(s.text));
    // Streamlit apps started from Python (`subprocess.run(["streamlit", "run", ...])`, `sys.argv = [...]`).
    const streamlitLaunch = (node: Node, words: string[]) => {
      const command = words.join(' ');
      const address = STREAMLIT_ALL_INTERFACES.exec(command);
      if (!/\bstreamlit\s+run\b/.test(command) || !address) return;
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
        if (node.parent?.type === 'list' || !node.text.includes('streamlit')) return;
        const value = pythonStringValue(node);
        if (value) streamlitLaunch(node, [value]);
      },
    };
    if (!importsGradio) return importsStreamlit || /streamlit/.test(context.source.text) ? streamlitVisitors : undefined;
    return {
      ...streamlitVisitors,
      call(call: Node) {
        const callee = call.childForFieldName('function');
        if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'launch') return;
        const share = keywordArgument(call, 'share');
        const auth = keywordArgument(call, 'auth');
        const authValue = auth?.childForFieldName('value');
        const hasAuth = !!authValue && authValue.type !== 'none';
        if (share?.childForFieldName('value')?.type === 'true') {
          context.report({
            node: share,
            severity: hasAuth ? 'info' : 'warning',
            message: hasAuth
              ? '`share=True` publishes the app on a public gradio.live URL (it has auth, but the model is now reachable from the internet).'
              : `\`share=True\` publishes the app on a public gradio.live URL with ${auth ? '`auth=None`' : 'no auth'}: anyone with the link can use the model and what it can reach.`,
            fixes: [{ title: 'Stop sharing the app publicly', safety: 'unsafe', edits: [removeListElement(context.source, share)] }],
          });
          return;
        }
        const serverName = keywordArgument(call, 'server_name');
        const host = pythonStringValue(serverName?.childForFieldName('value'));
        if (serverName && host && ALL_INTERFACES.has(host) && !hasAuth) {
          context.report({
            node: serverName,
            message: `The Gradio app listens on all interfaces (\`${host}\`) with no \`auth\`: anyone on the network can use it.`,
          });
        }
      },
    };
  },
});
