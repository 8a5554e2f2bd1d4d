import rule from '../../../rules/endpoint/tls-verification-disabled';
import * as assert from 'node:assert/strict';
import { initEngine } from '../../../server/src/engine';
import { run, runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'environment dicts that keep verification', language: 'python', code: 'import os\nos.environ.setdefault("REQUESTS_CA_BUNDLE", "/etc/ssl/ca.pem")\nenv = {"NODE_TLS_REJECT_UNAUTHORIZED": "1", "CURL_CA_BUNDLE": certifi_where}\n' },
    { name: 'verify=None keeps the default; verify through a truthy constant', language: 'python', code: 'import requests\nVERIFY = True\nrequests.get(u, verify=None)\nrequests.get(u, verify=VERIFY)\n' },
    { name: 'verify from a parameter is not a constant', language: 'python', code: 'import requests\ndef get(u, verify):\n    return requests.get(u, verify=verify)\n' },
    { name: 'a name assigned twice is not a constant', language: 'python', code: 'import requests\nV = False\nV = "/ca.pem"\nrequests.get(u, verify=V)\n' },
    { name: 'urllib3 requiring certificates; disable_warnings alone', language: 'python', code: 'import urllib3, ssl\nurllib3.PoolManager(cert_reqs="CERT_REQUIRED")\nurllib3.PoolManager(cert_reqs=ssl.CERT_REQUIRED)\nurllib3.disable_warnings()\n' },
    { name: 'grpc channels to this machine, a Unix socket or a cluster service name', language: 'python', code: 'import grpc\ngrpc.insecure_channel("localhost:50051")\ngrpc.insecure_channel("127.0.0.1:9000")\ngrpc.insecure_channel("unix:///tmp/s.sock")\ngrpc.insecure_channel("[::1]:50051")\ngrpc.insecure_channel("inference:50051")\ngrpc.insecure_channel(target)\n' },
    { name: 'grpc secure channel', language: 'python', code: 'import grpc\ngrpc.secure_channel("api.example.com:443", grpc.ssl_channel_credentials())\n' },
    { name: 'rejectUnauthorized 0 does not disable (Node checks !== false)', language: 'javascript', code: "const https = require('https');\nnew https.Agent({ rejectUnauthorized: 0 });\nlet strict = false;\nstrict = true;\nnew https.Agent({ rejectUnauthorized: strict });\n" },
    { name: 'node grpc insecure to localhost', language: 'typescript', code: "import * as grpc from '@grpc/grpc-js';\nnew Client('localhost:50051', grpc.credentials.createInsecure());\n" },
    { name: 'child env with verification on', language: 'javascript', code: "spawn('node', ['a.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '1' } });\n" },
    { name: 'requests with default verification', language: 'python', code: 'import requests\nrequests.post(url, json=body)\n' },
    { name: 'httpx with a CA bundle', language: 'python', code: 'import httpx\nc = httpx.Client(verify="/etc/ssl/ca.pem")\n' },
    { name: 'near miss: jwt.decode verify=False is not TLS', language: 'python', code: 'import jwt\njwt.decode(token, verify=False)\n' },
    { name: 'near miss: unrelated function', language: 'python', code: 'def validate(x, verify=True): ...\nvalidate(data, verify=False)\n' },
    { name: 'near miss: defaults of a context class being defined', language: 'python', code: 'class Ctx:\n    def __init__(self):\n        self.check_hostname = False\n' },
    { name: 'default context', language: 'python', code: 'import ssl\nctx = ssl.create_default_context()\n' },
    { name: 'rejectUnauthorized true', language: 'javascript', code: "const a = new https.Agent({ rejectUnauthorized: true });\n" },
    { name: 'env var set to 1', language: 'typescript', code: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';\n" },
    { name: 'CA bundle pointed at a file', language: 'python', code: 'import os\nos.environ["REQUESTS_CA_BUNDLE"] = "/etc/ssl/corp-ca.pem"\n' },
    { name: 'checkServerIdentity that checks', language: 'javascript', code: 'tls.connect({ checkServerIdentity: (host, cert) => verifyPin(host, cert) });\n' },
  ],
  invalid: [
    {
      name: 'verification variables through setdefault, putenv, update and a child environment',
      language: 'python',
      code:
        'import os\nimport subprocess\nos.environ.setdefault("CURL_CA_BUNDLE", "")\nos.putenv("PYTHONHTTPSVERIFY", "0")\n' +
        'os.environ.update({"REQUESTS_CA_BUNDLE": "", "HF_HOME": "/data"})\nsubprocess.run(["node", "a.js"], env={**os.environ, "NODE_TLS_REJECT_UNAUTHORIZED": "0"})\n',
      findings: [{ line: 3 }, { line: 4 }, { line: 5, text: '"REQUESTS_CA_BUNDLE": ""' }, { line: 6, messageIncludes: 'Node processes' }],
      output: 'import os\nimport subprocess\nos.environ.update({"HF_HOME": "/data"})\nsubprocess.run(["node", "a.js"], env={**os.environ})\n',
    },
    {
      name: 'verify=False through a module constant, used in a function',
      language: 'python',
      code: 'import requests\nVERIFY_TLS = False\ndef fetch(u):\n    return requests.get(u, verify=VERIFY_TLS)\n',
      findings: [{ line: 4, text: 'verify=VERIFY_TLS', messageIncludes: '`VERIFY_TLS` is `False`' }],
      output: 'import requests\nVERIFY_TLS = False\ndef fetch(u):\n    return requests.get(u)\n',
    },
    {
      name: 'urllib3 cert_reqs in every pool constructor, with disable_warnings as related information',
      language: 'python',
      code:
        'import ssl\nimport urllib3\nfrom urllib3 import HTTPSConnectionPool, ProxyManager\nurllib3.disable_warnings()\n' +
        'urllib3.PoolManager(cert_reqs="CERT_NONE")\nProxyManager(proxy, cert_reqs="NONE")\nHTTPSConnectionPool(host, cert_reqs=ssl.CERT_NONE)\nurllib3.connection_from_url(u, cert_reqs="CERT_NONE")\n',
      findings: [
        { line: 5, text: 'cert_reqs="CERT_NONE"' },
        { line: 6, text: 'cert_reqs="NONE"' },
        { line: 7, text: 'cert_reqs=ssl.CERT_NONE' },
        { line: 8 },
      ],
      output:
        'import ssl\nimport urllib3\nfrom urllib3 import HTTPSConnectionPool, ProxyManager\nurllib3.disable_warnings()\n' +
        'urllib3.PoolManager()\nProxyManager(proxy)\nHTTPSConnectionPool(host)\nurllib3.connection_from_url(u)\n',
    },
    {
      name: 'ssl module: wrap_socket cert_reqs, stdlib context, check_hostname and verify_mode through constants',
      language: 'python',
      code:
        'import ssl\nMODE = ssl.CERT_NONE\nCHECK = False\ns = ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)\nctx = ssl._create_stdlib_context()\n' +
        'ctx.check_hostname = CHECK\nctx.verify_mode = MODE\n',
      findings: [
        { line: 4, text: 'cert_reqs=ssl.CERT_NONE' },
        { line: 5, messageIncludes: '_create_stdlib_context' },
        { line: 6, messageIncludes: 'host name' },
        { line: 7, messageIncludes: '`MODE` is `ssl.CERT_NONE`' },
      ],
    },
    {
      name: 'aiohttp verify_ssl=False and ssl=False through a constant',
      language: 'python',
      code: 'import aiohttp\nSSL = False\nconn = aiohttp.TCPConnector(verify_ssl=False)\nasync def f(s):\n    await s.get(u, ssl=SSL)\n',
      findings: [{ line: 3, text: 'verify_ssl=False' }, { line: 5, text: 'ssl=SSL' }],
    },
    {
      name: 'aiohttp ssl=False in a class that only builds http:// addresses is info; with an https address it is an error',
      language: 'python',
      code:
        'import aiohttp\nclass Remote:\n    def connect(self, netloc):\n        self.conn = aiohttp.TCPConnector(ssl=False)\n        self.base = f"http://{netloc}"\n' +
        'class Api:\n    def connect(self, netloc):\n        self.conn = aiohttp.TCPConnector(ssl=False)\n        self.base = f"http://{netloc}"\n        self.secure = f"https://{netloc}"\n',
      findings: [
        { line: 4, severity: 'info', text: 'ssl=False', messageIncludes: 'only plain http://' },
        { line: 8, severity: 'error', text: 'ssl=False' },
      ],
    },
    {
      name: 'grpc insecure channels to other hosts (warning)',
      language: 'python',
      code: 'import grpc\nfrom grpc import aio\nHOST = "10.0.3.7:50051"\ngrpc.insecure_channel("api.example.com:443")\naio.insecure_channel(HOST)\n',
      findings: [
        { line: 4, severity: 'warning', messageIncludes: 'api.example.com:443' },
        { line: 5, severity: 'warning', messageIncludes: '10.0.3.7:50051' },
      ],
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED set from Python for a child process',
      language: 'python',
      code: 'import os\nos.environ["NODE_TLS_REJECT_UNAUTHORIZED"] = "0"\n',
      findings: [{ line: 2, messageIncludes: 'Node processes' }],
      output: 'import os\n',
    },
    {
      name: 'rejectUnauthorized through a constant, child env, env var from a constant',
      language: 'typescript',
      code:
        "import https from 'https';\nconst VERIFY = false;\nconst OFF = '0';\nconst agent = new https.Agent({ keepAlive: true, rejectUnauthorized: VERIFY });\n" +
        "spawn('node', ['a.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });\nprocess.env['NODE_TLS_REJECT_UNAUTHORIZED'] = OFF;\n",
      findings: [
        { line: 4, text: 'rejectUnauthorized: VERIFY', messageIncludes: '`VERIFY` is `false`' },
        { line: 5, text: "NODE_TLS_REJECT_UNAUTHORIZED: '0'" },
        { line: 6 },
      ],
    },
    {
      name: 'rejectUnauthorized false in other clients (pg, tls, ws)',
      language: 'javascript',
      code: "const pool = new Pool({ connectionString: url, ssl: { rejectUnauthorized: false } });\nconst s = tls.connect(443, host, { rejectUnauthorized: false });\nnew WebSocket(u, { rejectUnauthorized: false });\n",
      findings: [{ line: 1 }, { line: 2 }, { line: 3 }],
    },
    {
      name: 'node grpc createInsecure to another host (warning)',
      language: 'typescript',
      code: "import * as grpc from '@grpc/grpc-js';\nconst ADDR = 'models.example.com:443';\nconst c = new Client(ADDR, grpc.credentials.createInsecure());\n",
      findings: [{ line: 3, severity: 'warning', messageIncludes: 'models.example.com:443' }],
    },
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
      name: 'checkServerIdentity that accepts everything',
      language: 'typescript',
      code: "const socket = tls.connect({ host, port, checkServerIdentity: () => undefined });\n",
      findings: [{ line: 1, text: 'checkServerIdentity: () => undefined' }],
      output: 'const socket = tls.connect({ host, port });\n',
    },
    {
      name: 'CURL_CA_BUNDLE emptied and PYTHONHTTPSVERIFY=0',
      language: 'python',
      code: 'import os\nos.environ["CURL_CA_BUNDLE"] = ""\nos.environ["PYTHONHTTPSVERIFY"] = "0"\nrun()\n',
      findings: [{ line: 2, messageIncludes: 'CURL_CA_BUNDLE' }, { line: 3 }],
      output: 'import os\nrun()\n',
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

describe('tls-verification-disabled: urllib3.disable_warnings is a hint, not a finding', () => {
  before(() => initEngine());

  it('adds the silenced warning as related information of each finding in the file', () => {
    const code = 'import urllib3\nimport requests\nurllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)\nrequests.get(u, verify=False)\n';
    const findings = run(rule, { code, language: 'python' });
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].related?.map((r) => [r.range.start.line + 1, r.message]), [[3, 'urllib3 warnings about unverified HTTPS requests are silenced here.']]);
  });

  it('reports nothing for disable_warnings alone, and no related information without it', () => {
    assert.deepEqual(run(rule, { code: 'import urllib3\nurllib3.disable_warnings()\n', language: 'python' }), []);
    const [finding] = run(rule, { code: 'import requests\nrequests.get(u, verify=False)\n', language: 'python' });
    assert.equal(finding.related?.length ?? 0, 0);
  });
});
