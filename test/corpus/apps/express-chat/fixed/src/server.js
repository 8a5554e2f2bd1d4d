const express = require('express');
const cors = require('cors');
const rateLimit = require('express-rate-limit');
const { execFile } = require('node:child_process');
const { timingSafeEqual } = require('node:crypto');
const OpenAI = require('openai');

const app = express();
app.use(cors({ origin: ['https://shop.acme.example'], credentials: true }));
app.use(express.json({ limit: '100kb' }));
app.use(rateLimit({ windowMs: 60_000, limit: 30 }));

const openai = new OpenAI({ timeout: 20_000, maxRetries: 2 });
const OPS_TOKEN = process.env.OPS_TOKEN ?? '';
const OPS_COMMANDS = { 'disk usage': ['df', '-h'], uptime: ['uptime'] };

function requireApiKey(req, res, next) {
  const supplied = Buffer.from(req.get('x-api-key') ?? '');
  const expected = Buffer.from(OPS_TOKEN);
  if (supplied.length !== expected.length || !timingSafeEqual(supplied, expected)) return res.status(401).end();
  next();
}

app.use('/api', requireApiKey);

app.post('/api/chat', async (req, res) => {
  const message = String(req.body.message ?? '').slice(0, 4000);
  console.log('chat request', { length: message.length });
  try {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 600,
      messages: [
        { role: 'system', content: 'You are a friendly assistant for the Acme store.' },
        { role: 'user', content: message },
      ],
    });
    res.json({ reply: completion.choices[0].message.content });
  } catch (err) {
    console.error('completion failed', err);
    res.status(502).json({ error: 'The assistant is unavailable, try again later.' });
  }
});

app.post('/api/ops', async (req, res) => {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 10,
    messages: [
      { role: 'system', content: `Answer with one of: ${Object.keys(OPS_COMMANDS).join(', ')}.` },
      { role: 'user', content: String(req.body.task ?? '').slice(0, 200) },
    ],
  });
  const argv = OPS_COMMANDS[completion.choices[0].message.content.trim()];
  if (!argv) return res.status(400).json({ error: 'unsupported task' });
  execFile(argv[0], argv.slice(1), { timeout: 10_000 }, (error, stdout) => res.send(stdout));
});

app.listen(3000, '127.0.0.1', () => console.log('listening on 3000'));
