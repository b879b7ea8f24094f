"""Accessibility of every page, in light and dark mode: axe-core in Chromium, and chart alt text."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser import CHARTS, PHONE, blocking_violations, book_pages, visit

PAGES = [pytest.param(page, id=page.removeprefix("chapters/")) for page in book_pages()]
THEMES = [pytest.param(theme, id=theme) for theme in ("light", "dark")]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("page", PAGES)
def test_no_serious_accessibility_violations(chromium, site_url, axe, page, theme):
    with visit(chromium, site_url + page, theme=theme) as v:
        assert v.page.evaluate("document.documentElement.dataset.theme") == theme
        results = axe.run(v.page).response
    problems = blocking_violations(results)
    assert problems == [], f"{page} in {theme} mode:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_touch_targets_are_large_enough_on_a_phone(chromium, site_url, axe, page):
    # WCAG 2.2 target size (24 x 24 px, or spaced as far): axe leaves the rule off by default;
    # Lighthouse's mobile audit runs it, on a phone-sized screen, as this test does.
    with visit(chromium, site_url + page, viewport=PHONE) as v:
        options = {"runOnly": ["target-size"], "resultTypes": ["violations"]}
        results = axe.run(v.page, options=options).response
    problems = blocking_violations(results)
    assert problems == [], f"{page}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_alt_text(chromium, site_url, page):
    with visit(chromium, site_url + page) as v:
        missing = v.page.eval_on_selector_all(
            CHARTS, "imgs => imgs.filter(i => !(i.alt || '').trim()).map(i => i.src)"
        )
    assert missing == [], f"{page}: charts without alt text (describe what each one shows)"
