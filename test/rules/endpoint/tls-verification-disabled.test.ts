import rule from '../../../rules/endpoint/tls-verification-disabled';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'requests with default verification', language: 'python', code: 'import requests\nrequests.post(url, json=body)\n' },
    { name: 'httpx with a CA bundle', language: 'python', code: 'import httpx\nc = httpx.Client(verify="/etc/ssl/ca.pem")\n' },
    { name: 'near miss: jwt.decode verify=False is not TLS', language: 'python', code: 'import jwt\njwt.decode(token, verify=False)\n' },
    { name: 'near miss: unrelated function', language: 'python', code: 'def validate(x, verify=True): ...\nvalidate(data, verify=False)\n' },
    { name: 'default context', language: 'python', code: 'import ssl\nctx = ssl.create_default_context()\n' },
    { name: 'rejectUnauthorized true', language: 'javascript', code: "const a = new https.Agent({ rejectUnauthorized: true });\n" },
    { name: 'env var set to 1', language: 'typescript', code: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';\n" },
  ],
  invalid: [
    {
      name: 'requests.post verify=False',
      language: 'python',
      code: 'import requests\nr = requests.post(url, json=body, verify=False)\n',
      findings: [{ line: 2, text: 'verify=False', messageIncludes: 'verify=False' }],
      output: 'import requests\nr = requests.post(url, json=body)\n',
    },
    {
      name: 'httpx.AsyncClient verify=False as only argument',
      language: 'python',
      code: 'from httpx import AsyncClient\nclient = AsyncClient(\n    verify=False,\n)\n',
      findings: [{ line: 3, text: 'verify=False' }],
      output: 'from httpx import AsyncClient\nclient = AsyncClient(\n    \n)\n',
    },
    {
      name: 'session method on an unresolved receiver, first argument',
      language: 'python',
      code: 's = make_session()\ns.get(verify=False, url="https://api.openai.com")\n',
      findings: [{ line: 2 }],
      output: 's = make_session()\ns.get(url="https://api.openai.com")\n',
    },
    {
      name: 'process-wide unverified context',
      language: 'python',
      code: 'import ssl\nssl._create_default_https_context = ssl._create_unverified_context\nprint("x")\n',
      findings: [{ line: 2, messageIncludes: 'every HTTPS connection' }],
      output: 'import ssl\nprint("x")\n',
    },
    {
      name: 'unverified context call',
      language: 'python',
      code: 'import ssl\nctx = ssl._create_unverified_context()\n',
      findings: [{ line: 2 }],
      output: 'import ssl\nctx = ssl.create_default_context()\n',
    },
    {
      name: 'session.verify = False and CERT_NONE',
      language: 'python',
      code: 'import ssl\ndef f(session, ctx):\n    session.verify = False\n    ctx.verify_mode = ssl.CERT_NONE\n',
      findings: [{ line: 3 }, { line: 4 }],
      output: 'import ssl\ndef f(session, ctx):\n    pass\n',
    },
    {
      name: 'https.Agent rejectUnauthorized false',
      language: 'typescript',
      code: "import https from 'node:https';\nconst agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });\n",
      findings: [{ line: 2, text: 'rejectUnauthorized: false' }],
      output: "import https from 'node:https';\nconst agent = new https.Agent({ keepAlive: true });\n",
    },
    {
      name: 'strictSSL false last property',
      language: 'javascript',
      code: "request({ url, strictSSL: false });\n",
      findings: [{ line: 1 }],
      output: 'request({ url });\n',
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED in code',
      language: 'javascript',
      code: "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';\nmain();\n",
      findings: [{ line: 1, messageIncludes: 'every HTTPS connection' }],
      output: 'main();\n',
    },
  ],
});
