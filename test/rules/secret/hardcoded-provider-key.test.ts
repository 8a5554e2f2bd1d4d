import rule from '../../../rules/secret/hardcoded-provider-key';
import { runRuleTests, type InvalidCase, type ValidCase } from '../../support/rule-tester';
import { keys } from './_keys';

const providerFormats: [string, string, string][] = [
  ['OpenAI API key', keys.openaiLegacy, 'OPENAI_API_KEY'],
  ['OpenAI project key', keys.openaiProject, 'OPENAI_API_KEY'],
  ['OpenAI service account key', keys.openaiServiceAccount, 'OPENAI_API_KEY'],
  ['OpenAI admin key', keys.openaiAdmin, 'OPENAI_ADMIN_KEY'],
  ['Anthropic API key', keys.anthropic, 'ANTHROPIC_API_KEY'],
  ['Anthropic admin key', keys.anthropicAdmin, 'ANTHROPIC_ADMIN_KEY'],
  ['Hugging Face token', keys.huggingface, 'HF_TOKEN'],
  ['Hugging Face organization token', keys.huggingfaceOrg, 'HF_TOKEN'],
  ['Google API key', keys.google, 'GOOGLE_API_KEY'],
  ['Groq API key', keys.groq, 'GROQ_API_KEY'],
  ['Replicate API token', keys.replicate, 'REPLICATE_API_TOKEN'],
  ['Perplexity API key', keys.perplexity, 'PERPLEXITY_API_KEY'],
  ['xAI API key', keys.xai, 'XAI_API_KEY'],
  ['OpenRouter API key', keys.openrouter, 'OPENROUTER_API_KEY'],
  ['LangSmith API key', keys.langsmith, 'LANGSMITH_API_KEY'],
  ['LangSmith API key', keys.langsmithService, 'LANGSMITH_API_KEY'],
  ['Pinecone API key', keys.pinecone, 'PINECONE_API_KEY'],
  ['Databricks token', keys.databricks, 'DATABRICKS_TOKEN'],
  ['AWS access key id', keys.awsAccessKey, 'AWS_ACCESS_KEY_ID'],
  ['AWS access key id', keys.awsSessionKey, 'AWS_ACCESS_KEY_ID'],
  ['Amazon Bedrock API key', keys.bedrock, 'AWS_BEARER_TOKEN_BEDROCK'],
];

// Every format, in both languages, under a name that says nothing: the format alone is enough.
const formatCases: InvalidCase[] = providerFormats.flatMap(([provider, key, envVar]): InvalidCase[] => [
  {
    name: `${provider} in Python`,
    language: 'python',
    code: `value = "${key}"\n`,
    findings: [{ line: 1, column: 9, messageIncludes: [provider, `${key.slice(0, 4)}…${key.slice(-2)}`], severity: 'error', text: `"${key}"` }],
    output: `import os\nvalue = os.environ["${envVar}"]\n`,
  },
  {
    name: `${provider} in TypeScript`,
    language: 'typescript',
    code: `const value: string = '${key}';\n`,
    findings: [{ line: 1, messageIncludes: provider, text: `'${key}'` }],
    output: `const value: string = process.env.${envVar};\n`,
  },
]);

const placeholders = [
  'sk-...',
  'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'your-api-key-here',
  '<OPENAI_API_KEY>',
  '${OPENAI_API_KEY}',
  'changeme',
  'sk-proj-...',
  `sk-proj-${'a'.repeat(40)}T3BlbkFJ${'a'.repeat(40)}`,
  'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'hf_YOURTOKENHEREYOURTOKENHEREYOURTOK',
  'AKIAIOSFODNN7EXAMPLE',
  'AIzaSyDUMMYKEYDUMMYKEYDUMMYKEYDUMMYKE',
  'gsk_your_groq_api_key_here',
  `sk-ant-api03-${'x'.repeat(93)}AA`,
];

const placeholderCases: ValidCase[] = placeholders.flatMap((placeholder): ValidCase[] => [
  { name: `placeholder ${placeholder}`, language: 'python', code: `OPENAI_API_KEY = "${placeholder.replace(/\$/g, '$')}"\n` },
  { name: `placeholder ${placeholder}`, language: 'javascript', code: `const apiKey = '${placeholder}';\n` },
]);

