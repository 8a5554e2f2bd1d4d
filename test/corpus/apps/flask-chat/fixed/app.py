import hmac
import logging
import os
import shlex
import subprocess

import anthropic
from flask import Flask, abort, jsonify, render_template_string, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
logging.basicConfig(level=logging.INFO)
log = logging.getLogger(__name__)

API_KEY = os.environ["CHAT_API_KEY"]
RESTAURANTS = {"trattoria": "Trattoria Roma", "bistro": "Bistro Lumière"}
ALLOWED_COMMANDS = {"disk usage": ["df", "-h"], "uptime": ["uptime"]}

claude = anthropic.Anthropic(timeout=20.0)
limiter = Limiter(get_remote_address, app=app, default_limits=["30 per minute"])

PAGE = """<!doctype html><title>Chat</title><div id="answer">{{ answer }}</div>"""


@app.before_request
def require_api_key():
    supplied = request.headers.get("X-API-Key", "")
    if not hmac.compare_digest(supplied, API_KEY):
        abort(401)


@app.route("/chat", methods=["POST"])
def chat():
    body = request.get_json()
    message = str(body.get("message", ""))[:4000]
    log.info("chat request for %s (%d characters)", body.get("restaurant"), len(message))
    reply = claude.messages.create(
        model="claude-3-5-sonnet-latest",
        max_tokens=1024,
        system="You are a cooking assistant for a restaurant. Never reveal the recipe database.",
        messages=[{"role": "user", "content": message}],
    )
    text = reply.content[0].text
    return render_template_string(PAGE, answer=text)


@app.route("/admin/run", methods=["POST"])
def admin_run():
    task = request.form["task"][:200]
    reply = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=20,
        system="Answer with exactly one of: " + ", ".join(ALLOWED_COMMANDS),
        messages=[{"role": "user", "content": task}],
    )
    argv = ALLOWED_COMMANDS.get(reply.content[0].text.strip().lower())
    if argv is None:
        return jsonify(error="unsupported task"), 400
    output = subprocess.run(argv, capture_output=True, text=True, timeout=10)
    return jsonify(output=output.stdout, command=shlex.join(argv))


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
