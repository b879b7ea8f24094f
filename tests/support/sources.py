"""A local HTTP server standing in for the scholarly sources (DOI, arXiv, ORCID, OpenAlex, DBLP).

Routes map a path (with its query string, as the client sends it) to a reply; every request is
recorded, so a test can say what was asked and with which headers. ``environment(url)`` gives
the variables that point every source at the server.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import unquote

from tests.support.loopback import QuietRequestHandler, serve_on_loopback

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

    class Handler(QuietRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            server.seen.append(Seen(unquote(self.path), dict(self.headers)))
            route = server.reply(self.path)
            self.send(route.status, route.body, route.content_type, route.headers)

    with serve_on_loopback(Handler) as url:
        yield url
