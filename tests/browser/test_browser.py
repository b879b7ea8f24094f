"""The built site in a real browser: it loads, searches, switches to dark mode and fits a phone.

Every page of `_toc.yml` is checked, so a new page is covered as soon as it is in the book.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support.browser import CHARTS, PHONE, book_pages, visit

PAGES = [pytest.param(page, id=page.removeprefix("chapters/")) for page in book_pages()]
# WCAG AA contrast for normal-size text: chart labels are small.
MIN_TEXT_CONTRAST = 4.5

# For each SVG chart: the colour of every piece of its text and the background it is read on.
# The SVG is rendered by the browser twice: onto a canvas (its own background, as pixels) and
# into a blank iframe (computed text colours, untouched by the page's CSS, as in an <img>).
# Where the SVG is transparent, the reader sees the first opaque CSS background behind the <img>.
CHART_COLOURS_JS = """
async (img) => {
  const rgba = (css) => {
    const m = css.match(/rgba?\\(([^)]*)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  let behind = null;  // the page's opaque background behind the image
  for (let el = img; el && !behind; el = el.parentElement) {
    const c = rgba(getComputedStyle(el).backgroundColor);
    if (c && c[3] === 1) behind = c;
  }
  behind = behind || [255, 255, 255, 1];
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  // The SVG's own background: its pixel one step in from the top-left corner.
  const [r, g, b, a] = ctx.getImageData(2, 2, 1, 1).data;
  const alpha = a / 255;
  const background = [0, 1, 2].map((i) => [r, g, b][i] * alpha + behind[i] * (1 - alpha));

  const svgText = await (await fetch(img.currentSrc)).text();
  const frame = document.createElement("iframe");
  document.body.appendChild(frame);
  const doc = frame.contentDocument;
  const svg = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
  doc.body.appendChild(doc.importNode(svg, true));
  // Matplotlib draws text as glyph paths inside <g id="text_N">; other tools use <text>.
  const pieces = doc.querySelectorAll('text, tspan, g[id^="text_"] use, g[id^="text_"] path');
  const text = [...pieces].map((el) => rgba(frame.contentWindow.getComputedStyle(el).fill))
    .filter((c) => c && c[3] > 0).map((c) => c.slice(0, 3));
  frame.remove();
  return {src: img.getAttribute("src"), background, text};
}
"""


def _luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour given as 0-255 channels."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (x / 255 for x in rgb)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b) -> float:
    """WCAG contrast ratio between two colours, from 1 (none) to 21 (black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param((0, 0, 0), (255, 255, 255), 21.0, id="black-on-white"),
        pytest.param((0, 0, 0), (18, 18, 18), 1.12, id="black-on-dark"),
        pytest.param((119, 119, 119), (255, 255, 255), 4.48, id="grey-on-white"),
    ],
)
def test_contrast_follows_wcag(a, b, expected):
    assert contrast(a, b) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_cleanly_and_charts_render(chromium, site_url, page):
    with visit(chromium, site_url + page) as v:
        broken = v.page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.naturalWidth > 0)).map(i => i.src)"
        )
        assert v.problems == [], f"{page} did not load cleanly"
    assert broken == [], f"{page}: images that did not render"


def test_the_book_has_charts_to_check(site):
    # Without charts the chart checks here and in test_accessibility.py would pass vacuously.
    assert sorted((site / "_images").glob("*.svg")), "no SVG chart in the built site"


@pytest.mark.parametrize("target", ["chapters/physics-of-ai.html", "chapters/publications.html"])
def test_search_finds_the_grokking_pages(chromium, site_url, target):
    with visit(chromium, site_url + "search.html?q=grokking") as v:
        hit = v.page.locator(f'#search-results a[href*="{target}"]').first
        hit.wait_for(state="attached", timeout=15_000)
        assert v.problems == []


def _open_in_light_then_switch_to_dark(v) -> None:
    """Click the theme's colour-mode switch until the page is dark (it cycles through modes)."""
    root = v.page.locator("html")
    assert root.get_attribute("data-theme") == "light"
    for _ in range(3):
        v.page.locator(".theme-switch-button").first.click()
        if root.get_attribute("data-theme") == "dark":
            return
    mode = root.get_attribute("data-mode")
    pytest.fail(f"the colour-mode switch never made the page dark (mode {mode})")


def worst_text_contrast(chart) -> tuple[str, float]:
    """The chart's `src` and the lowest contrast of any of its text against its background."""
    colours = chart.evaluate(CHART_COLOURS_JS)
    src = colours["src"]
    assert src.endswith(".svg"), f"chart {src} is not an SVG: its text cannot be checked"
    assert colours["text"], f"no text found in chart {src}"
    return src, min(contrast(text, colours["background"]) for text in colours["text"])


# A one-label chart, black text (SVG's default fill) on a background that is or is not there.
_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">{background}'
    '<g id="text_1"><text x="5" y="25">Papers</text></g></svg>'
)
_OPAQUE_WHITE = '<rect width="120" height="40" fill="#ffffff"/>'


