import rule from '../../../rules/data-leak/public-demo-app';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'Dockerfile: Jupyter with its default token', language: 'dockerfile', code: 'FROM python:3.12-slim\nCMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]\n' },
    { name: 'Dockerfile: Jupyter token from the environment', language: 'dockerfile', code: 'FROM python:3.12-slim\nCMD jupyter lab --ip=0.0.0.0 --ServerApp.token=$JUPYTER_TOKEN\n' },
    { name: 'share through a falsy constant', language: 'python', code: 'import gradio as gr\nSHARE = False\ndemo.launch(share=SHARE)\n' },
    { name: 'Jupyter on all interfaces with its default token', language: 'python', code: 'import subprocess\nsubprocess.run(["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"])\n' },
    { name: 'Jupyter with an empty token on localhost', language: 'python', code: 'import subprocess\nsubprocess.Popen("jupyter notebook --ip=127.0.0.1 --NotebookApp.token=\'\'", shell=True)\n' },
    { name: 'Jupyter empty token but a password', language: 'python', code: 'import os\nos.system("jupyter lab --ip=0.0.0.0 --ServerApp.token= --ServerApp.password=sha1:abc")\n' },
    { name: 'Jupyter config on localhost with an empty token', language: 'python', filePath: 'jupyter_server_config.py', code: 'c.ServerApp.ip = "127.0.0.1"\nc.ServerApp.token = ""\n' },
    { name: 'Jupyter config public with a token', language: 'python', filePath: 'jupyter_server_config.py', code: 'c.ServerApp.ip = "0.0.0.0"\nc.ServerApp.token = os.environ["JUPYTER_TOKEN"]\n' },
    { name: 'local launch', language: 'python', code: 'import gradio as gr\ndemo = gr.Interface(fn, "text", "text")\ndemo.launch()\n' },
    { name: 'all interfaces with auth', language: 'python', code: 'import gradio as gr\ndemo.launch(server_name="0.0.0.0", auth=("u", p))\n' },
    { name: 'near miss: launch of something that is not Gradio', language: 'python', code: 'import rocket\nrocket.launch(share=True)\n' },
    { name: 'share=False', language: 'python', code: 'import gradio as gr\ndemo.launch(share=False)\n' },
    { name: 'Streamlit on localhost', language: 'python', code: 'import subprocess\nsubprocess.run(["streamlit", "run", "app.py", "--server.address", "127.0.0.1"])\n' },
  ],
  invalid: [
    {
      name: 'Dockerfile: Jupyter on all interfaces with an empty token (exec and shell form)',
      language: 'dockerfile',
      code: 'FROM python:3.12-slim\nRUN pip install jupyterlab\nCMD ["jupyter", "lab", "--ip=0.0.0.0", "--allow-root", "--ServerApp.token="]\n',
      findings: [{ line: 3, messageIncludes: 'empty token' }],
    },
    {
      name: 'Dockerfile: shell-form ENTRYPOINT with NotebookApp.token',
      language: 'dockerfile',
      code: "FROM jupyter/base-notebook\nENTRYPOINT jupyter notebook --ip 0.0.0.0 --NotebookApp.token='' --no-browser\n",
      findings: [{ line: 2 }],
    },
    {
      name: 'share through a truthy constant and a truthy literal',
      language: 'python',
      code: 'import gradio as gr\nPUBLIC = True\ndemo.launch(share=PUBLIC)\nother.launch(share=1)\n',
      findings: [{ line: 3, text: 'share=PUBLIC' }, { line: 4, text: 'share=1' }],
      output: 'import gradio as gr\nPUBLIC = True\ndemo.launch()\nother.launch()\n',
    },
    {
      name: 'Gradio server_name through a constant',
      language: 'python',
      code: 'import gradio as gr\nHOST = "0.0.0.0"\ndemo.launch(server_name=HOST)\n',
      findings: [{ line: 3, text: 'server_name=HOST' }],
    },
    {
      name: 'Jupyter started on all interfaces without a token (list and shell string)',
      language: 'python',
      code:
        'import subprocess\nsubprocess.run(["jupyter", "notebook", "--ip=0.0.0.0", "--NotebookApp.token=\'\'", "--allow-root"])\n' +
        'subprocess.Popen("jupyter lab --ip 0.0.0.0 --ServerApp.token= --no-browser", shell=True)\n',
      findings: [{ line: 2, messageIncludes: 'empty token' }, { line: 3 }],
    },
    {
      name: 'Jupyter config file: all interfaces and an empty token',
      language: 'python',
      filePath: 'jupyter_notebook_config.py',
      code: 'c = get_config()\nc.NotebookApp.ip = "*"\nc.NotebookApp.token = ""\nc.NotebookApp.open_browser = False\n',
      findings: [{ line: 3, messageIncludes: '`*`' }],
    },
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
