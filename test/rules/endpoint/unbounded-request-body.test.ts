import rule from '../../../rules/endpoint/unbounded-request-body';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'express.json default', language: 'javascript', code: 'app.use(express.json());\n' },
    { name: 'express.json 1mb', language: 'javascript', code: "app.use(express.json({ limit: '1mb' }));\n" },
    { name: 'Fastify 5 MiB', language: 'typescript', code: 'const app = Fastify({ bodyLimit: 5 * 1024 * 1024 });\n' },
    { name: 'Flask 16 MB', language: 'python', code: 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024\n' },
    { name: 'near miss: a limit key on something else', language: 'javascript', code: 'const rows = await db.select({ limit: 1000000000 });\n' },
    {
      name: 'custom threshold',
      language: 'javascript',
      config: { ruleOptions: { 'endpoint/unbounded-request-body': { maxBytes: 200 * 1024 * 1024 } } },
      code: "app.use(bodyParser.json({ limit: '100mb' }));\n",
    },
  ],
  invalid: [
    { name: 'express.json 500mb', language: 'javascript', code: "app.use(express.json({ limit: '500mb' }));\n", findings: [{ line: 1, text: "limit: '500mb'", messageIncludes: '500 MB' }] },
    { name: 'body-parser Infinity', language: 'javascript', code: 'app.use(bodyParser.urlencoded({ extended: true, limit: Infinity }));\n', findings: [{ line: 1, messageIncludes: 'disabled' }] },
    { name: 'Fastify 1 GB', language: 'typescript', code: 'const app = Fastify({ logger: true, bodyLimit: 1024 * 1024 * 1024 });\n', findings: [{ line: 1, messageIncludes: '1 GB' }] },
    { name: 'Hono bodyLimit', language: 'typescript', code: "app.post('/upload', bodyLimit({ maxSize: 100 * 1024 * 1024 }), handler);\n", findings: [{ line: 1 }] },
    { name: 'Next.js pages API sizeLimit', language: 'typescript', code: "export const config = { api: { bodyParser: { sizeLimit: '200mb' } } };\n", findings: [{ line: 1, text: "sizeLimit: '200mb'" }] },
    { name: 'Flask MAX_CONTENT_LENGTH = None', language: 'python', code: 'app.config["MAX_CONTENT_LENGTH"] = None\n', findings: [{ line: 1, messageIncludes: 'disabled' }] },
    { name: 'Django DATA_UPLOAD_MAX_MEMORY_SIZE = None', language: 'python', filePath: 'settings.py', code: 'DATA_UPLOAD_MAX_MEMORY_SIZE = None\n', findings: [{ line: 1 }] },
  ],
});