@pytest.mark.parametrize(
    ("svg_background", "page_css", "legible"),
    [
        pytest.param("", "body { background: #121212 }", False, id="transparent-on-dark-page"),
        pytest.param(_OPAQUE_WHITE, "body { background: #121212 }", True, id="opaque-on-dark"),
        pytest.param("", "body { background: #121212 } img { background: #fff }", True,
                     id="transparent-on-light-css-background"),
    ],
)  # fmt: skip
def test_legibility_check_catches_black_text_on_a_dark_page(
    chromium, svg_background, page_css, legible
):
    # A made-up origin, answered from memory: the check must see a same-origin SVG, as on the site.
    page = chromium.new_page()
    pages = {
        "/chart.svg": ("image/svg+xml", _SVG.format(background=svg_background)),
        "/page.html": ("text/html", f'<style>{page_css}</style><img src="chart.svg" alt="c">'),
    }

    def answer(route) -> None:
        content_type, body = pages[route.request.url.removeprefix("http://127.0.0.1:9")]
        route.fulfill(content_type=content_type, body=body)

    page.route("http://127.0.0.1:9/**", answer)
    try:
        page.goto("http://127.0.0.1:9/page.html")
        _, worst = worst_text_contrast(page.locator("img"))
    finally:
        page.close()
    assert (worst >= MIN_TEXT_CONTRAST) is legible


@pytest.mark.parametrize("page", PAGES)
def test_dark_mode_switch_keeps_charts_legible(chromium, site_url, page):
    with visit(chromium, site_url + page, theme="light") as v:
        _open_in_light_then_switch_to_dark(v)
        charts = v.page.locator(CHARTS)
        worst = [worst_text_contrast(charts.nth(i)) for i in range(charts.count())]
    for src, contrast_ in worst:
        assert contrast_ >= MIN_TEXT_CONTRAST, (
            f"{page}: in dark mode, text in {src} has contrast {contrast_:.2f} against what is "
            f"behind it (needs {MIN_TEXT_CONTRAST})"
        )


@pytest.mark.parametrize("page", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(chromium, site_url, page):
    with visit(chromium, site_url + page, viewport=PHONE) as v:
        width, viewport = v.page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        # What sticks out, to say which element to fix.
        wide = v.page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))"""
        )
    assert width <= viewport, f"{page} is {width}px wide on a {viewport}px phone: {wide}"


def test_bibtex_block_opens_with_a_copy_button(chromium, site_url):
    with visit(chromium, site_url + "chapters/publications.html") as v:
        summary = v.page.locator("details > summary", has_text="BibTeX").first
        details = summary.locator("xpath=..")
        bibtex = details.locator(".portfolio-bibtex-text").first
        assert not bibtex.is_visible(), "BibTeX should start closed"
        summary.click()
        bibtex.wait_for(state="visible", timeout=5_000)
        button = details.get_by_role("button", name="Copy the BibTeX")
        assert button.count() == 1, "the BibTeX block has no copy button"
        v.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        button.click()
        # The copy is asynchronous: the button says so when the clipboard holds the entry.
        v.page.wait_for_function("b => b.textContent === 'Copied'", arg=button.element_handle())
        copied = v.page.evaluate("navigator.clipboard.readText()")
        assert copied == details.locator(".portfolio-bibtex-text").inner_text()
        assert copied.startswith("@") and "themes" not in copied
        assert v.problems == []


@pytest.mark.parametrize("width", [390, 800])
def test_menu_button_opens_the_chapters_on_a_phone_and_a_tablet(chromium, site_url, width):
    # pydata-sphinx-theme #2451: the visible menu button did nothing below 960 px.
    viewport = {"width": width, "height": 800}
    with visit(chromium, site_url + "chapters/physics-of-ai.html", viewport=viewport) as v:
        menu = v.page.locator("#pst-primary-sidebar-modal")
        assert not menu.is_visible()
        v.page.locator(".primary-toggle:visible").click()
        try:
            menu.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeoutError:
            pytest.fail(f"the menu did not open at {width} px")
        chapter = menu.get_by_role("link", name="Publications", exact=True)
        assert chapter.is_visible()
        chapter.click()
        v.page.wait_for_url("**/chapters/publications.html")
        assert v.page.locator("h1").first.inner_text().startswith("Publications")
        assert v.problems == []


def test_owners_name_does_not_look_like_a_link(chromium, site_url):
    with visit(chromium, site_url + "chapters/publications.html") as v:
        looks = v.page.evaluate(
            """() => {
              const style = (el) => getComputedStyle(el);
              const owner = document.querySelector(".portfolio-owner");
              const link = document.querySelector(".portfolio-links a");
              const text = document.querySelector(".portfolio-authors");
              return {
                ownerLine: style(owner).textDecorationLine, ownerColour: style(owner).color,
                linkColour: style(link).color, textColour: style(text).color,
                inLink: !!owner.closest("a"),
              };
            }"""
        )
    assert looks["ownerLine"] == "none" and not looks["inLink"]
    assert looks["ownerColour"] == looks["textColour"] != looks["linkColour"]
