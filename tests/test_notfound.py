"""The 404 page: a reader who follows a stale link lands on a page of the book, not a bare error.

The browser test serves the built site as GitHub Pages does: under the path of ``html.baseurl``
(``/portfolio-book/``), answering any missing address, however deep, with ``404.html`` and
status 404. There the page must look like the rest of the book and its links must lead to pages.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from browser_support import QuietHandler, serve, visit
from conftest import REPO
from test_accessibility import blocking_violations

from analysis.site.theme.pagenotfound import urls_prefix

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


@pytest.mark.build
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


class GitHubPages(QuietHandler):
    """The site under PREFIX; any other address gets 404.html with status 404."""

    def send_head(self):
        if self.path.startswith(PREFIX):
            self.path = self.path.removeprefix(PREFIX.rstrip("/"))
            local = Path(self.translate_path(self.path))
            if local.is_file() or (local / "index.html").is_file():
                return super().send_head()
        page = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        return io.BytesIO(page)


@pytest.fixture(scope="module")
def pages_url(site):
    """The built site's address as GitHub Pages would publish it, e.g. http://127.0.0.1:N/portfolio-book/."""
    with serve(site, GitHubPages) as url:
        yield url.rstrip("/") + PREFIX


# The look of the book: what its theme's stylesheets set, read where every page has it.
STYLE_JS = """() => {
  const style = (selector) => {
    const s = getComputedStyle(document.querySelector(selector));
    return [s.fontFamily, s.color, s.backgroundColor, s.position, s.display].join(" | ");
  };
  return {body: style("body"), header: style(".bd-header"), sidebar: style(".bd-sidebar-primary"),
          article: style("article.bd-article h1")};
}"""


@pytest.mark.build
@pytest.mark.browser
def test_a_stale_nested_link_shows_the_books_404_page(chromium, pages_url):
    missing = pages_url + "chapters/no/such/page.html"
    with visit(chromium, pages_url + "index.html") as home:
        book_style = home.page.evaluate(STYLE_JS)
        assert home.problems == []
    with visit(chromium, missing) as v:
        # The only failed response is the page's own 404 (which Chromium also logs to the
        # console): every stylesheet, script and icon loaded.
        own_404 = "the server responded with a status of 404 (Not Found)"
        assert v.problems == [
            f"HTTP 404: {missing}",
            f"console: Failed to load resource: {own_404}",
        ]
        assert v.page.title().startswith("Page not found")
        assert "no page at this address" in v.page.inner_text("article.bd-article")
        assert v.page.evaluate(STYLE_JS) == book_style
        links = v.page.eval_on_selector_all(
            'a[href]:not([href^="#"])', "as => [...new Set(as.map(a => a.href.split('#')[0]))]"
        )
        local = [link for link in links if link.startswith(pages_url)]
        assert len(local) >= 10  # the article's three, the navigation's, the footer's
        dead = [link for link in local if v.page.request.get(link).status != 200]
        assert dead == []
        article = v.page.locator("article.bd-article")
        for text in ("the home page", "the publications", "search the site"):
            assert article.get_by_role("link", name=text).count() == 1, text
        article.get_by_role("link", name="the publications").click()
        v.page.wait_for_load_state("load")
        assert urlsplit(v.page.url).path == PREFIX + "chapters/publications.html"
        assert v.page.title().startswith("Publications")


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_404_page_has_no_serious_accessibility_violations(chromium, pages_url, theme):
    with visit(chromium, pages_url + "chapters/gone.html", theme=theme) as v:
        problems = blocking_violations(Axe().run(v.page).response)
    assert problems == [], "\n".join(problems)
