import os

import gradio as gr
import torch
from huggingface_hub import hf_hub_download
from safetensors.torch import load_file
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

MODEL_ID = "acme-labs/review-sentiment"
MODEL_REVISION = "3f1c2a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"
SUMMARIZER_REVISION = "aa8a9c5b4c4e1e6e6b1f2d1a6f4c7e3b2a1d0c9e"
MAX_REVIEW_CHARS = 5000

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, revision=MODEL_REVISION)
model = AutoModelForSequenceClassification.from_pretrained(MODEL_ID, revision=MODEL_REVISION)
head_path = hf_hub_download(MODEL_ID, "calibration_head.safetensors", revision=MODEL_REVISION)
calibration = torch.nn.Linear(2, 2)
calibration.load_state_dict(load_file(head_path))
summarizer = pipeline("summarization", model="facebook/bart-large-cnn", revision=SUMMARIZER_REVISION)


def classify(review: str):
    if len(review) > MAX_REVIEW_CHARS:
        raise gr.Error(f"Reviews are limited to {MAX_REVIEW_CHARS} characters.")
    inputs = tokenizer(review, return_tensors="pt", truncation=True)
    with torch.no_grad():
        logits = calibration(model(**inputs).logits)
    probs = logits.softmax(-1)[0].tolist()
    summary = summarizer(review, max_length=60, truncation=True)[0]["summary_text"]
    return {"negative": probs[0], "positive": probs[1]}, summary


demo = gr.Interface(
    fn=classify,
    inputs=gr.Textbox(lines=6, max_length=MAX_REVIEW_CHARS, label="Product review"),
    outputs=[gr.Label(label="Sentiment"), gr.Textbox(label="Summary")],
    title="Review sentiment (internal preview)",
)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", auth=(os.environ["DEMO_USER"], os.environ["DEMO_PASSWORD"]))
