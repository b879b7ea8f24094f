"""The filter of the publications page, in Chromium, as a reader uses it: keyboard, URL, count.

It must work without reloading the page, keep its state in the address (so a filtered list can
be shared), announce how many papers it shows, and leave every paper in the HTML for readers
without JavaScript.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.support.browser import visit

PAGE = "chapters/publications.html"


def shown(page) -> list[str]:
    return page.eval_on_selector_all(
        "li.portfolio-paper", "cards => cards.filter(c => c.offsetParent).map(c => c.id)"
    )


def test_filter_by_theme_year_and_text_with_the_keyboard(chromium, site_url):
    with visit(chromium, site_url + PAGE) as v:
        page = v.page
        everything = shown(page)
        assert len(everything) > 10
        status = page.get_by_role("status")
        assert re.fullmatch(rf"All {len(everything)} papers shown", status.inner_text())
        page.evaluate("window.notReloaded = true")  # gone if the page is loaded again

        form = page.get_by_role("search", name="Filter the papers")
        theme = form.get_by_label("Theme")
        theme.focus()
        theme.select_option("physics-of-ai")  # as a keyboard user picks an option
        by_theme = shown(page)
        assert 0 < len(by_theme) < len(everything)
        assert status.inner_text() == f"{len(by_theme)} of {len(everything)} papers shown"
        themes = page.eval_on_selector_all(
            "li.portfolio-paper", "cs => cs.filter(c => c.offsetParent).map(c => c.dataset.themes)"
        )
        assert all("physics-of-ai" in t.split() for t in themes)

        search = form.get_by_label("Search the papers")
        search.focus()
        page.keyboard.type("grokking")
        matches = shown(page)
        assert 0 < len(matches) <= len(by_theme)
        texts = page.eval_on_selector_all(
            "li.portfolio-paper", "cs => cs.filter(c => c.offsetParent).map(c => c.textContent)"
        )
        assert all("grokking" in t.lower() for t in texts)
        # Only the year headings with a paper shown under them stay.
        empty_years = page.eval_on_selector_all(
            ".portfolio-year",
            """hs => hs.filter(h => h.offsetParent && ![...h.nextElementSibling.children]
                .some(c => c.offsetParent)).map(h => h.textContent)""",
        )
        assert empty_years == []

        query = parse_qs(urlsplit(page.url).query)
        assert query == {"theme": ["physics-of-ai"], "q": ["grokking"]}
        assert page.evaluate("window.notReloaded"), "filtering reloaded the page"

        form.get_by_role("button", name="Show all").click()
        assert status.inner_text() == f"All {len(everything)} papers shown"
        assert shown(page) == everything
        assert form.get_by_label("Theme").input_value() == ""
        assert search.input_value() == ""
        assert urlsplit(page.url).query == ""
        assert v.problems == []


def test_filtered_address_opens_the_filtered_list(chromium, site_url):
    with visit(chromium, site_url + PAGE + "?type=journal") as v:
        types = v.page.eval_on_selector_all(
            "li.portfolio-paper", "cs => cs.filter(c => c.offsetParent).map(c => c.dataset.type)"
        )
        assert types and set(types) == {"journal"}
        form = v.page.get_by_role("search", name="Filter the papers")
        assert form.get_by_label("Venue type").input_value() == "journal"


def test_without_javascript_every_paper_is_listed_and_no_dead_controls(chromium, site, site_url):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + PAGE + "?theme=physics-of-ai")
        total = len(re.findall(r'<li class="portfolio-paper', (site / PAGE).read_text("utf-8")))
        assert len(shown(page)) == total > 0
        assert not page.locator("form.portfolio-filter").is_visible()
    finally:
        context.close()
