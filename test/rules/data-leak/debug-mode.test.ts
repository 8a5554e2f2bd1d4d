import rule from '../../../rules/data-leak/debug-mode';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'Flask debug from the environment', language: 'python', code: 'import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(debug=os.environ.get("FLASK_DEBUG") == "1")\n' },
    { name: 'Flask debug=False', language: 'python', code: 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=False)\n' },
    { name: 'near miss: .run(debug=True) on something that is not Flask', language: 'python', code: 'import asyncio\nasyncio.run(main(), debug=True)\n' },
    { name: 'Django DEBUG in a development settings module', language: 'python', filePath: 'proj/settings/dev.py', code: 'DEBUG = True\n' },
    { name: 'near miss: DEBUG = True outside settings', language: 'python', filePath: 'tools/script.py', code: 'DEBUG = True\n' },
    { name: 'FastAPI without debug', language: 'python', code: 'from fastapi import FastAPI\napp = FastAPI(title="x")\n' },
    { name: 'uvicorn without reload', language: 'python', code: 'import uvicorn\nuvicorn.run(app, host="127.0.0.1")\n' },
  ],
  invalid: [
    {
      name: 'Flask app.run(debug=True)',
      language: 'python',
      code: 'from flask import Flask\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", debug=True)\n',
      findings: [{ line: 5, text: 'debug=True', messageIncludes: 'Werkzeug debugger' }],
      output: 'from flask import Flask\nimport os\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", debug=os.environ.get("FLASK_DEBUG") == "1")\n',
    },
    {
      name: 'Flask app.debug and app.config["DEBUG"]',
      language: 'python',
      code: 'import os\nimport flask\napp = flask.Flask(__name__)\napp.debug = True\napp.config["DEBUG"] = True\n',
      findings: [{ line: 4 }, { line: 5 }],
      output: 'import os\nimport flask\napp = flask.Flask(__name__)\napp.debug = os.environ.get("FLASK_DEBUG") == "1"\napp.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"\n',
    },
    {
      name: 'Dash run_server(debug=True)',
      language: 'python',
      code: 'import dash\napp = dash.Dash(__name__)\napp.run_server(debug=True)\n',
      findings: [{ line: 3, text: 'debug=True' }],
    },
    {
      name: 'FastAPI(debug=True)',
      language: 'python',
      code: 'from fastapi import FastAPI\napp = FastAPI(debug=True)\n',
      findings: [{ line: 2, messageIncludes: 'FastAPI(debug=True)' }],
      output: 'from fastapi import FastAPI\nimport os\napp = FastAPI(debug=os.environ.get("APP_DEBUG") == "1")\n',
    },
    {
      name: 'Starlette(debug=True)',
      language: 'python',
      code: 'from starlette.applications import Starlette\napp = Starlette(debug=True, routes=routes)\n',
      findings: [{ line: 2, messageIncludes: 'Starlette' }],
    },
    {
      name: 'Django DEBUG = True in settings.py',
      language: 'python',
      filePath: 'mysite/settings.py',
      code: 'from pathlib import Path\nDEBUG = True\nALLOWED_HOSTS = ["*"]\n',
      findings: [{ line: 2, messageIncludes: 'Django' }],
      output: 'from pathlib import Path\nimport os\nDEBUG = os.environ.get("DJANGO_DEBUG") == "1"\nALLOWED_HOSTS = ["*"]\n',
    },
    {
      name: 'uvicorn reload=True is info',
      language: 'python',
      code: 'import uvicorn\nif __name__ == "__main__":\n    uvicorn.run("main:app", reload=True)\n',
      findings: [{ line: 3, severity: 'info', text: 'reload=True' }],
      output: 'import uvicorn\nimport os\nif __name__ == "__main__":\n    uvicorn.run("main:app", reload=os.environ.get("UVICORN_RELOAD") == "1")\n',
    },
  ],
});
