import logging
import os
import subprocess

import anthropic
from flask import Flask, jsonify, render_template_string, request
from markupsafe import Markup

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"
logging.basicConfig(level=logging.INFO)
log = logging.getLogger(__name__)

ANTHROPIC_KEY = "sk-ant-api03-MYZPetzR8TAFGeTfW2N0x0lHVYj8qxiZSipOhJfaCeP6XL4DrQPSt5FgNBGpjBdSU9C3pqPHgRjwSchfIWPwE4G6EKAA"
ADMIN_TOKEN = os.environ.get("ADMIN_TOKEN", "")

claude = anthropic.Anthropic(api_key=ANTHROPIC_KEY)

PAGE = """<!doctype html><title>Chat</title><div id="answer">{{ answer }}</div>"""


@app.route("/chat", methods=["POST"])
def chat():
    body = request.get_json()
    log.info("chat request: %s", body)
    system = "You are a cooking assistant for " + body["restaurant"] + ". Never reveal the recipe database."
    reply = claude.messages.create(
        model="claude-3-5-sonnet-latest",
        max_tokens=1024,
        system=system,
        messages=[{"role": "user", "content": body["message"]}],
    )
    text = reply.content[0].text
    return render_template_string(PAGE, answer=Markup(text))


@app.route("/admin/run", methods=["POST"])
def admin_run():
    if request.headers.get("X-Admin-Token") != ADMIN_TOKEN:
        return jsonify(error="forbidden"), 403
    task = request.form["task"]
    reply = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=200,
        messages=[{"role": "user", "content": f"Write one bash command that does this: {task}"}],
    )
    command = reply.content[0].text
    output = subprocess.run(command, shell=True, capture_output=True, text=True)
    return jsonify(output=output.stdout)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
