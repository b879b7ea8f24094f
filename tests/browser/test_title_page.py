"""Titles with math in Chromium: the search finds a paper by a title word, and MathML takes the
text colour in light and dark mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.book import built_ok
from tests.support.browser import serve, visit
from tests.support.tiny import MATH_TITLES_BIB, write_tiny_book


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """The tiny book with math titles, built: its HTML folder."""
    return built_ok(
        write_tiny_book(tmp_path_factory.mktemp("titles"), MATH_TITLES_BIB, {"all": ""})
    )


def test_search_finds_a_paper_by_a_word_of_its_title(tiny, chromium):
    with serve(tiny) as url, visit(chromium, url + "search.html?q=Zeldovich") as v:
        hit = v.page.locator('#search-results a[href*="all.html"]').first
        hit.wait_for(timeout=20_000)


def test_mathml_renders_and_takes_the_text_colour_in_both_modes(tiny, chromium):
    seen = {}
    with serve(tiny) as url:
        for theme in ("light", "dark"):
            with visit(chromium, url + "all.html", theme=theme) as v:
                assert v.page.locator("html").get_attribute("data-theme") == theme
                math = v.page.locator("#paper-nu2012 .portfolio-title math")
                box = math.bounding_box()
                assert box and box["width"] > 10 and box["height"] > 5  # laid out, not hidden
                seen[theme] = math.evaluate(
                    """m => [getComputedStyle(m.closest('p')).color,
                             getComputedStyle(m).color,
                             getComputedStyle(m.querySelector('mi')).color]"""
                )
    for theme, (text, math, identifier) in seen.items():
        assert text == math == identifier, (theme, seen)
    assert seen["light"][0] != seen["dark"][0]  # the mode did change the text colour
