"""Local HTTP servers for the tests and benchmarks: on 127.0.0.1, a free port, in a thread.

The built site (``browser.serve``), the scholarly sources (``sources.serve_sources``) and
OpenAlex (``openalex.OpenAlexServer``) all stand on this one runner.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietRequestHandler(BaseHTTPRequestHandler):
    """A handler that prints no line per request into the test output, and sends a reply."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        pass

    def send(
        self, status: int, body: str | bytes, content_type: str, headers: dict | None = None
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def serve_on_loopback(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve with `handler` (a request handler class, or a factory of one) for the duration;
    yield the base URL, ``http://127.0.0.1:PORT`` (no trailing slash)."""
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            thread.join()
