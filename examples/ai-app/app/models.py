"""Loads the models the support bot uses."""
import pickle

import torch
import yaml
from huggingface_hub import hf_hub_download
from transformers import AutoModelForCausalLM, AutoTokenizer

# Fake token for the AISec example: never issued by Hugging Face.
HF_TOKEN = "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"


def load_settings(path: str) -> dict:
    with open(path) as handle:
        return yaml.load(handle, Loader=yaml.Loader)


def load_classifier(path: str):
    return torch.load(path)


def load_chat_model():
    tokenizer = AutoTokenizer.from_pretrained("acme/support-bot-7b", token=HF_TOKEN)
    model = AutoModelForCausalLM.from_pretrained("acme/support-bot-7b", trust_remote_code=True, token=HF_TOKEN)
    return tokenizer, model


def load_embeddings_cache():
    path = hf_hub_download(repo_id="acme/support-embeddings", filename="cache.pkl")
    with open(path, "rb") as handle:
        return pickle.load(handle)
