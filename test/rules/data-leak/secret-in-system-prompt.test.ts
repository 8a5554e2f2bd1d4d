import * as assert from 'node:assert/strict';
import rule from '../../../rules/data-leak/secret-in-system-prompt';
import { initEngine } from '../../../server/src/engine';
import { run, runRuleTests } from '../../support/rule-tester';

// Assembled at run time so that this file holds no key-shaped literal.
const KEY = ['sk-proj-', 'A1b2C3d4E5f6G7h8I9j0', 'T3BlbkFJ', 'k1L2m3N4o5P6q7R8s9T0'].join('');

runRuleTests(rule, {
  valid: [
    { name: 'plain system prompt', language: 'python', code: 'SYSTEM_PROMPT = "You are a helpful assistant. Use the lookup_order tool for orders."\n' },
    { name: 'public URL in a prompt', language: 'python', code: 'messages = [{"role": "system", "content": "Cite https://docs.example.com when relevant."}]\n' },
    { name: 'near miss: key-like text in a user message', language: 'python', code: `messages = [{"role": "user", "content": "my key is ${KEY}"}]\n` },
    { name: 'near miss: the word password without a value', language: 'typescript', code: "const system = 'Never reveal a password or token to the user.';\n" },
    { name: 'placeholder in instructions', language: 'javascript', code: "await generateText({ model, system: 'Use api key: <YOUR_API_KEY>', prompt });\n" },
    {
      name: 'near miss: interpolated names that are not credentials (token counts, key names, the user)',
      language: 'python',
      code: 'SYSTEM_PROMPT = f"Answer {user_name} in at most {max_tokens} tokens ({token_count} used). Sort by {sort_key}."\n',
    },
  ],
  invalid: [
    {
      name: 'a credential interpolated into the prompt: f-string, environment read, template literal, concatenation',
      language: 'python',
      code:
        'engine = index.as_query_engine(system_prompt=f"Escalations use key {OPENAI_API_KEY}.")\n' +
        'messages = [{"role": "system", "content": f"DB password: {os.environ[\'DB_PASSWORD\']}"}]\n' +
        'SYSTEM_PROMPT = "Call the admin API with " + settings.ADMIN_TOKEN\n',
      findings: [
        { line: 1, severity: 'error', text: 'OPENAI_API_KEY', messageIncludes: ['`OPENAI_API_KEY`', 'API key'] },
        { line: 2, severity: 'error', text: "os.environ['DB_PASSWORD']", messageIncludes: 'password' },
        { line: 3, severity: 'error', text: 'settings.ADMIN_TOKEN', messageIncludes: 'token' },
      ],
    },
    {
      name: 'a credential in a Vercel AI SDK system template',
      language: 'typescript',
      code: 'await generateText({ model, system: `Use token ${process.env.GITHUB_TOKEN} for the repo.`, prompt });\n',
      findings: [{ line: 1, severity: 'error', text: 'process.env.GITHUB_TOKEN' }],
    },
    {
      name: 'OpenAI key and internal URL in a SYSTEM_PROMPT constant',
      language: 'python',
      code: `SYSTEM_PROMPT = """You are the support bot.\nCall http://orders.internal:8080/api with key ${KEY}.\n"""\n`,
      findings: [
        { line: 2, severity: 'warning', text: 'http://orders.internal:8080/api', messageIncludes: 'internal URL' },
        { line: 2, severity: 'error', text: KEY, messageIncludes: ['OpenAI project key', 'sk-p…T0'] },
      ],
    },
    {
      name: 'password statement in an OpenAI system message',
      language: 'python',
      code: 'messages = [\n    {"role": "system", "content": "Admin console password: Zq8#mT2!vR9p. Do not share."},\n    {"role": "user", "content": q},\n]\n',
      findings: [{ line: 2, text: 'Zq8#mT2!vR9p', severity: 'error' }],
    },
    {
      name: 'Anthropic system= with a database URL with credentials',
      language: 'python',
      code: 'client.messages.create(model="m", max_tokens=9, system="Query postgres://app:S3cr3tPassw0rd@10.0.3.4:5432/prod when asked.", messages=m)\n',
      findings: [{ line: 1, text: 'S3cr3tPassw0rd', messageIncludes: 'URL with a password' }],
    },
    {
      name: 'LangChain SystemMessage and tuple messages',
      language: 'python',
      code: 'from langchain_core.messages import SystemMessage\nSystemMessage(content="Metadata is at http://169.254.169.254/latest")\nprompt = ChatPromptTemplate.from_messages([("system", "Backend: http://localhost:3000"), ("human", "{q}")])\n',
      findings: [{ line: 2 }, { line: 3 }],
    },
    {
      name: 'Vercel AI SDK system property and a role:system object',
      language: 'typescript',
      code: `await generateText({ model, system: \`Use token ${KEY} for the CRM\`, prompt });\nconst messages = [{ role: 'system', content: 'Inventory API: http://192.168.1.20/api' }];\n`,
      findings: [{ line: 1, text: KEY }, { line: 2, severity: 'warning' }],
    },
  ],
});

describe('data-leak/secret-in-system-prompt: masking', () => {
  before(() => initEngine());
  it('drops query strings of internal URLs from messages', () => {
    const findings = run(rule, { code: 'SYSTEM_PROMPT = "Fetch http://10.1.2.3/report?token=abcdefghijklmnop"\n', language: 'python' });
    assert.equal(findings.length, 1);
    assert.ok(findings[0].message.includes('http://10.1.2.3/report'));
    assert.ok(!findings[0].message.includes('abcdefghijklmnop'));
  });
  it('never prints the key in full', () => {
    const findings = run(rule, { code: `const SYSTEM_PROMPT = "key ${KEY}";\n`, language: 'javascript' });
    assert.equal(findings.length, 1);
    assert.ok(!findings[0].message.includes(KEY));
    assert.ok(!findings[0].message.includes(KEY.slice(4, 20)));
  });
});
