import rule from '../../../rules/endpoint/timing-unsafe-comparison';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    {
      name: 'hmac.compare_digest already',
      language: 'python',
      code: 'import hmac\ndef check(request):\n    return hmac.compare_digest(request.headers.get("X-API-Key", ""), API_KEY)\n',
    },
    { name: 'presence check against None', language: 'python', code: 'def f(request):\n    if request.headers.get("Authorization") == None: pass\n' },
    { name: 'near miss: comparing request data with a non-secret', language: 'python', code: 'def f(request):\n    if request.args.get("mode") == MODE: pass\n' },
    { name: 'near miss: token type literal', language: 'typescript', code: "if (req.headers.authorization === 'Bearer') {}\n" },
    { name: 'near miss: two non-request secrets', language: 'python', code: 'if settings.API_KEY == os.environ["API_KEY"]: pass\n' },
    { name: 'near miss: kinds of tokens and signatures are not secrets', language: 'python', code: 'def f(self, token_placement=None):\n    if self.signature_type == SIGNATURE_TYPE_AUTH_HEADER: pass\n    if token_placement == AUTH_HEADER: pass\n' },
    { name: 'length comparison', language: 'javascript', code: 'if (req.headers["x-api-key"].length !== API_KEY.length) {}\n' },
  ],
  invalid: [
    {
      name: 'Flask header compared with != (seed example)',
      language: 'python',
      code:
        'import os\nfrom flask import request, abort\n\ndef predict():\n    if request.headers.get("X-API-Key") != os.environ["API_KEY"]:\n        abort(401)\n',
      findings: [{ line: 5, messageIncludes: ['!=', 'API_KEY'] }],
      output:
        'import os\nfrom flask import request, abort\nimport hmac\n\ndef predict():\n' +
        '    if not hmac.compare_digest(request.headers.get("X-API-Key"), os.environ["API_KEY"]):\n        abort(401)\n',
    },
    {
      name: 'FastAPI Header parameter ==',
      language: 'python',
      code: 'import hmac\ndef verify(x_api_key: str = Header(...)):\n    return API_KEY == x_api_key\n',
      findings: [{ line: 3 }],
      output: 'import hmac\ndef verify(x_api_key: str = Header(...)):\n    return hmac.compare_digest(API_KEY, x_api_key)\n',
    },
    {
      name: 'webhook signature through a local',
      language: 'python',
      code: 'def hook(request):\n    sig = request.headers["X-Signature"]\n    ok = sig == expected_signature\n',
      findings: [{ line: 3, messageIncludes: 'expected_signature' }],
      output: 'import hmac\ndef hook(request):\n    sig = request.headers["X-Signature"]\n    ok = hmac.compare_digest(sig, expected_signature)\n',
    },
    {
      name: 'Express !== against process.env (seed example), ESM',
      language: 'typescript',
      code:
        "import express from 'express';\napp.post('/predict', (req, res) => {\n  if (req.headers['x-api-key'] !== process.env.API_KEY) return res.status(401).end();\n});\n",
      findings: [{ line: 3, messageIncludes: '!==' }],
      output:
        "import express from 'express';\nimport { timingSafeEqual } from 'node:crypto';\napp.post('/predict', (req, res) => {\n" +
        "  if (!(Buffer.byteLength(req.headers['x-api-key']) === Buffer.byteLength(process.env.API_KEY) && " +
        "timingSafeEqual(Buffer.from(req.headers['x-api-key']), Buffer.from(process.env.API_KEY)))) return res.status(401).end();\n});\n",
    },
    {
      name: 'Hono header, crypto already required',
      language: 'javascript',
      code: "const crypto = require('crypto');\nfunction ok(c) {\n  const provided = c.req.header('x-api-key');\n  return provided === API_KEY;\n}\n",
      findings: [{ line: 4 }],
      output:
        "const crypto = require('crypto');\nfunction ok(c) {\n  const provided = c.req.header('x-api-key');\n" +
        '  return (Buffer.byteLength(provided) === Buffer.byteLength(API_KEY) && crypto.timingSafeEqual(Buffer.from(provided), Buffer.from(API_KEY)));\n}\n',
    },
    {
      name: "Express req.get('x-api-key') (a header read) against a stored key",
      language: 'javascript',
      code: "const express = require('express');\napp.post('/ops', (req, res) => {\n  if (req.get('x-api-key') !== OPS_TOKEN) return res.status(401).end();\n});\n",
      findings: [{ line: 3, messageIncludes: 'OPS_TOKEN' }],
      output:
        "const express = require('express');\nconst { timingSafeEqual } = require('node:crypto');\napp.post('/ops', (req, res) => {\n" +
        "  if (!(Buffer.byteLength(req.get('x-api-key')) === Buffer.byteLength(OPS_TOKEN) && " +
        "timingSafeEqual(Buffer.from(req.get('x-api-key')), Buffer.from(OPS_TOKEN)))) return res.status(401).end();\n});\n",
    },
    {
      name: 'token parameter against a stored token',
      language: 'javascript',
      code: 'function check(token) {\n  return token == config.API_TOKEN;\n}\n',
      findings: [{ line: 2 }],
    },
  ],
});
