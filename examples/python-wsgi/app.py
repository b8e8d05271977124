"""A tiny WSGI app with no dependencies: the example that `hop3 deploy` runs."""
import json
import os

VERSION = os.environ.get("APP_VERSION", "1")


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/health":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    if path == "/env":
        body = json.dumps({"app": os.environ.get("APP"), "version": VERSION}).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]
    if path != "/":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    body = (
        "<!doctype html><title>Hop3</title>"
        '<link rel="stylesheet" href="/static/style.css">'
        f"<h1>Hello from Hop3!</h1><p>version {VERSION}, pid {os.getpid()}</p>"
    ).encode()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [body]
