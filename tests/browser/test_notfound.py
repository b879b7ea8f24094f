"""The 404 page in Chromium, served as GitHub Pages serves it: styled as the book, links working.

The browser test serves the built site as GitHub Pages does: under the path of ``html.baseurl``
(``/portfolio-book/``), answering any missing address, however deep, with ``404.html`` and
status 404. There the page must look like the rest of the book and its links must lead to pages.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from analysis.site.theme.pagenotfound import urls_prefix
from tests.support.book import REPO
from tests.support.browser import QuietHandler, blocking_violations, serve, visit

PREFIX = urls_prefix(yaml.safe_load((REPO / "_config.yml").read_text())["html"]["baseurl"])
NOINDEX = '<meta name="robots" content="noindex">'


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


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_404_page_has_no_serious_accessibility_violations(chromium, pages_url, theme):
    with visit(chromium, pages_url + "chapters/gone.html", theme=theme) as v:
        problems = blocking_violations(Axe().run(v.page).response)
    assert problems == [], "\n".join(problems)
