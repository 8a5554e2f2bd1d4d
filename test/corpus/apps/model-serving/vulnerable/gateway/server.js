import express from 'express';

const app = express();
app.use(express.json());

// Forwards chat requests to the vLLM container and records usage per team.
app.post('/v1/chat/completions', async (req, res) => {
  const upstream = await fetch('http://localhost:8000/v1/chat/completions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer sk-local-2f9c4a7e1b8d6f3a5c0e9b7d' },
    body: JSON.stringify(req.body),
  });
  res.status(upstream.status).json(await upstream.json());
});

app.listen(8080);
