"""al-folio's card fields without a build: what the loader reads from them and refuses, and
what the card renderer refuses whatever reaches it (the built cards: tests/build/test_cards.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from analysis.bib.loader import parse_bibliography
from analysis.bib.model import Paper
from analysis.settings import Settings
from analysis.site.papers.render import preview_image, render_paper


def _load(tmp_path: Path, fields: str):
    (tmp_path / "_config.yml").write_text("title: t\n")
    (tmp_path / "_static" / "talks").mkdir(parents=True)
    (tmp_path / "_static" / "talks" / "t.pdf").write_bytes(b"%PDF")
    (tmp_path / "_static" / "r&p_1.webp").write_bytes(b"RIFF")
    head = "@article{k,\n  title = {T},\n  author = {A, B},\n  year = {2020},\n  journal = {J},\n"
    text = f"{head}{fields}}}\n"
    return parse_bibliography(text, tmp_path / "refs.bib", Settings())


@pytest.mark.parametrize(
    ("fields", "severity", "words"),
    [
        pytest.param("  video = {javascript:alert(1)},\n", "error", "not an http(s) link", id="js"),
        pytest.param(
            "  preview = {javascript:alert(1)},\n", "error", "not an http(s)", id="js-img"
        ),
        pytest.param("  supp = {missing.pdf},\n", "warning", "names no file", id="missing"),
        pytest.param("  slides = {../../etc/passwd},\n", "warning", "names no file", id="escape"),
        pytest.param("  preview = {nowhere.png},\n", "warning", "save the file under", id="img"),
    ],
)
def test_links_that_cannot_be_followed_are_refused(tmp_path, fields, severity, words):
    problems = [p for p in _load(tmp_path, fields).problems if p.severity != "note"]
    assert [(p.severity, words in p.message) for p in problems] == [(severity, True)], problems


def test_fields_are_read_as_al_folio_writes_them(tmp_path):
    fields = (
        "  slides = {talks/t.pdf},\n  poster = {_static/talks/t.pdf},\n  arxiv = {2404.19756},\n"
        "  award = {Best paper, ICML},\n  additional_info = {, \\emph{Spotlight}},\n"
        "  preview = {r\\&p_1.webp},\n"
    )
    (paper,) = _load(tmp_path, fields).papers
    assert paper.preview == "_static/r%26p_1.webp"  # TeX's \& unescaped; a URL's & encoded
    assert paper.links["slides"] == paper.links["poster"] == "_static/talks/t.pdf"
    assert paper.links["arxiv"] == "https://arxiv.org/abs/2404.19756"
    # Without award_name, award names the honours, as it always has here.
    assert paper.honors == ("Best paper", "ICML") and paper.award == ""
    assert paper.additional_info == ", Spotlight"


def test_the_renderer_refuses_unsafe_urls_whatever_reaches_it():
    # The loader refuses them first; the card never trusts that it did.
    paper = Paper(
        key="k", entry_type="article", title="T", authors=("A B",), year=2020, venue_raw="",
        venue="arXiv", venue_type="preprint", preview="javascript:alert(1)",
        links={"supp": "data:text/html,<b>", "video": "https://x.org/v"},
    )  # fmt: skip
    item = render_paper(paper, new_document("t", get_default_settings(Parser)))
    assert list(item.findall(preview_image)) == []
    assert [n["refuri"] for n in item.findall(nodes.reference)] == ["https://x.org/v"]
