"""What a reader of the built site sees at a desk and on a phone, as found in an acceptance
walk-through: one search control per screen (no empty top bar), table headers over their columns.
"""

from __future__ import annotations

import pytest

from tests.support.browser import visit

SEARCH = ".search-button__button, .search-button-field, .search-field"


@pytest.mark.parametrize("width", [390, 960, 1280])
def test_one_search_control_and_no_empty_top_bar(chromium, site_url, width):
    """sphinx-book-theme #986 puts a bar holding a second search button over wide pages; the
    reader sees one search control at every width, and Ctrl+K still opens the search."""
    viewport = {"width": width, "height": 800}
    with visit(chromium, site_url + "chapters/publications.html", viewport=viewport) as v:
        page = v.page
        assert not page.locator("#pst-header").is_visible()
        shown = page.evaluate(
            f"() => [...document.querySelectorAll({SEARCH!r})].filter(e => e.checkVisibility())"
            ".length"
        )
        assert shown == 1, f"{shown} search controls at {width} px"
        page.keyboard.press("Control+k")
        page.locator("#pst-search-dialog input[name=q]").wait_for(state="visible")
        assert v.problems == []


def test_table_headers_align_with_their_columns(chromium, site_url):
    """The analysis pages' tables: each header is aligned as the cells under it."""
    with visit(chromium, site_url + "chapters/publication-record.html") as v:
        pairs = v.page.evaluate(
            """() => [...document.querySelectorAll('table.dataframe')].map(t => [
                getComputedStyle(t.querySelector('thead th:last-child')).textAlign,
                getComputedStyle(t.querySelector('tbody td:last-child')).textAlign])"""
        )
    assert pairs, "no table on the publication record"
    normal = {"start": "left", "left": "left", "right": "right", "end": "right"}
    assert all(normal[head] == normal[cell] for head, cell in pairs), pairs


ICON_BESIDE_QUERY = """(form) => {
    const icon = form.querySelector('.fa-magnifying-glass').getBoundingClientRect();
    const input = form.querySelector('input[name=q]');
    const pad = parseFloat(getComputedStyle(input).paddingLeft);
    const text = input.getBoundingClientRect().left + pad;
    return icon.width > 0 && icon.right <= text;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_search_icon_does_not_cover_the_query(chromium, site_url, width):
    """The magnifier sits beside what the reader types: in the Ctrl+K dialog and on the search
    page (the theme positions it for its icon script, which the site does not load)."""
    viewport = {"width": width, "height": 800}
    with visit(chromium, site_url + "index.html", viewport=viewport) as v:
        v.page.keyboard.press("Control+k")
        v.page.keyboard.type("grokking")
        assert v.page.locator("#pst-search-dialog form").evaluate(ICON_BESIDE_QUERY)
    with visit(chromium, site_url + "search.html?q=grokking", viewport=viewport) as v:
        form = v.page.locator("form.bd-search >> visible=true")
        assert form.evaluate(ICON_BESIDE_QUERY)
