"""Builds the FAISS index from the PDF manuals in ./manuals."""
import pickle
from pathlib import Path

from langchain_community.document_loaders import PyPDFLoader
from langchain_community.vectorstores import FAISS
from langchain_openai import OpenAIEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

CACHE = Path(".cache/chunks.pkl")


def load_chunks():
    if CACHE.exists():
        with CACHE.open("rb") as fh:
            return pickle.load(fh)
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=100)
    chunks = []
    for pdf in Path("manuals").glob("*.pdf"):
        chunks.extend(splitter.split_documents(PyPDFLoader(str(pdf)).load()))
    CACHE.parent.mkdir(exist_ok=True)
    with CACHE.open("wb") as fh:
        pickle.dump(chunks, fh)
    return chunks


if __name__ == "__main__":
    index = FAISS.from_documents(load_chunks(), OpenAIEmbeddings())
    index.save_local("/data/faiss-index")
