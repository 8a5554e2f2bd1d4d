"""Docs assistant: answers questions about our product manuals with retrieval-augmented generation."""
import logging
import os
import secrets
from urllib.parse import urlparse

import requests
from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from langchain_chroma import Chroma
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from openai import OpenAI
from pydantic import BaseModel, Field
from slowapi import Limiter
from slowapi.util import get_remote_address

logger = logging.getLogger("docs-assistant")

INDEX_DIR = os.environ.get("INDEX_DIR", "/data/chroma")
SERVICE_TOKEN = os.environ["DOCS_ASSISTANT_TOKEN"]
ALLOWED_HOSTS = {"docs.example.com", "support.example.com"}
PERSONAS = {
    "support": "a helpful support engineer",
    "sales": "a friendly product specialist",
}

app = FastAPI(title="Docs assistant")
limiter = Limiter(key_func=get_remote_address)
app.state.limiter = limiter
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://docs.example.com"],
    allow_credentials=True,
    allow_methods=["POST"],
    allow_headers=["Authorization", "Content-Type"],
)

client = OpenAI(timeout=30.0, max_retries=2)
store = Chroma(persist_directory=INDEX_DIR, embedding_function=OpenAIEmbeddings())
llm = ChatOpenAI(model="gpt-4o-mini", max_tokens=512, timeout=30)


def require_token(authorization: str = Header(default="")) -> None:
    expected = f"Bearer {SERVICE_TOKEN}"
    if not secrets.compare_digest(authorization.encode(), expected.encode()):
        raise HTTPException(status_code=401, detail="invalid token")


class Question(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    persona: str = "support"


@app.post("/ask", dependencies=[Depends(require_token)])
@limiter.limit("20/minute")
def ask(request: Request, q: Question):
    docs = store.similarity_search(q.question, k=4)
    context = "\n\n".join(d.page_content for d in docs)
    persona = PERSONAS.get(q.persona, PERSONAS["support"])
    try:
        completion = client.chat.completions.create(
            model="gpt-4o-mini",
            max_tokens=800,
            messages=[
                {"role": "system", "content": "You are " + persona + ". Answer only from the context the user gives."},
                {"role": "user", "content": f"Context:\n{context}\n\nQuestion: {q.question}"},
            ],
        )
    except Exception:
        logger.exception("completion failed")
        raise HTTPException(status_code=502, detail="The model is unavailable, try again later.")
    return {"answer": completion.choices[0].message.content}


@app.post("/summarize-url", dependencies=[Depends(require_token)])
@limiter.limit("5/minute")
def summarize_url(request: Request, url: str):
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        raise HTTPException(status_code=400, detail="Only our documentation sites can be summarized.")
    page = requests.get(url, timeout=10)
    summary = llm.invoke(
        [
            ("system", "Summarize the page the user sends in five bullet points."),
            ("user", page.text[:8000]),
        ]
    )
    return {"summary": summary.content}


@app.get("/healthz")
def healthz():
    return {"ok": True}
