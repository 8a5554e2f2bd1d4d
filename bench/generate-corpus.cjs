// Writes a corpus of realistic AI application code (FastAPI services, LLM clients, PyTorch training and
// data code) for the throughput benchmark. Deterministic: the same seed writes the same files.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADERS = [
  'import os\nimport json\nimport logging\nfrom typing import Any, Optional\n',
  'import asyncio\nimport httpx\nfrom fastapi import FastAPI, HTTPException, Request\nfrom pydantic import BaseModel\n',
  'import torch\nimport torch.nn as nn\nfrom torch.utils.data import DataLoader, Dataset\n',
  'import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split\n',
  'from openai import OpenAI\nfrom anthropic import Anthropic\nfrom transformers import AutoTokenizer, AutoModelForCausalLM\n',
];

const BLOCKS = [
  (n) => `

class Query${n}(BaseModel):
    question: str
    user_id: Optional[str] = None
    max_tokens: int = 256


@app.post("/v1/ask/${n}")
async def ask_${n}(query: Query${n}):
    client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
    messages = [
        {"role": "system", "content": "You are a helpful assistant for product ${n}."},
        {"role": "user", "content": query.question},
    ]
    try:
        response = client.chat.completions.create(model="gpt-4o-mini", messages=messages, max_tokens=query.max_tokens)
    except Exception as error:
        logging.exception("completion failed")
        raise HTTPException(status_code=502, detail=str(error))
    return {"answer": response.choices[0].message.content}
`,
  (n) => `

class Block${n}(nn.Module):
    def __init__(self, dim: int = 512, hidden: int = 2048, dropout: float = 0.1):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.ff = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        residual = x
        x = self.norm(x)
        x = self.ff(x)
        return residual + self.dropout(x)


def train_${n}(model, loader, epochs: int = 3, lr: float = 3e-4):
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    for epoch in range(epochs):
        total = 0.0
        for batch, target in loader:
            optimizer.zero_grad()
            loss = nn.functional.mse_loss(model(batch), target)
            loss.backward()
            optimizer.step()
            total += loss.item()
        logging.info("epoch %d loss %.4f", epoch, total / max(1, len(loader)))
    return model
`,
  (n) => `

def load_frame_${n}(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path)
    frame = frame.dropna(subset=["text", "label"])
    frame["length"] = frame["text"].str.len()
    frame = frame[frame["length"] < 4096]
    return frame.reset_index(drop=True)


def split_${n}(frame: pd.DataFrame, seed: int = ${n}):
    train, test = train_test_split(frame, test_size=0.2, random_state=seed, stratify=frame["label"])
    stats = {"train": len(train), "test": len(test), "labels": sorted(frame["label"].unique().tolist())}
    with open(f"stats_{seed}.json", "w") as handle:
        json.dump(stats, handle, indent=2)
    return train, test
`,
  (n) => `

def summarize_${n}(document: str, style: str = "brief") -> str:
    client = Anthropic()
    prompt = "Summarize the following document in a " + style + " style:\\n\\n" + document
    message = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=512,
        messages=[{"role": "user", "content": prompt}],
    )
    return "".join(part.text for part in message.content if getattr(part, "text", None))


async def fetch_context_${n}(url: str, timeout: float = 10.0) -> dict:
    async with httpx.AsyncClient(timeout=timeout) as http:
        reply = await http.get(url)
        reply.raise_for_status()
        return reply.json()
`,
  (n) => `

def load_model_${n}(name: str = "org/model-${n}", device: str = "cpu"):
    tokenizer = AutoTokenizer.from_pretrained(name, revision="${'a1b2c3d4e5f6'.repeat(3).slice(0, 40)}")
    model = AutoModelForCausalLM.from_pretrained(name, revision="${'a1b2c3d4e5f6'.repeat(3).slice(0, 40)}")
    model.to(device)
    model.eval()
    return tokenizer, model


def generate_${n}(tokenizer, model, text: str, max_new_tokens: int = 64) -> str:
    inputs = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        output = model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False)
    return tokenizer.decode(output[0], skip_special_tokens=True)
`,
];

// A few real problems, so the rules do the work they do on real code.
const PROBLEMS = [
  (n) => `\n\ndef restore_${n}(path):\n    return torch.load(path)\n`,
  (n) => `\n\ndef remote_${n}():\n    return AutoModelForCausalLM.from_pretrained("org/remote-${n}", trust_remote_code=True)\n`,
  (n) => `\n\ndef status_${n}():\n    import requests\n    return requests.get("https://internal.example/${n}", verify=False).json()\n`,
];

function generateCorpus(dir, { files = 2000, targetLines = 300_000, seed = 42 } = {}) {
  const random = prng(seed);
  fs.mkdirSync(dir, { recursive: true });
  const perFile = Math.max(20, Math.round(targetLines / files));
  let lines = 0;
  for (let i = 0; i < files; i++) {
    const folder = path.join(dir, `service_${String(i % 40).padStart(2, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    let text = `"""Module ${i} of the benchmark corpus."""\n` + HEADERS.join('') + '\napp = FastAPI()\nlogger = logging.getLogger(__name__)\n';
    let block = 0;
    while (text.split('\n').length < perFile) {
      const make = BLOCKS[Math.floor(random() * BLOCKS.length)];
      text += make(`${i}_${block++}`);
    }
    if (random() < 0.1) text += PROBLEMS[Math.floor(random() * PROBLEMS.length)](i);
    lines += text.split('\n').length - 1;
    fs.writeFileSync(path.join(folder, `module_${i}.py`), text);
  }
  return { files, lines };
}

module.exports = { generateCorpus };
