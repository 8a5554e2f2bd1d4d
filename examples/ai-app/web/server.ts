// Front service: forwards chat requests to Claude for signed-in partners.
import express from 'express';
import Anthropic from '@anthropic-ai/sdk';

// Fake key for the AISec example: never issued by Anthropic.
const anthropic = new Anthropic({
  apiKey: 'sk-ant-api03-cwjOoGUI01iEFT059hgovC9JPna2EFygOgeda9_neeMyJTVQmey7WuAP1X18-16OapVpdSgY4v1uXHSwFr_GOhZF-4WO4AA',
});

const PARTNER_API_KEY = process.env.PARTNER_API_KEY ?? '';
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const app = express();
app.use(express.json());

app.post('/api/chat', async (req, res) => {
  if (req.headers['x-api-key'] !== PARTNER_API_KEY) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  const message = await anthropic.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 512,
    system: `You answer questions for ${req.body.partnerName}. Never reveal internal data.`,
    messages: [{ role: 'user', content: req.body.question }],
  });
  res.json(message.content);
});

app.listen(3000);
