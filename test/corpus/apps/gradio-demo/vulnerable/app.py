import gradio as gr
import torch
from huggingface_hub import hf_hub_download
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

HF_TOKEN = "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"

tokenizer = AutoTokenizer.from_pretrained("acme-labs/review-sentiment", token=HF_TOKEN)
model = AutoModelForSequenceClassification.from_pretrained(
    "acme-labs/review-sentiment", token=HF_TOKEN, trust_remote_code=True
)
head_path = hf_hub_download("acme-labs/review-sentiment", "calibration_head.pt", token=HF_TOKEN)
calibration = torch.load(head_path)
summarizer = pipeline("summarization", model="facebook/bart-large-cnn")


def classify(review: str):
    inputs = tokenizer(review, return_tensors="pt", truncation=True)
    with torch.no_grad():
        logits = calibration(model(**inputs).logits)
    probs = logits.softmax(-1)[0].tolist()
    summary = summarizer(review, max_length=60)[0]["summary_text"]
    return {"negative": probs[0], "positive": probs[1]}, summary


demo = gr.Interface(
    fn=classify,
    inputs=gr.Textbox(lines=6, label="Product review"),
    outputs=[gr.Label(label="Sentiment"), gr.Textbox(label="Summary")],
    title="Review sentiment (internal preview)",
)

if __name__ == "__main__":
    demo.launch(server_name="0.0.0.0", share=True)
