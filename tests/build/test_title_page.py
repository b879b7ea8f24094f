"""Titles with math on a real page: a tiny book built by Jupyter Book, read as HTML and in Chromium.

The paper list shows MathML (no JavaScript), no raw TeX, escaped text; Sphinx's search still finds
a paper by a word of its title; in dark mode the math takes the text's colour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.book import built_ok
from tests.support.html import read_page
from tests.support.tiny import MATH_TITLES_BIB, write_tiny_book

MATH_KEYS = ["nu2012", "co2020", "dblp2019", "evil2021"]


@dataclass
class Titles:
    """Per paper key: the HTML of its title paragraph, and the text a reader gets from it."""

    html: dict[str, str]
    text: dict[str, str]


def read_titles(page: str) -> Titles:
    html = dict(re.findall(r'id="paper-(\w+)".*?<p class="portfolio-title">(.*?)</p>', page, re.S))
    cards = read_page(page).select("li.portfolio-paper")
    text = {li["id"].removeprefix("paper-"): li.select_one("p.portfolio-title").get_text()
            for li in cards}  # fmt: skip
    return Titles(html, text)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """The tiny book with math titles, built: its HTML folder."""
    return built_ok(
        write_tiny_book(tmp_path_factory.mktemp("titles"), MATH_TITLES_BIB, {"all": ""})
    )


@pytest.fixture(scope="module")
def titles(tiny) -> Titles:
    return read_titles((tiny / "all.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", MATH_KEYS)
def test_math_in_a_title_is_mathml(titles, key):
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"' in titles.html[key]


def test_titles_hold_no_raw_tex(titles):
    assert set(titles.text) == set(MATH_KEYS)
    for key, text in titles.text.items():
        for char in "\\${}^_":
            assert char not in text, f"{key}: {char!r} in {text!r}"
    assert "H2CO and 12CO Emission at 5 km s−1 in Orion" in titles.text["co2020"]
    assert "AC0 Circuits" in titles.text["dblp2019"]


def test_title_text_is_escaped(tiny, titles):
    page = (tiny / "all.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    # (Sphinx's smartquotes curl the quotes in alert("x"), in any paragraph.)
    assert "Safe &lt;script&gt;alert(" in titles.html["evil2021"]
    assert "&lt;/script&gt; &amp; <math" in titles.html["evil2021"]


def test_search_index_holds_title_words(tiny):
    index = (tiny / "searchindex.js").read_text(encoding="utf-8")
    for word in ("zeldovich", "antineutrino", "orion"):
        assert f'"{word}"' in index
