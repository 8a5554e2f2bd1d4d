"""Fine-tunes a small causal LM on our support tickets and pushes it to the Hub."""
import json
import os

import numpy as np
import torch
import wandb
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

# WANDB_API_KEY and HF_TOKEN come from the CI secret store.
HF_TOKEN = os.environ["HF_TOKEN"]

BASE_MODEL = "Qwen/Qwen2.5-0.5B"
BASE_REVISION = "060db6499f32faf8b98477b0a26969ef7d8b9987"
DATASET_REVISION = "5b0c2e8d4f1a3c7e9b6d2f0a8c4e1b3d5f7a9c2e"

tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL, revision=BASE_REVISION)
model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, revision=BASE_REVISION)
tickets = load_dataset("acme-labs/support-tickets", split="train", revision=DATASET_REVISION, token=HF_TOKEN)
with open("artifacts/labels.json") as fh:
    labels = json.load(fh)
class_weights = np.load("artifacts/class_weights.npy")

state = torch.load("checkpoints/last.pt", weights_only=True)
model.load_state_dict(state["model"])

detector = torch.hub.load("acme-labs/pii-detector:8d1f0c3b2a4e6f7d9c0b1a2e3f4d5c6b7a8e9f01", "detector")


def tokenize(batch):
    return tokenizer(batch["text"], truncation=True, max_length=512)


wandb.init(project="support-lm")
trainer = Trainer(
    model=model,
    args=TrainingArguments(output_dir="out", num_train_epochs=1, report_to="wandb"),
    train_dataset=tickets.map(tokenize, batched=True),
)
trainer.train()
model.push_to_hub("acme-labs/support-lm", token=HF_TOKEN)
