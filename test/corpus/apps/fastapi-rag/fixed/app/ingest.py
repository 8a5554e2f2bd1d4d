"""Builds the Chroma index from the PDF manuals in ./manuals."""
import json
from pathlib import Path

from langchain_chroma import Chroma
from langchain_community.document_loaders import PyPDFLoader
from langchain_core.documents import Document
from langchain_openai import OpenAIEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

CACHE = Path(".cache/chunks.json")


def load_chunks():
    if CACHE.exists():
        return [Document(**item) for item in json.loads(CACHE.read_text())]
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=100)
    chunks = []
    for pdf in Path("manuals").glob("*.pdf"):
        chunks.extend(splitter.split_documents(PyPDFLoader(str(pdf)).load()))
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_text(json.dumps([{"page_content": c.page_content, "metadata": c.metadata} for c in chunks]))
    return chunks


if __name__ == "__main__":
    Chroma.from_documents(load_chunks(), OpenAIEmbeddings(), persist_directory="/data/chroma")
