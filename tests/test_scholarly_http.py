"""The one HTTP layer: base URLs from the environment, cache, retries, rate limits, clear errors.

Real HTTP against a local server (tests/source_server.py); waits are recorded, never slept.
"""

from __future__ import annotations

import socket

import pytest
import requests
from source_server import Route, SourceServer, environment, serve_sources

from analysis.scholarly.http import SOURCES, Client, SourceError, base_url, user_agent


class FakeTime:
    """An injected clock and sleep: sleeping advances the clock; every wait is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def sources():
    server = SourceServer()
    with serve_sources(server) as url:
        yield server, url


def client(url, tmp_path, fake=None, **kwargs) -> Client:
    fake = fake or FakeTime()
    environ = {**environment(url), **kwargs.pop("environ", {})}
    return Client(cache_dir=tmp_path / "cache", sleep=fake.sleep, clock=fake.clock,
                  environ=environ, **kwargs)  # fmt: skip


def test_base_urls_default_to_the_documented_ones_and_follow_the_variables() -> None:
    assert base_url("doi", {}) == "https://doi.org"
    assert base_url("arxiv", {}) == "https://export.arxiv.org/api"
    assert base_url("openalex", {}) == "https://api.openalex.org"
    assert base_url("orcid", {}) == "https://pub.orcid.org/v3.0"
    assert base_url("dblp", {}) == "https://dblp.org"
    assert base_url("doi", {"PORTFOLIO_DOI_URL": "http://127.0.0.1:9/doi/"}) == (
        "http://127.0.0.1:9/doi"
    )
    assert {s.env for s in SOURCES.values()} == {
        "PORTFOLIO_DOI_URL", "PORTFOLIO_ARXIV_URL", "PORTFOLIO_OPENALEX_URL",
        "PORTFOLIO_ORCID_URL", "PORTFOLIO_DBLP_URL",
    }  # fmt: skip


def test_a_reply_is_fetched_with_the_user_agent_and_accept_then_served_from_the_cache(
    sources, tmp_path
) -> None:
    server, url = sources
    server.routes["/doi/10.1/x"] = Route('{"title": "A"}', content_type="application/json")
    first = client(url, tmp_path, email="ada@example.org")
    assert first.get_json("doi", "/10.1/x", identifier="10.1/x") == {"title": "A"}
    assert first.requests == 1
    headers = server.seen[0].headers
    assert headers["User-Agent"] == user_agent("ada@example.org")
    assert "mailto:ada@example.org" in headers["User-Agent"]
    assert headers["Accept"] == "application/json"
    # A second run (a new client, the same cache folder) asks nothing.
    second = client(url, tmp_path)
    reply = second.get("doi", "/10.1/x", identifier="10.1/x")
    assert (reply.from_cache, second.requests, len(server.seen)) == (True, 0, 1)
    # Another Accept is another request; max_age=0 always asks.
    client(url, tmp_path).get("doi", "/10.1/x", identifier="10.1/x", accept="text/plain")
    client(url, tmp_path, max_age=0).get("doi", "/10.1/x", identifier="10.1/x")
    assert len(server.seen) == 3


def test_the_openalex_key_comes_from_the_environment_and_is_never_shown(sources, tmp_path):
    server, url = sources
    server.routes["/openalex/works/W1?api_key=s3cret"] = Route('{"id": "W1"}')
    server.routes["/openalex/works/W2?api_key=s3cret"] = Route("<html>", content_type="text/html")
    c = client(url, tmp_path, environ={"OPENALEX_API_KEY": "s3cret"})
    assert c.get_json("openalex", "/works/W1", identifier="W1") == {"id": "W1"}
    with pytest.raises(SourceError) as error:
        c.get_json("openalex", "/works/W2", identifier="W2")
    assert "s3cret" not in str(error.value)
    assert str(error.value).startswith("W2: OpenAlex: answered ")
    assert not any("s3cret" in p.read_text() for p in (tmp_path / "cache").iterdir())


def test_429_and_5xx_are_retried_with_backoff_honouring_retry_after(sources, tmp_path) -> None:
    server, url = sources
    server.routes["/orcid/0000/works"] = Route(
        "", 429, headers={"Retry-After": "7"},
        then=Route("", 503, then=Route('{"group": []}')),
    )  # fmt: skip
    fake = FakeTime()
    c = client(url, tmp_path, fake)
    assert c.get_json("orcid", "/0000/works", identifier="0000") == {"group": []}
    assert c.requests == 3
    assert [w for w in fake.waits if w >= 1] == [7.0, 2.0]  # Retry-After, then 2**1


def test_a_429_that_persists_is_a_clear_error(sources, tmp_path) -> None:
    server, url = sources
    route = Route("", 429, headers={"Retry-After": "1"})
    route.then = route  # forever
    server.routes["/openalex/works/W9"] = route
    with pytest.raises(SourceError) as error:
        client(url, tmp_path, tries=3).get("openalex", "/works/W9", identifier="W9")
    assert str(error.value) == (
        "W9: OpenAlex: still rate-limited (HTTP 429) after 3 tries; wait a while and run the "
        "command again"
    )
    assert error.value.status == 429 and len(server.seen) == 3


def test_a_retry_after_beyond_the_limit_is_not_waited_for(sources, tmp_path) -> None:
    server, url = sources
    server.routes["/dblp/pid/1.xml"] = Route("", 429, headers={"Retry-After": "86400"})
    fake = FakeTime()
    with pytest.raises(SourceError, match="rate-limited .* after 1 try"):
        client(url, tmp_path, fake).get("dblp", "/pid/1.xml", identifier="1")
    assert not any(w > 100 for w in fake.waits)


def test_404_and_other_refusals_name_the_identifier_and_the_source(sources, tmp_path) -> None:
    _, url = sources
    c = client(url, tmp_path)
    with pytest.raises(SourceError) as error:
        c.get("doi", "/10.9999/missing", identifier="10.9999/missing")
    assert str(error.value).startswith("10.9999/missing: doi.org: not found (")
    assert error.value.status == 404 and error.value.source == "doi"
    assert not (tmp_path / "cache").exists()  # failures are never cached


def test_offline_is_a_clear_error(tmp_path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    c = client(f"http://127.0.0.1:{port}", tmp_path)
    with pytest.raises(SourceError, match=r"^2404\.19756: the arXiv API: cannot reach .*offline"):
        c.get("arxiv", "/query", identifier="2404.19756", params={"id_list": "2404.19756"})


def test_arxiv_gets_one_request_every_three_seconds(sources, tmp_path) -> None:
    server, url = sources
    for n in (1, 2, 3):
        server.routes[f"/arxiv/query?id_list={n}"] = Route("<feed/>", content_type="text/xml")
    fake = FakeTime()
    c = client(url, tmp_path, fake, max_age=0, limit_loopback=True)
    for n in (1, 2, 3):
        c.get("arxiv", "/query", identifier=str(n), params={"id_list": str(n)},
              accept="application/atom+xml")  # fmt: skip
    assert fake.waits == [3.0, 3.0]
    unlimited = FakeTime()
    c = client(url, tmp_path, unlimited, max_age=0)  # a local server is no public service
    for n in (1, 2):
        c.get("arxiv", "/query", identifier=str(n), params={"id_list": str(n)})
    assert unlimited.waits == []


def test_the_test_run_cannot_reach_the_network() -> None:
    """conftest's guard: a test that tries to reach a real host fails."""
    with pytest.raises((OSError, requests.RequestException)):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    with pytest.raises(OSError):
        socket.getaddrinfo("doi.org", 443)


def test_a_reply_without_a_charset_is_read_as_utf8(sources, tmp_path) -> None:
    server, url = sources
    bibtex = "@article{a, author = {Soljačić, Marin}}"
    server.routes["/dblp/pid/1/2.bib"] = Route(bibtex.encode("utf-8"), content_type="text/plain")
    assert client(url, tmp_path).get("dblp", "/pid/1/2.bib", identifier="1/2").text == bibtex
