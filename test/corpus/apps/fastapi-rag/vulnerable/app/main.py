"""Docs assistant: answers questions about our product manuals with retrieval-augmented generation."""
import logging
import os

import requests
from fastapi import FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from langchain_community.vectorstores import FAISS
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from openai import OpenAI
from pydantic import BaseModel

logger = logging.getLogger("docs-assistant")

OPENAI_API_KEY = "sk-proj-Ifw3uaJC1j8ciO2kxuSHYyhakIjwvHU1aq5AuhTwT3BlbkFJGzbNTCKRwU1P6VaWiIUPZJb8IVHkAcS284aatqRE"
INDEX_DIR = os.environ.get("INDEX_DIR", "/data/faiss-index")

app = FastAPI(title="Docs assistant", debug=True)
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

client = OpenAI(api_key=OPENAI_API_KEY)
embeddings = OpenAIEmbeddings(api_key=OPENAI_API_KEY)
store = FAISS.load_local(INDEX_DIR, embeddings, allow_dangerous_deserialization=True)
llm = ChatOpenAI(model="gpt-4o-mini", api_key=OPENAI_API_KEY)


class Question(BaseModel):
    question: str
    persona: str = "a helpful support engineer"


@app.post("/ask")
def ask(q: Question):
    docs = store.similarity_search(q.question, k=4)
    context = "\n\n".join(d.page_content for d in docs)
    try:
        completion = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[
                {"role": "system", "content": f"You are {q.persona}. Answer only from this context:\n{context}"},
                {"role": "user", "content": q.question},
            ],
        )
    except Exception as e:
        raise HTTPException(status_code=502, detail=str(e))
    return {"answer": completion.choices[0].message.content}


@app.post("/summarize-url")
def summarize_url(url: str):
    page = requests.get(url, verify=False, timeout=10)
    summary = llm.invoke(f"Summarize this page:\n{page.text[:8000]}")
    return {"summary": summary.content}


@app.get("/healthz")
def healthz():
    return {"ok": True}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="0.0.0.0", port=8000)
