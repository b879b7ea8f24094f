"""The one HTTP layer of every scholarly source: cache, retries, rate limits, clear errors.

Every command that fetches (``add`` of an identifier, ``sync``, ``metrics``, ``init --orcid``)
goes through a :class:`Client`; nothing else in the package opens a connection.

Stable API (``metrics`` builds on it):

``SOURCES``
    name -> :class:`Source` for ``doi``, ``arxiv``, ``openalex``, ``orcid``, ``dblp``: its label
    for messages, the environment variable replacing its base URL (``PORTFOLIO_DOI_URL``,
    ``PORTFOLIO_ARXIV_URL``, ``PORTFOLIO_OPENALEX_URL``, ``PORTFOLIO_ORCID_URL``,
    ``PORTFOLIO_DBLP_URL``), its documented base URL, and the least time between two requests
    (arXiv asks for one request every 3 seconds).
``base_url(source) -> str``
    The base URL in force (the variable's value, else the documented one), without a final ``/``.
``Client(email="", cache_dir=None, max_age=DAY, sleep=time.sleep, clock=time.monotonic,
         tries=4, timeout=(10, 60), environ=os.environ, limit_loopback=False)``
    ``client.get(source, path, identifier=..., params=None, accept="application/json")``
    returns a :class:`Reply` (``status``, ``text``, ``url``, ``from_cache``);
    ``client.get_json(...)`` (same arguments) its parsed JSON; ``client.requests`` counts the
    requests that reached the network (cached replies do not). ``identifier`` is what the user
    asked for (a DOI, an ORCID iD): every error names it and the source.
``SourceError(source, identifier, message)``
    Offline, a timeout, 404, another 4xx, a 429 or 5xx that persists after the retries, a
    reply that is not what the source documents (``get_json`` on non-JSON; parsers raise it
    too). ``str(error)`` is one line for the user; ``error.status`` the HTTP status or None.

Behaviour: a User-Agent naming the project, its address and the owner's contact e-mail when
given (Crossref's and OpenAlex's polite pools); ``OPENALEX_API_KEY`` from the environment sent as
``api_key`` to OpenAlex (required since February 2026); a timeout on every call; retries on 429
and 5xx with exponential backoff, honouring ``Retry-After`` (seconds or an HTTP date) up to
``MAX_WAIT``: a longer wait counts as a persistent 429. The rate limits protect the public
services: a source served from the loopback (a test, a local mirror) is not limited unless
``limit_loopback``.

The cache is a folder of small JSON files of our own (one per request: URL, Accept, status,
body, time), not requests-cache: it needs no extra dependency and is easy to inspect or delete.
It lives in ``PORTFOLIO_CACHE_DIR`` if set, else in the user's cache folder
(platformdirs: ``~/.cache/portfolio-analysis/http`` on Linux), never in the book. Only successful
replies are kept, for ``max_age`` seconds (a day), so re-running ``sync`` costs no request;
``max_age=0`` always asks the source. The API key is never part of a cache key or a message.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

PROJECT = "portfolio-analysis"
DAY = 24 * 3600
MAX_WAIT = 120.0  # seconds: a Retry-After longer than this is a persistent 429
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Source:
    """One scholarly source: how messages name it and where it lives."""

    label: str
    env: str
    default_url: str
    min_interval: float = 0.0  # seconds between two requests, as the source asks


SOURCES: dict[str, Source] = {
    "doi": Source("doi.org", "PORTFOLIO_DOI_URL", "https://doi.org"),
    "arxiv": Source("the arXiv API", "PORTFOLIO_ARXIV_URL", "https://export.arxiv.org/api", 3.0),
    "openalex": Source("OpenAlex", "PORTFOLIO_OPENALEX_URL", "https://api.openalex.org", 0.1),
    "orcid": Source("ORCID", "PORTFOLIO_ORCID_URL", "https://pub.orcid.org/v3.0", 0.05),
    "dblp": Source("DBLP", "PORTFOLIO_DBLP_URL", "https://dblp.org", 1.0),
}


class SourceError(Exception):
    """A source could not give what was asked; the message names the identifier and the source."""

    def __init__(self, source: str, identifier: str, message: str, status: int | None = None):
        self.source, self.identifier, self.status = source, identifier, status
        label = SOURCES[source].label if source in SOURCES else source
        super().__init__(f"{identifier}: {label}: {message}")


@dataclass(frozen=True)
class Reply:
    """A successful answer (2xx), from the network or the cache."""

    status: int
    text: str
    url: str
    from_cache: bool = False


def base_url(source: str, environ: Mapping[str, str] = os.environ) -> str:
    """The base URL of `source`: its environment variable if set, else the documented one."""
    spec = SOURCES[source]
    return (environ.get(spec.env) or spec.default_url).rstrip("/")


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    if environ.get("PORTFOLIO_CACHE_DIR"):
        return Path(environ["PORTFOLIO_CACHE_DIR"])
    import platformdirs

    return Path(platformdirs.user_cache_dir(PROJECT)) / "http"


def user_agent(email: str = "") -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version(PROJECT)
    except PackageNotFoundError:
        own = "dev"
    return f"{PROJECT}/{own}" + (f" (mailto:{email})" if email else "")


class Client:
    """Fetches from the scholarly sources; see the module docstring for the contract."""

    def __init__(
        self,
        email: str = "",
        cache_dir: Path | str | None = None,
        max_age: float = DAY,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        tries: int = 4,
        timeout: tuple[float, float] = (10.0, 60.0),
        environ: Mapping[str, str] = os.environ,
        limit_loopback: bool = False,
    ):
        self.environ = environ
        self.limit_loopback = limit_loopback  # a local server (a test, a mirror) needs no limit
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(environ)
        self.max_age, self.sleep, self.clock = max_age, sleep, clock
        self.tries, self.timeout = max(1, tries), timeout
        self.requests = 0  # requests that reached the network
        self._last: dict[str, float] = {}  # source -> clock() of its last request
        import requests  # here, not at the top: `check` and `add FILE` never pay for it

        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent(email)

    def get_json(
        self, source: str, path: str, *, identifier: str, params=None, accept="application/json"
    ) -> Any:
        """The JSON a source answers; SourceError if it is not JSON."""
        reply = self.get(source, path, identifier=identifier, params=params, accept=accept)
        try:
            return json.loads(reply.text)
        except ValueError:
            raise SourceError(
                source, identifier, f"answered {reply.url} with something that is not JSON"
            ) from None

    def get(
        self,
        source: str,
        path: str,
        *,
        identifier: str,
        params: Mapping[str, str] | None = None,
        accept: str = "application/json",
    ) -> Reply:
        """GET ``base_url(source) + path``: from the cache when fresh, else from the source."""
        url = base_url(source, self.environ) + path
        params = dict(params or {})
        key = _cache_key(url, params, accept)
        cached = self._read_cache(key)
        if cached is not None:
            return cached
        secret = {}
        if source == "openalex" and self.environ.get("OPENALEX_API_KEY"):
            secret["api_key"] = self.environ["OPENALEX_API_KEY"]
        reply = self._fetch(source, url, {**params, **secret}, accept, identifier)
        self._write_cache(key, reply)
        return reply

    def _fetch(self, source, url, params, accept, identifier) -> Reply:
        import requests

        status, tried = None, 0
        for attempt in range(self.tries):
            tried = attempt + 1
            if self.limit_loopback or not _is_loopback(url):
                self._wait_turn(source)
            try:
                response = self.session.get(
                    url, params=params, headers={"Accept": accept}, timeout=self.timeout
                )
            except requests.Timeout:
                raise SourceError(source, identifier, f"no answer from {url} in time; try "
                                  "again later") from None  # fmt: skip
            except requests.RequestException as exc:
                raise SourceError(source, identifier, f"cannot reach {url} ({_reason(exc)}); "
                                  "are you offline?") from None  # fmt: skip
            finally:
                self.requests += 1
            status = response.status_code
            shown = _without_key(response.url)
            if 200 <= status < 300:
                if "charset=" not in response.headers.get("Content-Type", "").lower():
                    response.encoding = "utf-8"  # not requests' ISO-8859-1 guess for text/*
                return Reply(status, response.text, shown)
            if status == 404:
                raise SourceError(source, identifier, f"not found ({shown}: HTTP 404); check "
                                  "the identifier", status)  # fmt: skip
            if status not in RETRY_STATUSES:
                raise SourceError(source, identifier, f"refused the request ({shown}: HTTP "
                                  f"{status})", status)  # fmt: skip
            if attempt + 1 < self.tries:
                wait = _retry_after(response.headers.get("Retry-After"), time.time())
                wait = 2.0**attempt if wait is None else wait
                if wait > MAX_WAIT:
                    break
                self.sleep(wait)
        what = "rate-limited (HTTP 429)" if status == 429 else f"failing (HTTP {status})"
        raise SourceError(source, identifier, f"still {what} after {plural_tries(tried)}; wait a "
                          "while and run the command again", status)  # fmt: skip

    def _wait_turn(self, source: str) -> None:
        """Keep the source's published rate: sleep until its interval since the last request."""
        interval = SOURCES[source].min_interval
        last = self._last.get(source)
        if last is not None and interval:
            remaining = interval - (self.clock() - last)
            if remaining > 0:
                self.sleep(remaining)
        self._last[source] = self.clock()

    def _read_cache(self, key: str) -> Reply | None:
        if self.max_age <= 0:
            return None
        try:
            record = json.loads((self.cache_dir / f"{key}.json").read_text(encoding="utf-8"))
            if time.time() - float(record["time"]) > self.max_age:
                return None
            return Reply(int(record["status"]), str(record["text"]), str(record["url"]), True)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged: ask the source

    def _write_cache(self, key: str, reply: Reply) -> None:
        record = {"time": time.time(), "status": reply.status, "url": reply.url, "text": reply.text}
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            temporary = self.cache_dir / f".{key}.{os.getpid()}.tmp"
            temporary.write_text(json.dumps(record), encoding="utf-8")
            os.replace(temporary, self.cache_dir / f"{key}.json")
        except OSError:
            pass  # a cache that cannot be written only costs a request next time


def plural_tries(count: int) -> str:
    return "1 try" if count == 1 else f"{count} tries"


def _cache_key(url: str, params: Mapping[str, str], accept: str) -> str:
    material = json.dumps([url, sorted(params.items()), accept])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def _without_key(url: str) -> str:
    """The URL as messages show it: never with the OpenAlex API key."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "api_key"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "") in ("127.0.0.1", "localhost", "::1")


def _reason(exc: requests.RequestException) -> str:
    text = str(exc)
    for marker in ("Name or service not known", "Connection refused", "Temporary failure",
                   "Network is unreachable", "nodename nor servname"):  # fmt: skip
        if marker in text:
            return marker.lower()
    return type(exc).__name__
