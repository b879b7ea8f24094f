"""Chart text is readable on a phone: at 390 px wide, every piece of text in every chart of the
analysis pages renders at least 11 CSS px tall, measured in Chromium.

Each chart is an SVG in an <img>; the browser scales it to the column. The test draws the same
SVG inline at the <img>'s rendered size and reads each <text>'s font size through its screen
transform, which is what the reader sees.
"""

from __future__ import annotations

import pytest

from tests.support.browser import CHARTS, visit

PHONE_390 = {"width": 390, "height": 844}
MIN_TEXT_PX = 11
PAGES = ["chapters/publication-record.html", "chapters/collaboration.html"]

# For each chart: its src and the smallest rendered font size (CSS px) of any of its texts.
SMALLEST_TEXT_JS = """
async (img) => {
  const svgText = await (await fetch(img.currentSrc)).text();
  const svg = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
  const box = img.getBoundingClientRect();
  const holder = document.createElement("div");
  holder.style.cssText = `position:absolute;left:0;top:0;width:${box.width}px`;
  svg.setAttribute("width", `${box.width}px`);
  svg.setAttribute("height", `${box.height}px`);
  holder.appendChild(document.importNode(svg, true));
  document.body.appendChild(holder);
  const sizes = [...holder.querySelectorAll("text")].filter((t) => t.textContent.trim()).map(
    (t) => parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a,
                                                                 t.getScreenCTM().b));
  holder.remove();
  return {src: img.getAttribute("src"), count: sizes.length, smallest: Math.min(...sizes)};
}
"""


@pytest.mark.parametrize("page", [pytest.param(p, id=p.split("/")[-1]) for p in PAGES])
def test_chart_text_is_at_least_11_px_on_a_390_px_phone(chromium, site_url, page):
    with visit(chromium, site_url + page, viewport=PHONE_390) as v:
        charts = v.page.locator(CHARTS)
        assert charts.count() >= 3, f"{page}: no charts to measure"
        for i in range(charts.count()):
            chart = charts.nth(i)
            assert chart.bounding_box()["width"] <= PHONE_390["width"]
            measured = chart.evaluate(SMALLEST_TEXT_JS)
            assert measured["count"] > 0, f"{measured['src']}: no <text> to measure"
            assert measured["smallest"] >= MIN_TEXT_PX, (
                f"{page}: text in {measured['src']} renders at {measured['smallest']:.1f} px "
                f"on a {PHONE_390['width']} px screen"
            )
