const express = require('express');
const cors = require('cors');
const { exec } = require('child_process');
const OpenAI = require('openai');

const app = express();
app.use(cors({ origin: true, credentials: true }));
app.use(express.json({ limit: '500mb' }));

const openai = new OpenAI({ apiKey: 'sk-proj-YBpqlfmvw4oTk25MJzqOQ4OUt60YrivJ7mkGHGOlT3BlbkFJkgGA0tuwjxZe5xw6h0Xb1t5S2KayJFdn1URctCdV' });
const OPS_TOKEN = process.env.OPS_TOKEN;

app.post('/api/chat', async (req, res) => {
  const { message, tone } = req.body;
  console.log('chat', req.body);
  try {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: `You are a ${tone} assistant for the Acme store.` },
        { role: 'user', content: message },
      ],
    });
    res.json({ reply: completion.choices[0].message.content });
  } catch (err) {
    res.status(500).json({ error: err.message, stack: err.stack });
  }
});

app.post('/api/ops', async (req, res) => {
  if (req.get('x-api-key') !== OPS_TOKEN) return res.status(401).end();
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 100,
    messages: [{ role: 'user', content: `Give the shell command for: ${req.body.task}` }],
  });
  exec(completion.choices[0].message.content, (error, stdout) => res.send(stdout));
});

app.listen(3000, '0.0.0.0', () => console.log('listening on 3000'));
