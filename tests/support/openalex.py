"""A local HTTP server standing in for OpenAlex's ``/works`` list, for the tests and ``make bench``.

It answers as OpenAlex does (``{"meta": {...}, "results": [...], "group_by": []}``, fields cut
to ``select``) for the filters ``metrics`` sends: ``ids.openalex:W1|W2``, ``doi:A|B`` (bare,
case-insensitive) and ``title.search:words`` (every word in the title). It counts the requests,
and a request with more than 100 OR-ed values, or with ``per-page`` over 200, gets OpenAlex's 403.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

from tests.support.loopback import QuietRequestHandler, serve_on_loopback

_WORDS = re.compile(r"\w+")


class OpenAlexServer:
    """``with OpenAlexServer(works) as server:`` serves `works` at ``server.url``."""

    def __init__(self, works: list[dict]):
        self.works = works
        self.requests: list[str] = []  # the paths asked, in order
        self.url = ""  # set while serving
        self._serving = None

    def __enter__(self) -> OpenAlexServer:
        outer = self

        class Handler(QuietRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                outer.requests.append(self.path)
                status, body = outer.answer(self.path)
                self.send(status, json.dumps(body), "application/json; charset=utf-8")

        self._serving = serve_on_loopback(Handler)
        self.url = self._serving.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._serving.__exit__(*exc)

    def answer(self, path: str) -> tuple[int, dict]:
        parts = urlsplit(path)
        if parts.path != "/works":
            return 404, {"error": "Not found", "message": f"{parts.path} is not an endpoint"}
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        attribute, _, value = query.get("filter", "").partition(":")
        values = value.split("|")
        per_page = int(query.get("per-page", query.get("per_page", "25")))
        if len(values) > 100 or per_page > 200:
            return 403, {"error": "Invalid query parameters error.", "message": "too many values"}
        if attribute == "ids.openalex":
            wanted = {f"https://openalex.org/{v.upper()}" for v in values}
            found = [w for w in self.works if w["id"] in wanted]
        elif attribute == "doi":
            wanted = {f"https://doi.org/{v.lower()}" for v in values}
            found = [w for w in self.works if (w.get("doi") or "") in wanted]
        elif attribute == "title.search":
            words = set(_WORDS.findall(value.lower()))
            found = [w for w in self.works if words <= set(_WORDS.findall(w["title"].lower()))]
        else:
            return 403, {"error": "Invalid query parameters error.", "message": attribute}
        fields = query.get("select", "").split(",") if query.get("select") else None
        results = [{k: w.get(k) for k in fields} if fields else w for w in found[:per_page]]
        meta = {"count": len(found), "db_response_time_ms": 12, "page": 1, "per_page": per_page,
                "groups_count": None}  # fmt: skip
        return 200, {"meta": meta, "results": results, "group_by": []}
