"""Batch inference: labels new tickets with the fine-tuned model."""
import json
import sys

from transformers import pipeline

MODEL_REVISION = "9c4e1b3d5f7a9c2e5b0c2e8d4f1a3c7e9b6d2f0a"
MAX_TICKET_CHARS = 8000

generator = pipeline("text-generation", model="acme-labs/support-lm", revision=MODEL_REVISION)

with open(sys.argv[1], encoding="utf-8") as fh:
    batch = json.load(fh)

for ticket in batch:
    text = str(ticket["text"])[:MAX_TICKET_CHARS]
    print(generator(text, max_new_tokens=32)[0]["generated_text"])