runRuleTests(rule, {
  valid: [
    ...placeholderCases,
    { name: 'environment lookup', language: 'python', code: 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n' },
    { name: 'environment lookup', language: 'javascript', code: 'const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n' },
    { name: 'empty string', language: 'python', code: 'OPENAI_API_KEY = ""\n' },
    { name: 'placeholder in a docstring', language: 'python', code: '"""Set OPENAI_API_KEY=sk-... before running."""\nimport os\n' },
    { name: 'placeholder in a comment', language: 'python', code: '# export OPENAI_API_KEY="sk-proj-xxxxxxxx"\nx = 1\n' },
    { name: 'a key-shaped word inside a longer identifier', language: 'python', code: `name = "prefix${keys.groq}"\n` },
    // Context-dependent shapes without their context are not provider keys (the generic rule judges them by name).
    { name: 'Cohere-shaped value without context', language: 'python', code: `value = "${keys.cohere}"\n` },
    { name: 'DeepSeek-shaped value without context', language: 'javascript', code: `const value = "${keys.deepseek}";\n` },
    { name: 'Azure-shaped value with an unrelated name', language: 'python', code: `checksum = "${keys.azure}"\n` },
    { name: 'W&B-shaped git commit hash', language: 'python', code: `revision = "${keys.wandb}"\n` },
  ],
  invalid: [
    ...formatCases,
    {
      name: 'Bandit misses OPENAI_API_KEY = "sk-..."; we do not',
      language: 'python',
      code: `OPENAI_API_KEY = "${keys.openaiProject}"\n`,
      findings: [{ line: 1, messageIncludes: 'OpenAI project key' }],
    },
    {
      name: 'keyword argument to the client, existing import os, module docstring',
      language: 'python',
      code: `"""Chat service."""\nimport os\nfrom anthropic import Anthropic\n\nclient = Anthropic(api_key="${keys.anthropic}")\n`,
      findings: [{ line: 5, messageIncludes: 'Anthropic API key' }],
      output: `"""Chat service."""\nimport os\nfrom anthropic import Anthropic\n\nclient = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n`,
      fixTitleIncludes: 'os.environ["ANTHROPIC_API_KEY"]',
    },
    {
      name: 'module docstring and no imports: import os goes after the docstring',
      language: 'python',
      code: `"""Downloads the model."""\n\nHF_TOKEN = "${keys.huggingface}"\n`,
      findings: [{ line: 3 }],
      output: `"""Downloads the model."""\nimport os\n\nHF_TOKEN = os.environ["HF_TOKEN"]\n`,
    },
    {
      name: 'two keys on one line are two findings',
      language: 'python',
      code: `creds = {"openai": "${keys.openaiProject}", "groq": "${keys.groq}"}\n`,
      findings: [
        { line: 1, messageIncludes: 'OpenAI' },
        { line: 1, messageIncludes: 'Groq' },
      ],
      output: `import os\ncreds = {"openai": os.environ["OPENAI_API_KEY"], "groq": os.environ["GROQ_API_KEY"]}\n`,
    },
    {
      name: 'key inside a Bearer header becomes an interpolated lookup',
      language: 'python',
      code: `import requests\nrequests.post(url, headers={"Authorization": "Bearer ${keys.groq}"})\n`,
      findings: [{ line: 2, messageIncludes: 'Groq API key' }],
      output: `import requests\nimport os\nrequests.post(url, headers={"Authorization": f"Bearer {os.environ['GROQ_API_KEY']}"})\n`,
    },
    {
      name: 'key inside an f-string',
      language: 'python',
      code: `import os\nurl = f"https://api.example.com/{path}?key=${keys.google}"\n`,
      findings: [{ line: 2, messageIncludes: 'Google API key' }],
      output: `import os\nurl = f"https://api.example.com/{path}?key={os.environ['GOOGLE_API_KEY']}"\n`,
    },
    {
      name: 'fallback of an environment lookup',
      language: 'python',
      code: `import os\nkey = os.getenv("OPENAI_API_KEY", "${keys.openaiLegacy}")\n`,
      findings: [{ line: 2, messageIncludes: 'fallback' }],
      output: 'import os\nkey = os.getenv("OPENAI_API_KEY")\n',
    },
    {
      name: 'written into os.environ: no circular fix',
      language: 'python',
      code: `import os\nos.environ["REPLICATE_API_TOKEN"] = "${keys.replicate}"\n`,
      findings: [{ line: 2, messageIncludes: 'writes it into the environment' }],
    },
    {
      name: 'bytes literal: reported without a fix',
      language: 'python',
      code: `token = b"${keys.huggingface}"\n`,
      findings: [{ line: 1 }],
    },
    {
      name: 'real key in a docstring',
      language: 'python',
      code: `def connect():\n    """Uses ${keys.perplexity} for now."""\n`,
      findings: [{ line: 2, messageIncludes: 'docstring' }],
    },
    {
      name: 'real key in a comment (range is the key itself)',
      language: 'python',
      code: `x = 1  # old key: ${keys.xai}\n`,
      findings: [{ line: 1, column: 19, messageIncludes: 'comment', text: keys.xai }],
    },
    {
      name: 'real key in a JS block comment on its second line',
      language: 'javascript',
      code: `/*\n  key ${keys.pinecone}\n*/\nconst a = 1;\n`,
      findings: [{ line: 2, column: 7, text: keys.pinecone }],
    },
    {
      name: 'object passed to the client constructor',
      language: 'javascript',
      code: `import OpenAI from 'openai';\nconst client = new OpenAI({ apiKey: "${keys.openaiProject}" });\n`,
      findings: [{ line: 2, severity: 'error' }],
      output: `import OpenAI from 'openai';\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n`,
    },
    {
      name: 'fallback after process.env',
      language: 'typescript',
      code: `const key = process.env.ANTHROPIC_API_KEY ?? '${keys.anthropic}';\n`,
      findings: [{ line: 1, messageIncludes: 'fallback' }],
      output: 'const key = process.env.ANTHROPIC_API_KEY;\n',
    },
    {
      name: 'Bearer header string becomes a template literal',
      language: 'javascript',
      code: `fetch(url, { headers: { Authorization: "Bearer ${keys.openrouter}" } });\n`,
      findings: [{ line: 1, messageIncludes: 'OpenRouter' }],
      output: 'fetch(url, { headers: { Authorization: `Bearer ${process.env.OPENROUTER_API_KEY}` } });\n',
    },
    {
      name: 'template literal with a substitution',
      language: 'javascript',
      code: `const auth = \`Bearer ${keys.groq} for \${user}\`;\n`,
      findings: [{ line: 1 }],
      output: 'const auth = `Bearer ${process.env.GROQ_API_KEY} for ${user}`;\n',
    },
    {
      name: 'JSX attribute gets braces',
      language: 'typescriptreact',
      code: `const chat = <Chat apiKey="${keys.google}" />;\n`,
      findings: [{ line: 1 }],
      output: 'const chat = <Chat apiKey={process.env.GOOGLE_API_KEY} />;\n',
    },
    {
      name: 'class field',
      language: 'typescript',
      code: `class Client {\n  private token = "${keys.databricks}";\n}\n`,
      findings: [{ line: 2 }],
      output: 'class Client {\n  private token = process.env.DATABRICKS_TOKEN;\n}\n',
    },
    {
      name: 'test files get a lower severity, not silence',
      language: 'python',
      filePath: 'tests/test_client.py',
      code: `KEY = "${keys.openaiProject}"\n`,
      findings: [{ line: 1, severity: 'warning' }],
    },
    // Context-dependent formats.
    {
      name: 'Cohere key passed to cohere.Client',
      language: 'python',
      code: `import cohere\nco = cohere.Client("${keys.cohere}")\n`,
      findings: [{ line: 2, messageIncludes: 'Cohere API key' }],
      output: `import cohere\nimport os\nco = cohere.Client(os.environ["COHERE_API_KEY"])\n`,
    },
    {
      name: 'Cohere key through an import alias',
      language: 'python',
      code: `import cohere as c\nclient = c.ClientV2(api_key="${keys.cohere}")\n`,
      findings: [{ line: 2, messageIncludes: 'Cohere' }],
    },
    {
      name: 'Mistral key as api_key of Mistral()',
      language: 'python',
      code: `from mistralai import Mistral\nclient = Mistral(api_key="${keys.mistral}")\n`,
      findings: [{ line: 2, messageIncludes: 'Mistral API key' }],
    },
    {
      name: 'DeepSeek key assigned to DEEPSEEK_API_KEY',
      language: 'python',
      code: `DEEPSEEK_API_KEY = "${keys.deepseek}"\n`,
      findings: [{ line: 1, messageIncludes: 'DeepSeek API key' }],
    },
    {
      name: 'Azure OpenAI key in AzureOpenAI(api_key=...)',
      language: 'python',
      code: `from openai import AzureOpenAI\nclient = AzureOpenAI(api_key="${keys.azure}", api_version="2024-10-21")\n`,
      findings: [{ line: 2, messageIncludes: 'Azure OpenAI key' }],
    },
    {
      name: 'W&B key in wandb.login(key=...)',
      language: 'python',
      code: `import wandb\nwandb.login(key="${keys.wandb}")\n`,
      findings: [{ line: 2, messageIncludes: 'Weights & Biases' }],
      output: `import wandb\nimport os\nwandb.login(key=os.environ["WANDB_API_KEY"])\n`,
    },
    {
      name: 'Mistral key in a JS client object',
      language: 'javascript',
      code: `import { Mistral } from '@mistralai/mistralai';\nconst client = new Mistral({ apiKey: '${keys.mistral}' });\n`,
      findings: [{ line: 2, messageIncludes: 'Mistral' }],
    },
    {
      name: 'DeepSeek key under a deepseek config object',
      language: 'typescript',
      code: `const deepseek = { baseURL: 'https://api.deepseek.com', apiKey: '${keys.deepseek}' };\n`,
      findings: [{ line: 1, messageIncludes: 'DeepSeek' }],
    },
  ],
});
