"""Serve a built site on 127.0.0.1 and drive Debian's Chromium through Playwright.

Shared by the browser tests (through the fixtures in ``tests/conftest.py``) and by the Lighthouse
benchmark, so every check sees the site the same way: over HTTP, as a reader would.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from tests.support.book import REPO
from tests.support.loopback import serve_on_loopback

# Debian's Chromium, or the browser PORTFOLIO_CHROMIUM names (Playwright's, on GitHub's runners).
CHROMIUM = os.environ.get("PORTFOLIO_CHROMIUM") or "/usr/bin/chromium"
# Playwright cannot download its own browser here; Debian's Chromium must not try to reach the
# network on its own either (updates, sync, QUIC probes), or it stalls in a closed sandbox.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not print a line per request into the test output."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        pass


@contextlib.contextmanager
def serve(folder: Path, handler_class: type = QuietHandler) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) for the duration; yield its base URL."""
    with serve_on_loopback(functools.partial(handler_class, directory=str(folder))) as url:
        yield url + "/"


def launch_chromium(playwright):
    """Headless Chromium at CHROMIUM, launched through Playwright with the flags above."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))


def toc_pages(toc: Path = REPO / "_toc.yml") -> list[str]:
    """The site path of every page in `_toc.yml`, root first, e.g. ``index.html``."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    files = [data["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk([data])
    # A toc entry may name its file with its suffix; the built page is always .html.
    return [str(Path(name).with_suffix("")) + ".html" for name in files]


def book_pages(root: Path = REPO) -> list[str]:
    """Every page of the site: those of `_toc.yml`, then the owner's pages out of the navigation
    (``orphan: true`` in their front matter), e.g. ``chapters/extending.html``."""
    pages = toc_pages(root / "_toc.yml")
    for source in sorted((root / "chapters").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        front = text.split("---", 2)[1] if text.startswith("---") else ""
        page = f"chapters/{source.stem}.html"
        if re.search(r"^orphan:\s*true\s*$", front, re.M) and page not in pages:
            pages.append(page)
    return pages


# A chart is any image in a page's article (notebook outputs and figures); not the navbar logo.
CHARTS = "article.bd-article img"
DESKTOP = {"width": 1280, "height": 800}
# axe-core impacts that fail a page.
BLOCKING = {"serious", "critical"}
PHONE = {"width": 375, "height": 812}


class Visit:
    """A page opened in its own browser context, with every loading problem it had."""

    def __init__(self, page, problems: list[str]):
        self.page = page
        self.problems = problems


def _is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))


@contextlib.contextmanager
def visit(browser, url: str, *, theme: str | None = None, viewport=None) -> Iterator[Visit]:
    """Open `url` in a fresh context (optionally in `theme` "light"/"dark") and wait until loaded.

    ``problems`` lists console errors, uncaught exceptions, failed requests, HTTP errors and any
    request that leaves 127.0.0.1: the site must work offline, whole, from its own folder.
    """
    context = browser.new_context(viewport=viewport or DESKTOP)
    if theme:
        # pydata-sphinx-theme reads the reader's choice from localStorage before first paint.
        context.add_init_script(
            f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');"
        )
    problems: list[str] = []

    def block_external(route) -> None:
        problems.append(f"request leaves the site: {route.request.url}")
        route.abort("blockedbyclient")

    context.route(lambda u: not _is_local(u), block_external)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    page.on(
        "requestfailed",
        lambda r: _is_local(r.url) and problems.append(f"failed: {r.url} ({r.failure})"),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"),
    )
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        yield Visit(page, problems)
    finally:
        context.close()


def blocking_violations(results: dict) -> list[str]:
    """One line per element with a serious or critical violation: rule, impact, target, why."""
    lines = []
    for rule in results["violations"]:
        if rule["impact"] not in BLOCKING:
            continue
        for node in rule["nodes"]:
            target = " ".join(map(str, node["target"]))
            lines.append(f"{rule['id']} ({rule['impact']}) at {target}: {node['failureSummary']}")
    return lines
