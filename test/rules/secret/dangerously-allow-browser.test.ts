import rule from '../../../rules/secret/dangerously-allow-browser';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'explicit false', language: 'javascript', code: 'const c = new OpenAI({ dangerouslyAllowBrowser: false });\n' },
    { name: 'no option', language: 'typescript', code: 'const c = new Anthropic();\n' },
    { name: 'a variable is not reported', language: 'javascript', code: 'const c = new OpenAI({ dangerouslyAllowBrowser: isDev });\n' },
  ],
  invalid: [
    {
      name: 'OpenAI client, multi-line',
      language: 'typescript',
      code: "import OpenAI from 'openai';\nconst client = new OpenAI({\n  apiKey: key,\n  dangerouslyAllowBrowser: true,\n});\n",
      findings: [{ line: 4, column: 3, text: 'dangerouslyAllowBrowser: true', messageIncludes: 'the openai client' }],
    },
    {
      name: 'Anthropic with a quoted key, alias import',
      language: 'javascriptreact',
      code: "import { Anthropic as A } from '@anthropic-ai/sdk';\nconst c = new A({ 'dangerouslyAllowBrowser': true });\n",
      findings: [{ line: 2, messageIncludes: '@anthropic-ai/sdk.Anthropic' }],
    },
    {
      name: 'test files get info',
      language: 'typescript',
      filePath: 'src/__tests__/chat.test.ts',
      code: 'const c = new OpenAI({ dangerouslyAllowBrowser: true });\n',
      findings: [{ line: 1, severity: 'info' }],
    },
    {
      name: 'options object not passed directly',
      language: 'javascript',
      code: 'const options = { dangerouslyAllowBrowser: true };\n',
      findings: [{ line: 1, messageIncludes: 'this AI client' }],
    },
  ],
});
