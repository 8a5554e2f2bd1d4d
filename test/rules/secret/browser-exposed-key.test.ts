import rule from '../../../rules/secret/browser-exposed-key';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'server-only variable', language: 'typescript', code: 'const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n' },
    { name: 'public but not secret', language: 'typescript', code: 'const url = process.env.NEXT_PUBLIC_API_URL;\nconst model = import.meta.env.VITE_MODEL_NAME;\n' },
    {
      name: 'keys that are public by design',
      language: 'javascript',
      code: 'const a = process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;\nconst b = import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY;\nconst c = process.env.NEXT_PUBLIC_FIREBASE_API_KEY;\n',
    },
    { name: 'Python has no bundler', language: 'python', code: 'import os\nkey = os.environ["NEXT_PUBLIC_OPENAI_API_KEY"]\n' },
  ],
  invalid: [
    {
      name: 'Next.js public OpenAI key, with the server-only fix',
      language: 'typescriptreact',
      code: 'const openai = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n',
      findings: [{ line: 1, column: 37, text: 'process.env.NEXT_PUBLIC_OPENAI_API_KEY', messageIncludes: ['Next.js', 'OPENAI_API_KEY'], severity: 'error' }],
      output: 'const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n',
    },
    {
      name: 'Vite, CRA, Expo and bracket access',
      language: 'javascript',
      code:
        'const a = import.meta.env.VITE_ANTHROPIC_API_KEY;\n' +
        'const b = process.env.REACT_APP_HF_TOKEN;\n' +
        'const c = process.env["EXPO_PUBLIC_GROQ_API_KEY"];\n' +
        'const d = import.meta.env.VITE_STRIPE_SECRET_KEY;\n',
      findings: [
        { line: 1, messageIncludes: 'Vite' },
        { line: 2, messageIncludes: 'Create React App' },
        { line: 3, messageIncludes: 'Expo' },
        { line: 4 },
      ],
    },
    {
      name: 'test files get info: a test bundle is not shipped to visitors (docs/severity.md)',
      language: 'javascript',
      filePath: 'web/chat.spec.js',
      code: 'const key = import.meta.env.VITE_OPENAI_API_KEY;\n',
      findings: [{ line: 1, severity: 'info' }],
    },
    {
      name: 'destructured from import.meta.env',
      language: 'typescript',
      code: 'const { VITE_OPENAI_API_KEY, VITE_TITLE } = import.meta.env;\n',
      findings: [{ line: 1, text: 'VITE_OPENAI_API_KEY' }],
    },
    {
      name: 'SvelteKit public env import',
      language: 'typescript',
      code: "import { PUBLIC_GEMINI_API_KEY } from '$env/static/public';\n",
      findings: [{ line: 1, messageIncludes: 'SvelteKit' }],
    },
    {
      name: 'any public variable used as an AI client key',
      language: 'typescript',
      code: "import Groq from 'groq-sdk';\nconst groq = new Groq({ apiKey: import.meta.env.VITE_LLM_KEY ?? '' });\n",
      findings: [{ line: 2, messageIncludes: 'groq-sdk' }],
    },
  ],
});
