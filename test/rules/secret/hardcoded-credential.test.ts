import rule from '../../../rules/secret/hardcoded-credential';
import { runRuleTests } from '../../support/rule-tester';
import { keys } from './_keys';

runRuleTests(rule, {
  valid: [
    {
      name: 'a lazy-import table maps names to module paths, not credentials',
      language: 'python',
      code: '_LAZY = {\n    "AuthToken": "._private.auth.auth_token:AuthToken",\n    "SecretStore": "mypkg.storage.secrets:SecretStore",\n}\nAuthToken = "._private.auth.auth_token:AuthToken"\n',
    },
    {
      name: 'token counts and text pieces are not credentials',
      language: 'python',
      code: 'TOTAL_TOKEN = "Xq7vB2nL9pR4sT8w"\nprompt_token = "Kf83JdQ0zPw7LmNb"\nnew_token = "a9F3kL0qZx7Vb2Np"\n',
    },
    {
      name: 'a key named public or anon is published on purpose',
      language: 'python',
      code: 'SUPABASE_ANON_KEY = "Qm9Xa1Lp7Rt3Vz8Wc2Nd5Fg"\nSTRIPE_PUBLIC_API_KEY = "Zp4Kq9Lm2Xv7Bn3Rt8Wc"\n',
    },
    { name: 'environment lookup', language: 'python', code: 'import os\napi_key = os.environ["API_KEY"]\n' },
    { name: 'low-entropy value', language: 'python', code: 'api_key = "aaaaaaaaaaaaaaaaaaaaaaaa"\n' },
    { name: 'placeholder', language: 'python', code: 'api_key = "your-api-key-here"\nclient_secret = "<CLIENT_SECRET>"\npassword = "changeme"\n' },
    { name: 'test-ish low-entropy value', language: 'python', code: 'api_key = "test-key-123"\npassword = "test1234"\n' },
    { name: 'a word is not a password', language: 'python', code: 'password = "hunter"\n' },
    { name: 'empty', language: 'javascript', code: 'const apiKey = "";\n' },
    { name: 'name of the environment variable', language: 'python', code: 'api_key_env = "OPENAI_API_KEY"\ntoken_var = "HF_TOKEN"\n' },
    { name: 'words and paths', language: 'python', code: 'secret_name = "prod/openai/api-key"\ntoken = "/var/run/secrets/token"\n' },
    { name: 'tokenizer vocabulary is not a credential', language: 'python', code: 'tokenizer.pad_token = "<|endoftext|>"\neos_token = "<|im_end|>"\nmax_tokens = 4096\n' },
    { name: 'random value under an unrelated name', language: 'python', code: `request_id = "${keys.token}"\n` },
    { name: 'interpolated Bearer value', language: 'python', code: 'headers = {"Authorization": f"Bearer {token}"}\n' },
    { name: 'interpolated Bearer value', language: 'javascript', code: 'const headers = { Authorization: `Bearer ${token}` };\n' },
    { name: 'provider keys belong to the provider rule', language: 'python', code: `api_key = "${keys.openaiProject}"\n` },
    { name: 'docstrings are documentation', language: 'python', code: `def f():\n    """api_key: ${keys.token}"""\n` },
    // False positives seen on real code (node_modules, the Python standard library) stay fixed.
    { name: 'OAuth grant type URN', language: 'javascript', code: 'const GrantType = { JWT_BEARER: "urn:ietf:params:oauth:grant-type:jwt-bearer" };\n' },
    { name: 'positional argument of getToken is a scope', language: 'javascript', code: "const token = await credential.getToken('499b84ac-1321-427f-aa17-267ca6975798/.default');\n" },
    { name: 'regular expressions named *_pat', language: 'python', code: 'HEX_PAT = "[0-9A-Fa-f]{1,4}"\nlongopt_pat = r"[a-zA-Z](?:[a-zA-Z0-9-]*)"\n' },
    { name: 'URL', language: 'javascript', code: 'const tokenUrl = "https://auth.example.com/oauth/token";\nconst token = "https://auth.example.com/oauth2/v1";\n' },
    {
      name: 'connection URLs with placeholder or interpolated passwords',
      language: 'python',
      code:
        'A = "postgresql://user:password@localhost/db"\nB = "mysql://root:****@db/app"\nC = f"postgresql://app:{pw}@db/app"\n' +
        'D = "mongodb+srv://app:${MONGO_PASSWORD}@cluster0.mongodb.net"\nE = "redis://:<password>@cache:6379"\nF = "postgresql://postgres:postgres@localhost/test"\n' +
        'G = "postgresql://app@db/app"\nH = "https://user:Winter2024!@example.com/"\n',
    },
    {
      name: 'connection URL built with a template literal',
      language: 'typescript',
      code: 'const url = `postgres://app:${process.env.DB_PASSWORD}@db:5432/app`;\n',
    },
  ],
  invalid: [
    {
      name: 'database URL with an inline password, masked in the message',
      language: 'python',
      code: 'db = SQLDatabase.from_uri("postgresql://analyst:Winter2024!@warehouse.internal:5432/sales")\n',
      findings: [{ line: 1, messageIncludes: ['"Wi…"', 'postgresql connection URL'], text: '"postgresql://analyst:Winter2024!@warehouse.internal:5432/sales"' }],
      output: `import os\ndb = SQLDatabase.from_uri(f"postgresql://analyst:{os.environ['DATABASE_PASSWORD']}@warehouse.internal:5432/sales")\n`,
    },
    {
      name: 'SQLAlchemy dialect, mysql and mongodb+srv URLs',
      language: 'javascript',
      code:
        'const a = "postgresql+psycopg2://svc:q7Rk2pLx9v@db/app";\nconst b = \'mysql://root:S3cure-Pass@10.0.0.5:3306/shop\';\n' +
        'const c = "mongodb+srv://reader:Zt8mQ2wLp4@cluster0.ab1cd.mongodb.net/prod?retryWrites=true";\n',
      findings: [
        { line: 1, messageIncludes: ['postgresql connection URL'] },
        { line: 2, messageIncludes: ['mysql connection URL', '"S3…"'] },
        { line: 3, messageIncludes: ['mongodb connection URL'] },
      ],
      output:
        'const a = `postgresql+psycopg2://svc:${process.env.DATABASE_PASSWORD}@db/app`;\nconst b = `mysql://root:${process.env.DATABASE_PASSWORD}@10.0.0.5:3306/shop`;\n' +
        'const c = `mongodb+srv://reader:${process.env.DATABASE_PASSWORD}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true`;\n',
    },
    {
      name: 'high-entropy API key assigned to a variable',
      language: 'python',
      code: `API_KEY = "${keys.token}"\n`,
      findings: [{ line: 1, severity: 'warning', messageIncludes: ['API key', 'API_KEY', `${keys.token.slice(0, 4)}…`] }],
      output: `import os\nAPI_KEY = os.environ["API_KEY"]\n`,
    },
    {
      name: 'password keyword argument, existing import os',
      language: 'python',
      code: `import os\nimport psycopg\nconn = psycopg.connect(host="db", password="${keys.password}")\n`,
      findings: [{ line: 3, messageIncludes: 'password' }],
      output: 'import os\nimport psycopg\nconn = psycopg.connect(host="db", password=os.environ["PASSWORD"])\n',
    },
    {
      name: 'client_secret in a dict, self attribute, default parameter, comparison',
      language: 'python',
      code:
        `config = {"client_secret": "${keys.hexToken}"}\n` +
        `class A:\n    def __init__(self):\n        self.access_token = "${keys.token}"\n` +
        `def login(db_password="${keys.password}"):\n    pass\n` +
        `if password == "${keys.password}":\n    pass\n`,
      findings: [{ line: 1 }, { line: 4 }, { line: 5 }, { line: 7 }],
    },
    {
      name: 'Bearer token in a headers dict',
      language: 'python',
      code: `headers = {"Authorization": "Bearer ${keys.token}"}\n`,
      findings: [{ line: 1, messageIncludes: 'Bearer token' }],
      output: `import os\nheaders = {"Authorization": f"Bearer {os.environ['API_TOKEN']}"}\n`,
    },
    {
      name: 'fallback of os.environ.get',
      language: 'python',
      code: `import os\ntoken = os.environ.get("SERVICE_TOKEN", "${keys.token}")\n`,
      findings: [{ line: 2, messageIncludes: 'fallback' }],
      output: 'import os\ntoken = os.environ.get("SERVICE_TOKEN")\n',
    },
    {
      name: 'camelCase apiKey in an object and x-api-key header',
      language: 'typescript',
      code: `const options = { apiKey: "${keys.token}" };\nfetch(u, { headers: { "x-api-key": "${keys.hexToken}" } });\n`,
      findings: [{ line: 1 }, { line: 2 }],
      output: 'const options = { apiKey: process.env.API_KEY };\nfetch(u, { headers: { "x-api-key": process.env.X_API_KEY } });\n',
    },
    {
      name: 'Bearer token in a fetch header',
      language: 'javascript',
      code: `fetch(u, { headers: { Authorization: 'Bearer ${keys.token}' } });\n`,
      findings: [{ line: 1, messageIncludes: 'Bearer' }],
      output: 'fetch(u, { headers: { Authorization: `Bearer ${process.env.API_TOKEN}` } });\n',
    },
    {
      name: 'JS assignment and default parameter',
      language: 'javascript',
      code: `config.secretKey = "${keys.token}";\nfunction connect(password = "${keys.password}") {}\n`,
      findings: [{ line: 1 }, { line: 2 }],
    },
    {
      name: 'a personal access token and a numbered key',
      language: 'python',
      code: `GITHUB_PAT = "${keys.token}"\nAPI_KEY_2 = "${keys.hexToken}"\n`,
      findings: [{ line: 1, messageIncludes: 'token' }, { line: 2, messageIncludes: 'API key' }],
    },
    {
      name: 'pydantic Field default',
      language: 'python',
      code: `from pydantic import BaseModel, Field\nclass Settings(BaseModel):\n    service_token: str = Field(default="${keys.token}")\n`,
      findings: [{ line: 3, messageIncludes: 'service_token' }],
      output: `from pydantic import BaseModel, Field\nimport os\nclass Settings(BaseModel):\n    service_token: str = Field(default=os.environ["SERVICE_TOKEN"])\n`,
    },
    {
      name: 'JSX attribute with an expression container',
      language: 'javascriptreact',
      code: `const el = <Widget apiKey={"${keys.token}"} />;\n`,
      findings: [{ line: 1 }],
      output: 'const el = <Widget apiKey={process.env.API_KEY} />;\n',
    },
    {
      name: 'a user:password pair is not mistaken for a module path',
      language: 'python',
      code: 'db_password = "admin:Xq7vB2nL9pR4"\n',
      findings: [{ line: 1 }],
    },
    {
      name: 'test files get info',
      language: 'python',
      filePath: 'tests/test_api.py',
      code: `API_TOKEN = "${keys.token}"\n`,
      findings: [{ line: 1, severity: 'info' }],
    },
  ],
});
