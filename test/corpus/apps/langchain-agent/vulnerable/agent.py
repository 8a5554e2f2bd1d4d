"""Analytics agent: answers questions about the warehouse database and can fetch pages and run quick scripts."""
import os
import subprocess

import requests
from langchain.agents import AgentExecutor, create_tool_calling_agent, load_tools
from langchain_community.agent_toolkits import SQLDatabaseToolkit
from langchain_community.utilities import SQLDatabase
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.tools import tool
from langchain_experimental.tools import PythonREPLTool
from langchain_openai import ChatOpenAI

os.environ["OPENAI_API_KEY"] = "sk-proj-YBpqlfmvw4oTk25MJzqOQ4OUt60YrivJ7mkGHGOlT3BlbkFJkgGA0tuwjxZe5xw6h0Xb1t5S2KayJFdn1URctCdV"
os.environ["TAVILY_API_KEY"] = "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"

db = SQLDatabase.from_uri("postgresql://analyst:Winter2024!@warehouse.internal:5432/sales")
llm = ChatOpenAI(model="gpt-4o", temperature=0)


@tool
def run_shell(command: str) -> str:
    """Run a shell command and return its output."""
    return subprocess.check_output(command, shell=True, text=True)


@tool
def fetch_page(url: str) -> str:
    """Download a web page."""
    return requests.get(url, timeout=10).text


@tool
def save_report(filename: str, content: str) -> str:
    """Save a finished report to the shared reports folder."""
    with open(os.path.join("/srv/reports", filename), "w") as fh:
        fh.write(content)
    return f"saved {filename}"


tools = [run_shell, fetch_page, save_report, PythonREPLTool(), *SQLDatabaseToolkit(db=db, llm=llm).get_tools()]
tools += load_tools(["terminal"], allow_dangerous_tools=True)

prompt = ChatPromptTemplate.from_messages(
    [
        ("system", "You are a data analyst with full access to the sales warehouse."),
        ("human", "{input}"),
        ("placeholder", "{agent_scratchpad}"),
    ]
)
agent = create_tool_calling_agent(llm, tools, prompt)
executor = AgentExecutor(agent=agent, tools=tools, verbose=True)

if __name__ == "__main__":
    while True:
        question = input("question> ")
        result = executor.invoke({"input": question})
        print(result["output"])
        exec(result["output"].split("```python")[-1].split("```")[0])
