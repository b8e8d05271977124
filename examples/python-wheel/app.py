"""A small WSGI app with one dependency, installed from ./wheels (see requirements.txt)."""
import json
import os

from hop3_greeting import __version__ as greeting_version
from hop3_greeting import greet


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/health":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    if path == "/info":
        body = json.dumps({"app": os.environ.get("APP"), "greeting": greeting_version, "pid": os.getpid()})
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body.encode()]
    if path != "/":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    who = os.environ.get("GREETING_NAME", "Hop3")
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [greet(who).encode() + b"\n"]
