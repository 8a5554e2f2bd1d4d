// Generates a realistic AI application module in Python of about `lines` lines: FastAPI routes calling
// LLM clients, RAG helpers, model loading and training utilities, with a few of the mistakes AISec reports.
// Deterministic, so benchmark runs compare like with like.
'use strict';

const HEADER = `"""Inference and retrieval service for the support assistant."""
import json
import logging
import os
from typing import Any

import requests
import torch
from fastapi import Depends, FastAPI, Request
from openai import OpenAI
from transformers import AutoModelForCausalLM, AutoTokenizer

logger = logging.getLogger(__name__)
app = FastAPI()
client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY"))
SYSTEM_PROMPT = "You are a helpful support assistant. Answer briefly."


def current_user(request: Request) -> str:
    token = request.headers.get("authorization", "")
    if not token.startswith("Bearer "):
        raise PermissionError("missing token")
    return token.removeprefix("Bearer ")
`;

// Most code is fine; one block in ten repeats a mistake, as in a real service that grew over time.
const sloppy = (i) => i % 10 === 0;

function block(i) {
  switch (i % 6) {
    case 0:
      return `

@app.post("/ask/${i}")
async def ask_${i}(request: Request${sloppy(i) ? '' : ', user: str = Depends(current_user)'}) -> dict[str, Any]:
    body = await request.json()
    question = str(body.get("question", ""))
    if len(question) > 4000:
        raise ValueError("question too long")
    history = body.get("history", [])
    messages = [{"role": "system", "content": ${sloppy(i) ? 'f"{SYSTEM_PROMPT} The customer asks about: {question}"' : 'SYSTEM_PROMPT'}}]
    for turn in history[-6:]:
        role = "assistant" if turn.get("from_assistant") else "user"
        content = str(turn.get("content", ""))
        if len(content) > 4000:
            continue
        messages.append({"role": role, "content": content})
    messages.append({"role": "user", "content": question})
    response = client.chat.completions.create(model="gpt-4o-mini", messages=messages, temperature=0.2, max_tokens=512)
    answer = response.choices[0].message.content
    logger.info("answered question %s with %d characters", ${i}, len(answer or ""))
    return {"answer": answer}
`;
    case 1:
      return `

def load_checkpoint_${i}(path: str) -> torch.nn.Module:
    state = torch.load(path${sloppy(i + 9) ? '' : ', weights_only=True'})
    model = AutoModelForCausalLM.from_pretrained("org/model-${i}", revision="a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0")
    model.load_state_dict(state["model"])
    model.eval()
    return model
`;
    case 2:
      return `

def retrieve_${i}(query: str, k: int = 5) -> list[dict[str, Any]]:
    params = {"q": query, "k": k, "collection": "docs-${i}"}
    response = requests.get("https://search.internal.example/v1/query", params=params, timeout=10)
    response.raise_for_status()
    hits = response.json().get("hits", [])
    ranked = sorted(hits, key=lambda hit: hit.get("score", 0.0), reverse=True)
    return [{"id": hit["id"], "text": hit["text"][:2000]} for hit in ranked[:k]]
`;
    case 3:
      return `

class Summarizer${i}:
    """Summarises retrieved passages with a local model."""

    def __init__(self, model_name: str = "org/summarizer-${i}") -> None:
        self.tokenizer = AutoTokenizer.from_pretrained(model_name, revision="main")
        self.model = AutoModelForCausalLM.from_pretrained(model_name, revision="0123456789abcdef0123456789abcdef01234567")

    def summarize(self, passages: list[str], max_new_tokens: int = 128) -> str:
        text = "\\n\\n".join(passages)
        inputs = self.tokenizer(text, return_tensors="pt", truncation=True, max_length=2048)
        with torch.no_grad():
            output = self.model.generate(**inputs, max_new_tokens=max_new_tokens)
        return self.tokenizer.decode(output[0], skip_special_tokens=True)
`;
    case 4:
      return `

def train_step_${i}(model: torch.nn.Module, batch: dict[str, torch.Tensor], optimizer: torch.optim.Optimizer) -> float:
    model.train()
    optimizer.zero_grad()
    outputs = model(**batch)
    loss = outputs.loss
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()
    return float(loss.detach().cpu())
`;
    default:
      return `

def export_metrics_${i}(metrics: dict[str, float], path: str) -> None:
    payload = {"run": ${i}, "metrics": metrics}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=2)
    logger.debug("wrote metrics for run %s", ${i})
`;
  }
}

function generatePython(lines = 5000) {
  let text = HEADER;
  for (let i = 0; text.split('\n').length < lines; i++) text += block(i);
  return text.split('\n').slice(0, lines).join('\n') + '\n';
}

module.exports = { generatePython };
