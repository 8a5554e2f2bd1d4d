import requests
from openai import OpenAI
from transformers import AutoModelForCausalLM

client = OpenAI(api_key="sk-proj-Xk29fLq81VbQm2ZrWc84NpLdT3BlbkFJa7Qm2ZrWc84NpLd0sE5uYhGtR9")

model = AutoModelForCausalLM.from_pretrained(
    "acme/summarizer",
    revision="3f2a9c1d8b7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a",
    trust_remote_code=True,
)


def fetch_context(url: str) -> str:
    return requests.get(url, verify=False, timeout=10).text
