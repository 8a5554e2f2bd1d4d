import rule from '../../../rules/data-leak/public-demo-app';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'local launch', language: 'python', code: 'import gradio as gr\ndemo = gr.Interface(fn, "text", "text")\ndemo.launch()\n' },
    { name: 'all interfaces with auth', language: 'python', code: 'import gradio as gr\ndemo.launch(server_name="0.0.0.0", auth=("u", p))\n' },
    { name: 'near miss: launch of something that is not Gradio', language: 'python', code: 'import rocket\nrocket.launch(share=True)\n' },
    { name: 'share=False', language: 'python', code: 'import gradio as gr\ndemo.launch(share=False)\n' },
    { name: 'Streamlit on localhost', language: 'python', code: 'import subprocess\nsubprocess.run(["streamlit", "run", "app.py", "--server.address", "127.0.0.1"])\n' },
  ],
  invalid: [
    {
      name: 'share=True',
      language: 'python',
      code: 'import gradio as gr\ndemo = gr.ChatInterface(respond)\ndemo.launch(share=True)\n',
      findings: [{ line: 3, text: 'share=True', severity: 'warning', messageIncludes: 'no auth' }],
      output: 'import gradio as gr\ndemo = gr.ChatInterface(respond)\ndemo.launch()\n',
    },
    {
      name: 'share=True with auth=None, chained after queue()',
      language: 'python',
      code: 'import gradio as gr\ndemo.queue().launch(server_port=7860, share=True, auth=None)\n',
      findings: [{ line: 2, messageIncludes: 'auth=None' }],
      output: 'import gradio as gr\ndemo.queue().launch(server_port=7860, auth=None)\n',
    },
    {
      name: 'share=True with auth is info',
      language: 'python',
      code: 'from gradio import Blocks\nwith Blocks() as demo:\n    pass\ndemo.launch(share=True, auth=check)\n',
      findings: [{ line: 4, severity: 'info' }],
    },
    {
      name: 'Streamlit launched on all interfaces from Python',
      language: 'python',
      code: 'import subprocess\nsubprocess.run(["streamlit", "run", "app.py", "--server.address", "0.0.0.0"])\nos.system("streamlit run ui.py --server.address=0.0.0.0")\n',
      findings: [{ line: 2 }, { line: 3, messageIncludes: 'Streamlit' }],
    },
    {
      name: 'all interfaces without auth',
      language: 'python',
      code: 'import gradio as gr\ndemo.launch(server_name="0.0.0.0")\n',
      findings: [{ line: 2, text: 'server_name="0.0.0.0"' }],
    },
  ],
});
