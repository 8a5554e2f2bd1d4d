"""Support-bot API: answers customer questions with an LLM and can run "tools" the model asks for."""
import subprocess

import requests
import uvicorn
from fastapi import FastAPI
from openai import OpenAI
from pydantic import BaseModel

# Fake key for the AISec example: never issued by OpenAI.
OPENAI_API_KEY = "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"

client = OpenAI(api_key=OPENAI_API_KEY)
app = FastAPI(debug=True)


class Question(BaseModel):
    customer_name: str
    question: str


@app.post("/ask")
def ask(body: Question):
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": f"You are a support agent. The customer is {body.customer_name}. Be helpful."},
            {"role": "user", "content": body.question},
        ],
    )
    return {"answer": completion.choices[0].message.content}


@app.post("/calculate")
def calculate(body: Question):
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Write a Python expression for: " + body.question}],
    )
    expression = completion.choices[0].message.content
    return {"result": eval(expression)}


@app.post("/run-tool")
def run_tool(body: Question):
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Which shell command answers: " + body.question}],
    )
    command = completion.choices[0].message.content
    output = subprocess.run(command, shell=True, capture_output=True, text=True)
    return {"output": output.stdout}


@app.get("/status")
def status():
    upstream = requests.get("https://status.example.com/api", verify=False, timeout=5)
    return upstream.json()


if __name__ == "__main__":
    uvicorn.run("app.main:app", host="0.0.0.0", port=8000, reload=True)
