"""Batch inference: labels new tickets with the fine-tuned model."""
import pickle
import sys

from transformers import pipeline

generator = pipeline("text-generation", model="acme-labs/support-lm", trust_remote_code=True)

with open(sys.argv[1], "rb") as fh:
    batch = pickle.load(fh)

for ticket in batch:
    print(generator(ticket["text"], max_new_tokens=32)[0]["generated_text"])
