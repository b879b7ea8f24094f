"""Every internal link of the built site resolves: each href/src to a file, each #anchor to an id.

Static: the HTML files are parsed with the standard library, no browser needed. Links are
relative, except on the 404 page, served at any depth: its links start with the path the site is
published under (that of ``html.baseurl``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from analysis.site.theme.pagenotfound import urls_prefix
from tests.support.book import REPO
from tests.support.html import read_page

EXTERNAL = ("http:", "https:", "mailto:", "data:", "//")
LINK_ATTRIBUTES = {"href", "src"}


@dataclass(frozen=True)
class Targets:
    """A page's link targets and the ids (and old-style names) one can jump to."""

    links: list[str]
    anchors: set[str]


@cache
def parse(path: Path) -> Targets:
    soup = read_page(path)
    links = [tag[name].strip() for tag in soup.find_all(True) for name in LINK_ATTRIBUTES
             if tag.get(name) is not None]  # fmt: skip
    anchors = {tag["id"] for tag in soup.find_all(id=True)}
    anchors |= {a["name"] for a in soup.find_all("a", attrs={"name": True})}
    return Targets(links, anchors)


def broken_links(site: Path, html: Path, root: str = "/") -> list[str]:
    """The links of one page that do not resolve, each with the reason; `root` is the path the
    site is published under, where a link starting with ``/`` begins."""
    broken = []
    for link in parse(html).links:
        if link.lower().startswith("javascript:"):
            broken.append(f"{link}: javascript: links must not appear")
            continue
        if not link or link.lower().startswith(EXTERNAL):
            continue
        parts = urlsplit(link)
        if parts.path.startswith("/") and not parts.path.startswith(root):
            broken.append(f"{link}: not under {root}, where the site is published")
            continue
        if parts.path.startswith("/"):
            target = (site / unquote(parts.path.removeprefix(root))).resolve()
        else:
            target = (html.parent / unquote(parts.path)).resolve() if parts.path else html
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(site.resolve()):
            broken.append(f"{link}: leaves the site")
        elif not target.is_file():
            broken.append(f"{link}: no file {target.relative_to(site.resolve())}")
        elif parts.fragment and target.suffix == ".html":
            if unquote(parts.fragment) not in parse(target).anchors:
                broken.append(f"{link}: no id {parts.fragment!r} in {target.name}")
    return broken


def test_every_internal_link_resolves(site):
    # _static/ holds the themes' Jinja macro files (*.html), which are not pages.
    pages = sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "_static")
    assert pages, "the built site has no pages"
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    root = urls_prefix(config["html"]["baseurl"])
    problems = [
        f"{html.relative_to(site)}: {problem}"
        for html in pages
        for problem in broken_links(site, html, root)
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        pytest.param("b.html", [], id="file"),
        pytest.param("b.html#there", [], id="anchor-by-id"),
        pytest.param("b.html#old", [], id="anchor-by-name"),
        pytest.param("#here", [], id="same-page-anchor"),
        pytest.param("./", [], id="folder-index"),
        pytest.param("https://example.org/x", [], id="external-ignored"),
        pytest.param("missing.html", ["missing.html: no file missing.html"], id="no-file"),
        pytest.param("b.html#gone", ["b.html#gone: no id 'gone' in b.html"], id="no-anchor"),
        pytest.param("#gone", ["#gone: no id 'gone' in a.html"], id="no-same-page-anchor"),
        pytest.param("../../etc/passwd", ["../../etc/passwd: leaves the site"], id="outside"),
        pytest.param("/site/b.html#there", [], id="root-absolute"),
        pytest.param(
            "/b.html", ["/b.html: not under /site/, where the site is published"], id="not-under"
        ),
        pytest.param("/site/gone.html", ["/site/gone.html: no file gone.html"], id="no-file-abs"),
        pytest.param(
            "javascript:alert(1)",
            ["javascript:alert(1): javascript: links must not appear"],
            id="javascript",
        ),
    ],
)
def test_link_checker_finds_what_is_broken(tmp_path, link, expected):
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "b.html").write_text('<h1 id="there">B</h1><a name="old"></a>')
    page = tmp_path / "a.html"
    page.write_text(f'<p id="here"><a href="{link}">x</a></p>')
    parse.cache_clear()
    assert broken_links(tmp_path, page, "/site/") == expected
