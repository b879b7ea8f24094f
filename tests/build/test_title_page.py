"""Titles with math on a real page: a tiny book built by Jupyter Book, read as HTML and in Chromium.

The paper list shows MathML (no JavaScript), no raw TeX, escaped text; Sphinx's search still finds
a paper by a word of its title; in dark mode the math takes the text's colour.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_book
from test_directive import write_tiny_book

BIB = r"""
@article{nu2012,
  title = {Observation of Electron-Antineutrino Disappearance of $\bar\nu_e$ at {Daya} {Bay}},
  author = {An, F. P. and Liu, Ziming},
  journal = {Physical Review Letters},
  year = {2012},
}

@article{co2020,
  title = {H$_2$CO and $^{12}$CO Emission at 5 km s$^{-1}$ in {Orion}},
  author = {Liu, Ziming},
  journal = {The Astrophysical Journal},
  year = {2020},
}

@inproceedings{dblp2019,
  title = {Lower Bounds for AC\({}^{\mbox{0}}\) Circuits},
  author = {Liu, Ziming},
  booktitle = {Symposium on Theory of Computing},
  year = {2019},
}

@article{evil2021,
  title = {Safe <script>alert("x")</script> \& $K^\ast$ Zeldovich Title},
  author = {Liu, Ziming},
  journal = {Physical Review Letters},
  year = {2021},
}
"""
MATH_KEYS = ["nu2012", "co2020", "dblp2019", "evil2021"]


class _Titles(HTMLParser):
    """Per paper id: the HTML of its title paragraph, and the text a reader gets from it."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        title = r'id="paper-(\w+)".*?<p class="portfolio-title">(.*?)</p>'
        self.html = dict(re.findall(title, page, re.S))
        self.text: dict[str, str] = {}
        self._paper = ""
        self._depth = 0  # > 0 inside a title paragraph
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "li" and "portfolio-paper" in classes:
            self._paper = attrs["id"].removeprefix("paper-")
        if self._depth or (tag == "p" and "portfolio-title" in classes):
            self._depth += 1

    def handle_endtag(self, tag):
        self._depth -= bool(self._depth)

    def handle_data(self, data):
        if self._depth:
            self.text[self._paper] = self.text.get(self._paper, "") + data


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    book = write_tiny_book(tmp_path_factory.mktemp("titles"), bib=BIB, pages={"all": ""})
    proc = build_book(book)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return book / "_build" / "html"


@pytest.fixture(scope="module")
def titles(tiny) -> _Titles:
    return _Titles((tiny / "all.html").read_text(encoding="utf-8"))


@pytest.mark.build
@pytest.mark.parametrize("key", MATH_KEYS)
def test_math_in_a_title_is_mathml(titles, key):
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"' in titles.html[key]


@pytest.mark.build
def test_titles_hold_no_raw_tex(titles):
    assert set(titles.text) == set(MATH_KEYS)
    for key, text in titles.text.items():
        for char in "\\${}^_":
            assert char not in text, f"{key}: {char!r} in {text!r}"
    assert "H2CO and 12CO Emission at 5 km s−1 in Orion" in titles.text["co2020"]
    assert "AC0 Circuits" in titles.text["dblp2019"]


@pytest.mark.build
def test_title_text_is_escaped(tiny, titles):
    page = (tiny / "all.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    # (Sphinx's smartquotes curl the quotes in alert("x"), in any paragraph.)
    assert "Safe &lt;script&gt;alert(" in titles.html["evil2021"]
    assert "&lt;/script&gt; &amp; <math" in titles.html["evil2021"]


@pytest.mark.build
def test_search_index_holds_title_words(tiny):
    index = (tiny / "searchindex.js").read_text(encoding="utf-8")
    for word in ("zeldovich", "antineutrino", "orion"):
        assert f'"{word}"' in index


@pytest.mark.build
@pytest.mark.browser
def test_search_finds_a_paper_by_a_word_of_its_title(tiny, chromium):
    from browser_support import serve, visit

    with serve(tiny) as url, visit(chromium, url + "search.html?q=Zeldovich") as v:
        hit = v.page.locator('#search-results a[href*="all.html"]').first
        hit.wait_for(timeout=20_000)


@pytest.mark.build
@pytest.mark.browser
def test_mathml_renders_and_takes_the_text_colour_in_both_modes(tiny, chromium):
    from browser_support import serve, visit

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
