"""The 404 page: a reader who follows a stale link lands on a page of the book, not a bare error.

The browser test serves the built site as GitHub Pages does: under the path of ``html.baseurl``
(``/portfolio-book/``), answering any missing address, however deep, with ``404.html`` and
status 404. There the page must look like the rest of the book and its links must lead to pages.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from analysis.site.theme.pagenotfound import urls_prefix
from tests.support.book import REPO

PREFIX = urls_prefix(yaml.safe_load((REPO / "_config.yml").read_text())["html"]["baseurl"])
NOINDEX = '<meta name="robots" content="noindex">'


@pytest.mark.parametrize(
    ("baseurl", "prefix"),
    [
        ("https://kindxiaoming.github.io/portfolio-book/", "/portfolio-book/"),
        ("https://ada.example.org/work/papers", "/work/papers/"),
        ("https://ada.github.io/", "/"),
        ("", "/"),
    ],
)
def test_prefix_is_the_path_of_the_published_address(baseurl, prefix):
    assert urls_prefix(baseurl) == prefix


@pytest.mark.parametrize(
    ("baseurl", "stylesheet"),
    [
        pytest.param("https://ada.example.org/papers/", "/papers/_static/", id="own-baseurl"),
        pytest.param("", "/_static/", id="no-baseurl"),
    ],
)
def test_another_book_gets_its_own_prefix(tmp_path, baseurl, stylesheet):
    # A one-page Sphinx project (no toctree) in the book's theme, with the two extensions.
    (tmp_path / "conf.py").write_text(
        "extensions = ['notfound.extension', 'analysis.site.theme.pagenotfound']\n"
        f"html_baseurl = {baseurl!r}\nhtml_theme = 'sphinx_book_theme'\n"
    )
    (tmp_path / "index.rst").write_text("Home\n====\n")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", tmp_path, tmp_path / "out"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "out" / "404.html").read_text(encoding="utf-8")
    assert f'href="{stylesheet}' in page and NOINDEX in page
    assert f'href="{stylesheet.removesuffix("_static/")}index.html">the home page</a>' in page
    assert "publications" not in page  # this book has no publications page to link


def test_the_404_page_is_hidden_from_navigation_crawlers_and_search(site):
    page = (site / "404.html").read_text(encoding="utf-8")
    assert NOINDEX in page and 'rel="canonical"' not in page
    assert "404.html" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    assert "404" not in json.loads(index[index.index("(") + 1 : index.rindex(")")])["docnames"]
    linking = [
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if p.name != "404.html" and "404.html" in p.read_text(encoding="utf-8")
    ]
    assert linking == [], "pages that link the 404 page"
