import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import rule from '../../../rules/endpoint/model-server-all-interfaces';
import { runRuleTests } from '../../support/rule-tester';

// A project with a Dockerfile, where 0.0.0.0 is how the container publishes its port.
const containerProject = fs.mkdtempSync(path.join(os.tmpdir(), 'aisec-bind-'));
fs.writeFileSync(path.join(containerProject, 'Dockerfile'), 'FROM python:3.12-slim\n');
fs.mkdirSync(path.join(containerProject, 'app'));
// A project of its own (pyproject.toml) inside that folder: the Dockerfile above it is someone else's.
fs.mkdirSync(path.join(containerProject, 'tools', 'demo'), { recursive: true });
fs.writeFileSync(path.join(containerProject, 'tools', 'pyproject.toml'), '[project]\nname = "demo"\n');
after(() => fs.rmSync(containerProject, { recursive: true, force: true }));

const SERVE = 'import uvicorn\nfrom transformers import pipeline\nclf = pipeline("sentiment-analysis")\nuvicorn.run(app, host="0.0.0.0", port=8000)\n';

runRuleTests(rule, {
  valid: [
    { name: 'inside a container project', language: 'python', filePath: path.join(containerProject, 'app', 'serve.py'), code: SERVE },
    { name: 'localhost', language: 'python', code: 'import uvicorn\nimport torch\nuvicorn.run(app, host="127.0.0.1")\n' },
    { name: 'near miss: not model-serving code', language: 'python', code: 'import uvicorn\nuvicorn.run(app, host="0.0.0.0")\n' },
    { name: 'host from the environment', language: 'python', code: 'import os, uvicorn, torch\nuvicorn.run(app, host=os.environ.get("HOST", "0.0.0.0"))\n' },
    { name: 'Express on localhost', language: 'javascript', code: "import OpenAI from 'openai';\napp.listen(3000, '127.0.0.1');\n" },
  ],
  invalid: [
    {
      name: 'a Dockerfile above the project root does not count',
      language: 'python',
      filePath: path.join(containerProject, 'tools', 'demo', 'serve.py'),
      code: SERVE,
      findings: [{ line: 4 }],
    },
    {
      name: 'uvicorn on 0.0.0.0 serving a transformers model',
      language: 'python',
      code: SERVE,
      findings: [{ line: 4, text: '"0.0.0.0"', severity: 'info' }],
      output: 'import uvicorn\nfrom transformers import pipeline\nclf = pipeline("sentiment-analysis")\nuvicorn.run(app, host="127.0.0.1", port=8000)\n',
    },
    {
      name: 'Flask app.run on 0.0.0.0 with an OpenAI client',
      language: 'python',
      code: 'from flask import Flask\nimport openai\napp = Flask(__name__)\napp.run(host="0.0.0.0")\n',
      findings: [{ line: 4 }],
    },
    {
      name: 'Express listen and Fastify listen',
      language: 'typescript',
      code: "import OpenAI from 'openai';\napp.listen(3000, '0.0.0.0');\nawait fastify.listen({ port: 3000, host: '::' });\n",
      findings: [{ line: 2, text: "'0.0.0.0'" }, { line: 3, text: "'::'" }],
      output: "import OpenAI from 'openai';\napp.listen(3000, '127.0.0.1');\nawait fastify.listen({ port: 3000, host: '127.0.0.1' });\n",
    },
  ],
});
