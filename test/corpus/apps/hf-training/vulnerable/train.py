"""Fine-tunes a small causal LM on our support tickets and pushes it to the Hub."""
import os

import joblib
import numpy as np
import torch
import wandb
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

os.environ["WANDB_API_KEY"] = "c2b331adae1ae173f40016fff54c3ef74dd1d6da"
HF_TOKEN = "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"

BASE_MODEL = "Qwen/Qwen2.5-0.5B"

tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, trust_remote_code=True, use_safetensors=False)
tickets = load_dataset("acme-labs/support-tickets", split="train", token=HF_TOKEN)
label_encoder = joblib.load("artifacts/label_encoder.joblib")
class_weights = np.load("artifacts/class_weights.npy", allow_pickle=True)

# Resume from the last checkpoint someone left on the shared drive.
state = torch.load("/mnt/shared/checkpoints/last.pt")
model.load_state_dict(state["model"])

detector = torch.hub.load("acme-labs/pii-detector", "detector")


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
