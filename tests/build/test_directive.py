"""The ``publications`` directive, in a tiny book of its own built with Jupyter Book.

The tiny book has one page per filter, so each test reads exactly the keys a page lists.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from tests.support.book import build_book
from tests.support.html import read_page, text_of
from tests.support.tiny import BIB, CITING_PAGE, PAGES, write_tiny_book


@dataclass
class Items:
    """The paper items of a built page (their ids, in order) and its year headings."""

    ids: list[str]
    years: list[str]


def items(page: Path) -> Items:
    soup = read_page(page)
    return Items(
        ids=[li["id"] for li in soup.select("li.portfolio-paper")],
        years=[text_of(heading) for heading in soup.select(".portfolio-year")],
    )


def has_attribute(html: str, name: str) -> bool:
    """Whether any tag of `html` carries the attribute `name`."""
    return any(name in tag.attrs for tag in read_page(html).find_all(True))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, str]:
    """The tiny book, built once: (its HTML folder, the build's output)."""
    book = write_tiny_book(tmp_path_factory.mktemp("tiny"))
    proc = build_book(book)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return book / "_build" / "html", proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param("all", ["evil2022", "other2021pfgm", "owner2023grok", "early2020"], id="all"),
        pytest.param("theme", ["owner2023grok", "evil2022", "early2020"], id="theme"),
        pytest.param("selected", ["owner2023grok"], id="selected"),
        pytest.param("years", ["evil2022", "other2021pfgm"], id="year_range"),
        pytest.param("since", ["owner2023grok", "evil2022"], id="open_year_range"),
        pytest.param("venues", ["other2021pfgm", "early2020"], id="venue_types"),
        pytest.param("author", ["evil2022"], id="author_accents_and_case"),
    ],
)
def test_filters_list_the_matching_papers_newest_first(tiny, page, expected):
    html, _ = tiny
    found = items(html / f"{page}.html").ids
    assert sorted(found) == sorted(f"paper-{k}" for k in expected)
    years = [int(re.search(r"(\d{4})", k).group(1)) for k in found]
    assert years == sorted(years, reverse=True)


@pytest.mark.parametrize(
    ("page", "years"),
    [
        pytest.param("all", ["2023", "2022", "2021", "2020"], id="by_year"),
        pytest.param("flat", [], id="none"),
    ],
)
def test_grouping(tiny, page, years):
    html, _ = tiny
    parsed = items(html / f"{page}.html")
    assert parsed.years == years
    assert parsed.ids[0] == "paper-owner2023grok"  # 2023 first, in both groupings


def card(page: str, key: str) -> str:
    """The HTML of one paper's card on a built page."""
    item = page[page.rindex("<li", 0, page.index(f'id="paper-{key}"')) :]
    return item[: item.index("</li>")]


def test_item_content(tiny):
    html, _ = tiny
    page = (html / "all.html").read_text(encoding="utf-8")
    item = card(page, "owner2023grok")
    # Owner highlighted, equal contribution marked, canonical venue and year, honour, links.
    owner = '<strong class="portfolio-owner">Ziming Liu</strong>'
    assert owner + '<abbr title="equal contribution">*' in item
    assert ">ICLR 2023</span>" in item and "portfolio-venue-conference" in item
    assert 'title="International Conference on Learning Representations">ICLR 2023<' in item
    assert 'portfolio-honor">Oral</span>' in item
    assert 'href="https://arxiv.org/abs/2210.01117"' in item
    assert 'href="https://github.com/KindXiaoming/Omnigrok"' in item
    assert 'data-year="2023"' in item and 'data-themes="physics-of-ai"' in item
    # The BibTeX block links the entry's file (shown in the card when opened): no text inline.
    details = r'<details class="portfolio-bibtex"><summary>BibTeX</summary>(.*?)</details>'
    bibtex = re.search(details, item, re.S)
    link = '<a class="portfolio-bibtex-file" href="_bibtex/owner2023grok.bib">BibTeX file</a>'
    assert bibtex and bibtex[1] == link
    assert "* equal contribution" in page
    other = card(page, "other2021pfgm")
    assert "et al." in other and "others" not in other.split("<details")[0]
    assert 'href="https://doi.org/10.1103/PhysRevLett.126.180604"' in other
    # Where the sources disagreed is for the page about the data, not for readers of a card.
    assert "Venue from the CV" not in page and "Source note" not in page
    assert (html / "_static" / "portfolio.css").exists()
    assert "portfolio.css" in page


def test_copied_bibtex_is_the_citable_entry(tiny):
    html, _ = tiny
    page = (html / "all.html").read_text(encoding="utf-8")
    href = re.search(r'href="([^"]+\.bib)"', card(page, "owner2023grok"))[1]
    bibtex = (html / unescape(href)).read_text(encoding="utf-8").strip()
    assert bibtex.startswith("@inproceedings{owner2023grok,") and bibtex.endswith("}")
    for field in ("title", "author", "booktitle", "year", "eprint", "archiveprefix"):
        assert re.search(rf"^  {field} = ", bibtex, re.M), field
    for field in ("themes", "selected", "equal_contribution", "code"):
        assert not re.search(rf"^\s*{field}\s*=", bibtex, re.M), field


def test_workshop_badge_names_the_workshop(tiny):
    html, _ = tiny
    item = card((html / "all.html").read_text(encoding="utf-8"), "early2020")
    label = "NeurIPS 2020 Machine Learning and the Physical Sciences workshop"
    assert f">{label}</span>" in item


