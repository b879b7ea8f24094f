"""A local HTTP server standing in for the scholarly sources (DOI, arXiv, ORCID, OpenAlex, DBLP).

Routes map a path (with its query string, as the client sends it) to a reply; every request is
recorded, so a test can say what was asked and with which headers. ``environment(url)`` gives
the variables that point every source at the server.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

SOURCE_VARIABLES = {
    "doi": "PORTFOLIO_DOI_URL",
    "arxiv": "PORTFOLIO_ARXIV_URL",
    "openalex": "PORTFOLIO_OPENALEX_URL",
    "orcid": "PORTFOLIO_ORCID_URL",
    "dblp": "PORTFOLIO_DBLP_URL",
}


@dataclass
class Route:
    body: str | bytes = ""
    status: int = 200
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    then: Route | None = None  # the reply after the first one (a 429, then a success)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class SourceServer:
    """Routes are keyed by unquoted ``/source/path?query``; unknown paths answer 404."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []

    def reply(self, path: str) -> Route:
        route = self.routes.get(unquote(path))
        if route is None:
            return Route('{"error": "not found"}', 404)
        if route.then is not None:
            self.routes[unquote(path)] = route.then
        return route


def environment(url: str) -> dict[str, str]:
    """Every source's base URL on the server: ``url/doi``, ``url/arxiv``, ..."""
    return {variable: f"{url}/{name}" for name, variable in SOURCE_VARIABLES.items()}


@contextmanager
def serve_sources(server: SourceServer):
    """Serve `server`'s routes on 127.0.0.1 in a thread; yield the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            server.seen.append(Seen(unquote(self.path), dict(self.headers)))
            route = server.reply(self.path)
            body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep the test output clean
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
