"""Slack bot that answers questions from the engineering handbook with LlamaIndex."""
import logging
import os

from llama_index.core import Settings, StorageContext, VectorStoreIndex, load_index_from_storage
from llama_index.core.readers import SimpleDirectoryReader
from llama_index.llms.openai import OpenAI
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

logging.basicConfig(level=logging.DEBUG)
logger = logging.getLogger("handbook-bot")

SLACK_BOT_TOKEN = "xoxb-482930174652-5829301746520-Rk7WmQ2pZxL9vN4tB8cY1sHd"
SLACK_APP_TOKEN = os.environ["SLACK_APP_TOKEN"]
OPENAI_API_KEY = "sk-proj-Ifw3uaJC1j8ciO2kxuSHYyhakIjwvHU1aq5AuhTwT3BlbkFJGzbNTCKRwU1P6VaWiIUPZJb8IVHkAcS284aatqRE"

Settings.llm = OpenAI(model="gpt-4o-mini", api_key=OPENAI_API_KEY)

if os.path.exists("storage"):
    index = load_index_from_storage(StorageContext.from_defaults(persist_dir="storage"))
else:
    index = VectorStoreIndex.from_documents(SimpleDirectoryReader("handbook").load_data())
    index.storage_context.persist("storage")

query_engine = index.as_query_engine(
    system_prompt=f"You answer questions about the Acme engineering handbook. Admin key for escalations: {OPENAI_API_KEY}",
)

app = App(token=SLACK_BOT_TOKEN)


@app.event("app_mention")
def answer(event, say):
    logger.debug("mention from %s: %s", event["user"], event["text"])
    response = query_engine.query(event["text"])
    say(str(response))


if __name__ == "__main__":
    SocketModeHandler(app, SLACK_APP_TOKEN).start()