def test_compact_cards_and_limit(tiny):
    html, _ = tiny
    page = (html / "compact.html").read_text(encoding="utf-8")
    assert items(html / "compact.html").ids == ["paper-owner2023grok", "paper-evil2022"]
    assert "portfolio-compact" in page and "<details" not in page
    item = card(page, "owner2023grok")
    assert 'href="https://arxiv.org/abs/2210.01117"' in item  # links stay, on the badge line


def test_filter_form_offers_what_the_list_has_and_the_list_stays_whole(tiny):
    html, _ = tiny
    page = (html / "filtered.html").read_text(encoding="utf-8")
    start = page.index('<form class="portfolio-filter"')
    form = page[start : page.index("</form>", start)]
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', form)
    assert ("physics-of-ai", "Physics of AI") in options and ("2020", "2020") in options
    assert ("conference", "Conference") in options
    for name in ("theme", "type", "year", "q"):
        assert re.search(rf'<label for="([^"]+)-{name}">', form), name
    assert 'role="status"' in page and 'aria-live="polite"' in page
    assert len(items(html / "filtered.html").ids) == 4  # every paper is in the HTML


def test_bibtex_text_is_escaped(tiny):
    html, _ = tiny
    page = (html / "all.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    # (Sphinx's smart quotes curl the title's quotes; the tags stay text.)
    assert "Safe &lt;script&gt;alert(“title”)&lt;/script&gt; Title" in page
    # The quote in the pdf URL cannot end the href and add an event handler.
    assert 'href="https://example.org/a&quot;onmouseover=&quot;alert(1).pdf"' in page
    assert not has_attribute(page, "onmouseover")
    # The title is in the page's JSON-LD too, escaped so that its </script> cannot end the block.
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    (data,) = [json.loads(b) for b in blocks]
    titles = [article["headline"] for article in data["@graph"]]
    assert 'Safe <script>alert("title")</script> Title' in titles


def test_bibliography_is_read_once_per_build(tiny):
    _, output = tiny
    assert output.count("portfolio: read references.bib: 4 papers") == 1


def test_edit_to_bibliography_rereads_only_pages_with_papers(tiny):
    # Edits the module's book: the title it changes is asserted nowhere else.
    html, _ = tiny
    book = html.parent.parent
    bib = book / "references.bib"
    bib.write_text(bib.read_text().replace("A Workshop Paper", "A Renamed Workshop Paper"))
    proc = build_book(book)
    assert proc.returncode == 0, proc.stdout[-4000:]
    output = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout)  # Sphinx colours its output
    reread = set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", output))
    assert reread == set(PAGES) | {CITING_PAGE[0]}  # neither index nor the plain page
    assert "A Renamed Workshop Paper" in (html / "all.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("bib", "pages", "expected"),
    [
        pytest.param(
            BIB + "\n@article{broken2024,\n  title = {No closing brace},\n  author = {A, B},\n",
            {"all": ""},
            r"references\.bib:\d+: broken2024: .*could not be parsed",
            id="unparsable_entry",
        ),
        pytest.param(
            BIB.replace("year = {2020}", "year = {20x0}"),
            {"all": ""},
            r"references\.bib:\d+: early2020: year '20x0' is not a year",
            id="bad_year",
        ),
        pytest.param(
            BIB.replace("https://github.com/KindXiaoming/Omnigrok", "javascript:alert(1)"),
            {"all": ""},
            r"references\.bib:3: owner2023grok: code 'javascript:alert\(1\)' is not an http\(s\)",
            id="javascript_url",
        ),
        pytest.param(
            BIB,
            {"typo": ":theme: physics-of-aj"},
            r"typo\.md:\d+: WARNING: publications: no paper in references\.bib matches",
            id="typo_in_theme",
        ),
        pytest.param(
            BIB,
            {"badyears": ":years: 2023-2021"},
            r"badyears\.md:\d+.*years '2023-2021' goes backwards",
            id="bad_years_option",
        ),
    ],
)
def test_bad_input_fails_the_build_with_a_located_message(tmp_path, bib, pages, expected):
    book = write_tiny_book(tmp_path / "book", bib=bib, pages=pages)
    proc = build_book(book)
    assert proc.returncode != 0
    assert re.search(expected, proc.stdout + proc.stderr), (proc.stdout + proc.stderr)[-4000:]


def test_citations_link_to_the_card_on_the_page_else_on_the_publications_page(tiny):
    html, _ = tiny
    markup = (html / "cites.html").read_text(encoding="utf-8")
    citations = read_page(markup).select("a.portfolio-cite")
    assert [[a["href"], a.get_text()] for a in citations] == [
        # Listed on the page itself: its card here; the title as the bib cases it.
        ["#paper-owner2023grok", "Omnigrok: Grokking Beyond Algorithmic Data"],
        # Not listed here: its card on the publications page; the short form the prose gave.
        ["all.html#paper-other2021pfgm", "PFGM"],
    ]
    assert 'id="paper-owner2023grok"' in markup
    assert 'id="paper-other2021pfgm"' in (html / "all.html").read_text(encoding="utf-8")
    assert "footnote" not in markup  # one list per page: no reference list under the prose


def test_citation_of_an_unknown_key_fails_the_build_naming_each_place(tmp_path):
    book = write_tiny_book(tmp_path / "book", pages={"all": ""})
    prose = "See {paper}`nosuch2099` and {paper}`Other <typo2023grok>`.\n\n"
    (book / "all.md").write_text("# All\n\n" + prose + ":::{publications}\n:::\n")
    proc = build_book(book)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    for key in ("nosuch2099", "typo2023grok"):
        assert re.search(rf"all\.md:3: ERROR: paper: no entry '{key}'", output), output[-4000:]
