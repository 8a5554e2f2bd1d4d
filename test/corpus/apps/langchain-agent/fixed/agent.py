"""Analytics agent: answers questions about the warehouse database and can fetch pages from our docs site."""
import os
from urllib.parse import urlparse

import requests
from langchain.agents import AgentExecutor, create_tool_calling_agent
from langchain_community.utilities import SQLDatabase
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

# A read-only role: the agent can see the sales views and nothing else.
db = SQLDatabase.from_uri(os.environ["WAREHOUSE_READONLY_URL"], include_tables=["sales_summary"])
llm = ChatOpenAI(model="gpt-4o", temperature=0, max_tokens=1024, timeout=60)

DOCS_HOSTS = {"docs.example.com"}
REPORTS = {
    "monthly_revenue": "SELECT month, revenue FROM sales_summary ORDER BY month DESC LIMIT 12",
    "top_regions": "SELECT region, SUM(revenue) FROM sales_summary GROUP BY region ORDER BY 2 DESC LIMIT 5",
}


@tool
def run_report(name: str) -> str:
    """Run one of the predefined reports: monthly_revenue or top_regions."""
    query = REPORTS.get(name)
    if query is None:
        return "Unknown report. Choose monthly_revenue or top_regions."
    return db.run(query)


@tool
def fetch_doc(path: str) -> str:
    """Download a page of docs.example.com by its path."""
    url = "https://docs.example.com/" + path.lstrip("/")
    if urlparse(url).hostname not in DOCS_HOSTS:
        return "Only docs.example.com pages can be fetched."
    return requests.get(url, timeout=10).text[:20000]


tools = [run_report, fetch_doc]

prompt = ChatPromptTemplate.from_messages(
    [
        ("system", "You are a data analyst. Use run_report for numbers and fetch_doc for definitions."),
        ("human", "{input}"),
        ("placeholder", "{agent_scratchpad}"),
    ]
)
agent = create_tool_calling_agent(llm, tools, prompt)
executor = AgentExecutor(agent=agent, tools=tools, max_iterations=5)

if __name__ == "__main__":
    while True:
        question = input("question> ")[:2000]
        result = executor.invoke({"input": question})
        print(result["output"])
