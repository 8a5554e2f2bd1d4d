import rule from '../../../rules/data-leak/debug-mode';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'Flask debug through a falsy constant and a falsy literal', language: 'python', code: 'from flask import Flask\nDEBUG = False\napp = Flask(__name__)\napp.run(debug=DEBUG)\napp.run(debug=0)\n' },
    { name: 'Flask app.debug through a falsy constant', language: 'python', code: 'import flask\nOFF = False\napp = flask.Flask(__name__)\napp.debug = OFF\n' },
    { name: 'Werkzeug without the debugger', language: 'python', code: 'from werkzeug.serving import run_simple\nrun_simple("127.0.0.1", 5000, app, use_reloader=True)\nrun_simple("127.0.0.1", 5000, app, use_debugger=False)\n' },
    { name: 'Flask config.update without DEBUG', language: 'python', code: 'from flask import Flask\napp = Flask(__name__)\napp.config.update(SECRET_KEY=key, DEBUG=False)\n' },
    { name: 'FastAPI debug from the environment', language: 'python', code: 'import os\nfrom fastapi import FastAPI\napp = FastAPI(debug=os.getenv("DEBUG") == "1")\n' },
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
      name: 'Flask debug through a module constant and a truthy literal',
      language: 'python',
      code: 'from flask import Flask\nDEBUG_MODE = True\napp = Flask(__name__)\napp.run(debug=DEBUG_MODE)\napp.run(port=5000, debug=1)\n',
      findings: [{ line: 4, text: 'debug=DEBUG_MODE' }, { line: 5, text: 'debug=1' }],
      output:
        'from flask import Flask\nimport os\nDEBUG_MODE = True\napp = Flask(__name__)\napp.run(debug=os.environ.get("FLASK_DEBUG") == "1")\napp.run(port=5000, debug=os.environ.get("FLASK_DEBUG") == "1")\n',
    },
    {
      name: 'Flask config.update(DEBUG=True)',
      language: 'python',
      code: 'from flask import Flask\napp = Flask(__name__)\napp.config.update(SECRET_KEY=key, DEBUG=True)\n',
      findings: [{ line: 3, text: 'DEBUG=True' }],
    },
    {
      name: 'Werkzeug debugger: run_simple and DebuggedApplication',
      language: 'python',
      code:
        'from werkzeug.serving import run_simple\nfrom werkzeug.debug import DebuggedApplication\n' +
        'run_simple("0.0.0.0", 5000, app, use_debugger=True)\nrun_simple("0.0.0.0", 5000, app, use_debugger=True, use_evalex=False)\n' +
        'wsgi = DebuggedApplication(app, evalex=True)\nwsgi2 = DebuggedApplication(app)\n',
      findings: [
        { line: 3, severity: 'error', messageIncludes: 'Python console' },
        { line: 4, severity: 'warning' },
        { line: 5, severity: 'error', text: 'DebuggedApplication' },
        { line: 6, severity: 'warning' },
      ],
    },
    {
      name: 'FastAPI debug through a constant; Starlette from an alias',
      language: 'python',
      code: 'from fastapi import FastAPI\nfrom starlette.applications import Starlette as S\nDEBUG = "yes"\napp = FastAPI(debug=DEBUG)\napi = S(debug=1)\n',
      findings: [{ line: 4, messageIncludes: 'FastAPI(debug=True)' }, { line: 5, messageIncludes: 'Starlette' }],
    },
    {
      name: 'Django DEBUG = 1 in settings',
      language: 'python',
      filePath: 'mysite/settings.py',
      code: 'DEBUG = 1\n',
      findings: [{ line: 1 }],
    },
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
      name: 'Flask app.debug through a truthy constant',
      language: 'python',
      code: 'import flask\nON = True\napp = flask.Flask(__name__)\napp.debug = ON\n',
      findings: [{ line: 4 }],
      output: 'import flask\nimport os\nON = True\napp = flask.Flask(__name__)\napp.debug = os.environ.get("FLASK_DEBUG") == "1"\n',
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
