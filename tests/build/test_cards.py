"""al-folio's card fields (abstract, preview, award, notes, its link buttons) on real cards.

A fixture bibliography with every field al-folio renders is built into a tiny book of its own;
the cards are read back with BeautifulSoup, and opened in Chromium on a phone-sized screen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support.book import FIXTURES, build_book
from tests.support.browser import serve, visit
from tests.support.html import read_page, validation_errors
from tests.support.tiny import write_tiny_book

FIXTURE = FIXTURES / "alfolio_cards.bib"
PAGES = {"all": "", "compact": ":style: compact"}
DEEP_PAGE = "sub/deep"  # a page one folder down: links to the book's files must climb
# A 1 x 1 PNG: the preview file the fixture names.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)
# Never in the citable BibTeX: al-folio's display fields and badge ids, and the book's own.
DISPLAY_FIELDS = (
    "abbr", "bibtex_show", "abstract", "preview", "award", "award_name", "annotation",
    "additional_info", "pdf", "supp", "code", "html", "website", "slides", "poster", "video",
    "blog", "altmetric", "dimensions", "google_scholar_id", "inspirehep_id", "selected", "themes",
)  # fmt: skip


@pytest.fixture(scope="module")
def cards(tmp_path_factory) -> Path:
    """The tiny book of the fixture, built once: its HTML folder."""
    book = write_tiny_book(
        tmp_path_factory.mktemp("cards"), bib=FIXTURE.read_text(encoding="utf-8"), pages=PAGES
    )
    # As this book's own pages are served: without the upstream faults htmlfixes patches.
    config = book / "_config.yml"
    extensions = "    - analysis.site.papers\n"
    config.write_text(
        config.read_text().replace(extensions, extensions + "    - analysis.site.theme.htmlfixes\n")
    )
    (book / "_static" / "previews").mkdir(parents=True)
    (book / "_static" / "previews" / "clock.png").write_bytes(PNG)
    (book / "_static" / "supp").mkdir()
    (book / "_static" / "supp" / "clock-supp.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (book / "sub").mkdir()
    (book / f"{DEEP_PAGE}.md").write_text("# Deep\n\n:::{publications}\n:selected:\n:::\n")
    with (book / "_toc.yml").open("a") as toc:
        toc.write(f"  - file: {DEEP_PAGE}\n")
    proc = build_book(book)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return book / "_build" / "html"


def soup(html: Path, page: str) -> BeautifulSoup:
    return read_page(html / f"{page}.html")


def card(page: BeautifulSoup, key: str):
    found = page.find("li", id=f"paper-{key}")
    assert found is not None, f"no card for {key}"
    return found


def test_the_card_shows_what_al_folio_shows(cards):
    item = card(soup(cards, "all"), "clock2023")
    # The thumbnail: lazy, described, its box set so the card does not move when it arrives.
    image = item.select_one("img.portfolio-preview")
    assert image["src"] == "_static/previews/clock.png"
    assert (cards / image["src"]).read_bytes() == PNG
    assert image["loading"] == "lazy" and image["width"] and image["height"]
    assert "The Clock and the Pizza" in image["alt"]
    # The honour is named by award_name; award's sentence is shown, its Markdown as text.
    honors = [b.get_text() for b in item.select(".portfolio-honor")]
    assert honors == ["Best Paper"]
    award = item.select_one(".portfolio-award").get_text()
    assert award == "This paper won the Best Paper Award at NeurIPS 2023."
    annotation = item.select_one(".portfolio-annotation")
    assert annotation.get_text() == "Zhong and Liu contributed equally"
    assert annotation.parent["class"] == ["portfolio-authors"]
    meta = item.select_one(".portfolio-meta").get_text(" ", strip=True)
    assert meta.endswith("Oral presentation") and "*" not in meta
    # Every link button, files of the book included (the arXiv id is read from the pdf link).
    links = {a.get_text(): a["href"] for a in item.select(".portfolio-links a")}
    assert links == {
        "arXiv": "https://arxiv.org/abs/2306.17844",
        "PDF": "https://arxiv.org/pdf/2306.17844",
        "Supplement": "_static/supp/clock-supp.pdf",
        "Code": "https://github.com/fjzzq2002/pizza",
        "Project page": "https://openreview.net/forum?id=S5wmbQc1We",
        "Website": "https://example.org/pizza",
        "Slides": "https://example.org/pizza-slides.pdf",
        "Poster": "https://example.org/pizza-poster.pdf",
        "Video": "https://www.youtube.com/watch?v=pizza",
        "Blog": "https://example.org/blog/pizza",
    }
    assert (cards / links["Supplement"]).is_file()
    # The ids of al-folio's badges and its bibtex_show are not shown anywhere.
    text = item.get_text(" ")
    for noise in ("qyhmnyLat1gC", "2675491", "altmetric", "bibtex_show", "true"):
        assert noise not in text, noise


def test_the_abstract_is_a_closed_toggle_linking_its_page(cards):
    item = card(soup(cards, "all"), "clock2023")
    (abstract,) = item.select("details.portfolio-abstract")
    assert not abstract.has_attr("open")
    assert abstract.summary.get_text() == "Abstract"
    link = abstract.select_one("a.portfolio-abstract-file")
    assert link["href"] == "_abstracts/clock2023.html"
    # Its text is not in the list page (1,000 abstracts would weigh on a phone): in its own page.
    assert "modular" not in item.get_text()
    page = BeautifulSoup((cards / link["href"]).read_text(encoding="utf-8"), "html.parser")
    text = page.select_one("p.portfolio-abstract-text")
    assert "the Clock and the Pizza, at 99% accuracy." in text.get_text(" ")
    assert text.find("math") is not None  # $a+b \bmod p$ as MathML, as in titles
    assert page.title.get_text().startswith("Abstract: The Clock and the Pizza")
    assert page.html["lang"] == "en"
    # Cards without an abstract have no toggle; the BibTeX toggle stays on every card.
    plain = card(soup(cards, "all"), "plain2021")
    assert plain.select("details.portfolio-abstract") == []
    assert len(plain.select("details.portfolio-bibtex")) == 1
    assert not (cards / "_abstracts" / "plain2021.html").exists()


def test_files_of_the_book_are_linked_from_a_page_at_any_depth(cards):
    item = card(soup(cards, DEEP_PAGE), "clock2023")
    assert item.select_one("img.portfolio-preview")["src"] == "../_static/previews/clock.png"
    supp = item.select_one(".portfolio-links").find("a", string="Supplement")
    assert supp["href"] == "../_static/supp/clock-supp.pdf"
    assert item.select_one("a.portfolio-abstract-file")["href"] == "../_abstracts/clock2023.html"


def test_the_citable_bibtex_has_none_of_the_display_fields(cards):
    for key in ("clock2023", "hostile2022"):
        bibtex = (cards / "_bibtex" / f"{key}.bib").read_text(encoding="utf-8")
        for field in ("title", "author", "year"):
            assert re.search(rf"^\s*{field}\s*=", bibtex, re.M), field
        for field in DISPLAY_FIELDS:
            assert not re.search(rf"^\s*{field}\s*=", bibtex, re.M), f"{key}: {field}"


def test_text_from_the_entry_is_escaped_everywhere(cards):
    page = soup(cards, "all")
    item = card(page, "hostile2022")
    # Nothing the entry holds became an element or an attribute of the page.
    assert item.find_all(["script", "b"]) == [] and len(item.find_all("img")) == 1
    listed = page.select_one(".portfolio-publications").find_all(True)
    handlers = [(e.name, a) for e in listed for a in e.attrs if a.startswith("on")]
    assert handlers == []
    assert item.select_one("img.portfolio-preview")["src"] == (
        'https://example.org/a"onerror="alert(1).png'
    )
    assert item.select_one(".portfolio-annotation").get_text() == "<img src=x onerror=alert(1)>"
    assert "<b onclick=" in item.select_one(".portfolio-meta").get_text()
    abstract = BeautifulSoup(
        (cards / "_abstracts" / "hostile2022.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert abstract.find("script") is None
    assert '</p><script>alert("abstract")</script>' in abstract.select_one("p").get_text()


def test_the_cards_and_the_abstract_pages_are_valid_html(cards, vnu):  # noqa: F811
    # The deep page lists the card with every field (not the hostile one: a quote is no URL).
    pages = [cards / f"{DEEP_PAGE}.html", *sorted((cards / "_abstracts").glob("*.html"))]
    assert len(pages) == 3
    errors = validation_errors(vnu, pages)
    assert errors == [], "\n".join(errors)


def test_compact_cards_stay_short(cards):
    item = card(soup(cards, "compact"), "clock2023")
    assert item.select("img, details, .portfolio-award") == []
    assert item.select_one(".portfolio-meta").find("a", string="Supplement") is not None


def test_the_abstract_opens_from_the_keyboard_and_the_card_fits_a_phone(chromium, cards):
    phone = {"width": 390, "height": 844}
    with serve(cards) as base, visit(chromium, base + "all.html", viewport=phone) as v:
        item = v.page.locator("#paper-clock2023")
        summary = item.locator("details.portfolio-abstract > summary")
        text = item.locator(".portfolio-abstract-text")
        assert text.count() == 0
        summary.focus()
        v.page.keyboard.press("Enter")
        text.wait_for(state="visible", timeout=5_000)
        assert "at 99% accuracy" in text.inner_text()
        assert item.locator("a.portfolio-abstract-file").is_hidden()
        v.page.keyboard.press("Enter")  # and closes
        assert not item.locator("details.portfolio-abstract").evaluate("d => d.open")
        # Opened, abstract and BibTeX: the card and the page still scroll only downwards.
        summary.click()
        item.locator("details.portfolio-bibtex > summary").click()
        item.locator(".portfolio-bibtex-text").wait_for(state="visible", timeout=5_000)
        widths = item.evaluate(
            """li => ({card: li.scrollWidth, cardBox: li.clientWidth,
                      page: document.documentElement.scrollWidth, screen: window.innerWidth})"""
        )
        assert widths["card"] <= widths["cardBox"] and widths["page"] <= widths["screen"], widths
        # Every control of the card is a touch target of 24 x 24 px at least (WCAG 2.2, 2.5.8).
        small = item.evaluate(
            """li => [...li.querySelectorAll('a, summary, button')]
                .filter(e => e.checkVisibility())
                .map(e => [e.textContent.trim(), e.getBoundingClientRect()])
                .filter(([, r]) => r.width < 24 || r.height < 24)
                .map(([t, r]) => `${t}: ${r.width} x ${r.height}`)"""
        )
        assert small == []
        # The hostile entry's preview is on another site, which the test browser never reaches.
        problems = [p for p in v.problems if "example.org" not in p and "BLOCKED" not in p]
        assert problems == [], "\n".join(problems)
