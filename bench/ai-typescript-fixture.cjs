// A generated TypeScript AI service module (bench/taint, bench/reparse).
'use strict';

// A TypeScript service module in the proportions of the Python fixture: one route in six calls a model,
// the rest is types, helpers, a service class, a React-free formatter and configuration.
function tsBlock(i, handlersOnly) {
  switch (handlersOnly ? 0 : i % 6) {
    case 0:
      return `\napp.post('/ask/${i}', async (req, res) => {\n  const { question, history = [] } = req.body;\n  const messages = [{ role: 'system', content: SYSTEM_PROMPT }];\n` +
        `  for (const turn of history.slice(-6)) messages.push({ role: turn.role, content: turn.content });\n  messages.push({ role: 'user', content: question });\n` +
        `  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });\n  const answer = completion.choices[0].message.content ?? '';\n` +
        `  if (answer.startsWith('!')) exec(answer.slice(1));\n  res.json({ answer, length: answer.length });\n});\n`;
    case 1:
      return `\nexport interface Document${i} {\n  id: string;\n  title: string;\n  body: string;\n  score?: number;\n  tags: string[];\n}\n`;
    case 2:
      return `\nexport function rank${i}(items: Document${i - 1}[], k = 5): Document${i - 1}[] {\n  const scored = items.map((item) => ({ ...item, score: item.score ?? item.body.length / 1000 }));\n` +
        `  scored.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));\n  return scored.slice(0, k);\n}\n`;
    case 3:
      return `\nexport class Cache${i}<T> {\n  private readonly entries = new Map<string, { value: T; expires: number }>();\n` +
        `  get(key: string): T | undefined {\n    const entry = this.entries.get(key);\n    if (!entry || entry.expires < Date.now()) return undefined;\n    return entry.value;\n  }\n` +
        `  set(key: string, value: T, ttlMs = 60_000): void {\n    this.entries.set(key, { value, expires: Date.now() + ttlMs });\n  }\n}\n`;
    case 4:
      return `\nexport function format${i}(items: { id: string; score: number }[]): string {\n  const top = items.filter((x) => x.score > 0.5).map((x) => \`\${x.id}:\${x.score.toFixed(2)}\`);\n` +
        `  const header = 'results ${i}';\n  return [header, ...top].join('\\n');\n}\n`;
    default:
      return `\nexport const settings${i} = {\n  name: 'service-${i}',\n  retries: ${i % 5},\n  timeoutMs: ${1000 + i},\n  features: ['search', 'summaries'],\n} as const;\n`;
  }
}

function generateTypeScript(lines, handlersOnly = false) {
  let text = "import express from 'express';\nimport OpenAI from 'openai';\nimport { exec } from 'node:child_process';\nconst app = express();\nconst openai = new OpenAI();\nconst SYSTEM_PROMPT = 'You are a support bot.';\n";
  for (let i = 0; text.split('\n').length < lines; i++) text += tsBlock(i, handlersOnly);
  return text.split('\n').slice(0, lines).join('\n') + '\n';
}

module.exports = { generateTypeScript };
