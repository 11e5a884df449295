"""A short-lived local listener for one OAuth callback (`lawbooks connect`).

It binds the host and port of the redirect URI registered with the provider (the web app's
`LAWBOOKS_PUBLIC_URL/connect/<provider>/callback`, on loopback) and answers one request on
that path, then stops: the browser that approved lawbooks lands here, not on the web app.
"""

from __future__ import annotations

import http.server
import threading
from urllib.parse import parse_qs, urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DONE_PAGE = (b"<!doctype html><title>lawbooks</title><p>lawbooks received the answer. "
             b"You can close this window and go back to the command line.</p>")


class ListenerError(Exception):
    """The callback cannot be received here; the message says what to do instead."""


class Callback:
    def __init__(self, redirect_uri: str) -> None:
        parts = urlsplit(redirect_uri)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        if host not in LOOPBACK or parts.scheme != "http":
            raise ListenerError(
                f"The redirect URI {redirect_uri} is not on this machine's loopback, so this "
                "command cannot receive the answer. Connect in the web app (Connections), or "
                "set LAWBOOKS_PUBLIC_URL to http://127.0.0.1:<port> for the set-up.")
        self.path = parts.path
        self.answer: dict[str, str] | None = None
        self._got = threading.Event()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path != owner.path:
                    self.send_error(404)
                    return
                owner.answer = {k: v[0] for k, v in parse_qs(url.query).items()}
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(DONE_PAGE)
                owner._got.set()

            def log_message(self, format: str, *args: object) -> None:  # codes stay out
                pass

        try:
            self._server = http.server.HTTPServer((host, port), Handler)
        except OSError as error:
            raise ListenerError(
                f"Port {port} on {host} is in use ({error.strerror}), probably by `lawbooks "
                "serve`. Connect in the web app (Connections) instead, or stop the server "
                "while you connect from the command line.") from None
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def wait(self, timeout_s: float) -> dict[str, str] | None:
        """The callback's query parameters, or None when none came in time."""
        try:
            return self.answer if self._got.wait(timeout_s) else None
        finally:
            self._server.shutdown()
            self._server.server_close()
