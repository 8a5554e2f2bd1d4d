"""Slack bot that answers questions from the engineering handbook with LlamaIndex."""
import logging
import os

from llama_index.core import Settings, StorageContext, VectorStoreIndex, load_index_from_storage
from llama_index.core.readers import SimpleDirectoryReader
from llama_index.llms.openai import OpenAI
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("handbook-bot")

# Tokens come from the deployment's secret store; OPENAI_API_KEY is read by the OpenAI client itself.
SLACK_BOT_TOKEN = os.environ["SLACK_BOT_TOKEN"]
SLACK_APP_TOKEN = os.environ["SLACK_APP_TOKEN"]
MAX_QUESTION_CHARS = 2000

Settings.llm = OpenAI(model="gpt-4o-mini", max_tokens=600, timeout=30)

if os.path.exists("storage"):
    index = load_index_from_storage(StorageContext.from_defaults(persist_dir="storage"))
else:
    index = VectorStoreIndex.from_documents(SimpleDirectoryReader("handbook").load_data())
    index.storage_context.persist("storage")

query_engine = index.as_query_engine(
    system_prompt="You answer questions about the Acme engineering handbook. For escalations, point to #eng-oncall.",
)

app = App(token=SLACK_BOT_TOKEN)


@app.event("app_mention")
def answer(event, say):
    question = event["text"][:MAX_QUESTION_CHARS]
    logger.info("mention from %s (%d characters)", event["user"], len(question))
    response = query_engine.query(question)
    say(str(response))


if __name__ == "__main__":
    SocketModeHandler(app, SLACK_APP_TOKEN).start()
