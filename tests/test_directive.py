"""The ``publications`` directive, in a tiny book of its own built with Jupyter Book.

The tiny book has one page per filter, so each test reads exactly the keys a page lists.
"""

from __future__ import annotations

import json
import re
import textwrap
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_book
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from analysis.bib.filters import PaperFilter, filters_in_page, parse_years, select_papers
from analysis.bib.model import Paper
from analysis.site.render import render_paper, safe_href

BIB = r"""% A tiny bibliography: every line matters to a test below.

@inproceedings{owner2023grok,
  title = {Omnigrok: Grokking Beyond Algorithmic Data},
  author = {Liu, Ziming and Michaud, Eric J. and Tegmark, Max},
  booktitle = {The Eleventh International Conference on Learning Representations (Oral)},
  year = {2023},
  eprint = {2210.01117},
  archiveprefix = {arXiv},
  code = {https://github.com/KindXiaoming/Omnigrok},
  themes = {physics-of-ai},
  selected = {true},
  equal_contribution = {1, 2},
}

@article{other2021pfgm,
  title = {Poisson Flow Generative Models},
  author = {Xu, Yilun and Liu, Ziming and others},
  journal = {Physical Review Letters},
  year = {2021},
  doi = {10.1103/PhysRevLett.126.180604},
  themes = {physics-for-ai},
  decision = {Venue from the CV.},
}

@article{evil2022,
  title = {Safe <script>alert("title")</script> Title},
  author = {Solja{\v{c}}i{\'c}, Marin and Liu, Ziming},
  journal = {arXiv preprint arXiv:2201.00001},
  year = {2022},
  pdf = {https://example.org/a"onmouseover="alert(1).pdf},
  themes = {physics-of-ai},
}

@inproceedings{early2020,
  title = {A Workshop Paper},
  author = {Tegmark, Max and Liu, Ziming},
  booktitle = {NeurIPS 2020 Workshop on Machine Learning and the Physical Sciences},
  year = {2020},
  themes = {physics-of-ai},
}
"""

CONFIG = """\
title: Tiny
author: Test
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  extra_extensions:
    - analysis.site.bibliography
  config:
    portfolio_owner:
      - Ziming Liu
    portfolio_bibliography: references.bib
    portfolio_publications_page: all
    portfolio_themes:
      - {slug: physics-of-ai, title: Physics of AI, chapter: theme}
      - {slug: physics-for-ai, title: Physics for AI}
"""

# page name -> directive options; one page per filter.
PAGES = {
    "all": "",
    "flat": ":group-by: none",
    "theme": ":theme: physics-of-ai",
    "selected": ":selected:",
    "years": ":years: 2021-2022",
    "since": ":years: 2022-",
    "venues": ":venue-type: journal, workshop",
    "author": ":author: marin soljacic",
    "compact": ":style: compact\n:limit: 2\n:theme: physics-of-ai",
    "filtered": ":filter:",
}
PLAIN_PAGE = "plain"  # uses no directive: must not be re-read when references.bib changes
# Prose citing a paper its own list shows, and one only the publications page ("all") shows.
CITING_PAGE = (
    "cites",
    "Grokking: {paper}`owner2023grok`. Flows: {paper}`PFGM <other2021pfgm>`.\n\n"
    ":::{publications}\n:selected:\n:::\n",
)


def write_tiny_book(root: Path, bib: str = BIB, pages: dict[str, str] = PAGES) -> Path:
    """A book with `bib` and one page per entry of `pages` holding a publications block."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(CONFIG)
    (root / "references.bib").write_text(bib)
    names = list(pages) + [PLAIN_PAGE]
    (root / "index.md").write_text("# Tiny\n\nA tiny book.\n")
    (root / f"{PLAIN_PAGE}.md").write_text("# Plain\n\nNo papers here.\n")
    if pages is PAGES:
        names.append(CITING_PAGE[0])
        (root / f"{CITING_PAGE[0]}.md").write_text(f"# Cites\n\n{CITING_PAGE[1]}")
    for name, options in pages.items():
        body = f":::{{publications}}\n{options}\n:::\n" if options else ":::{publications}\n:::\n"
        (root / f"{name}.md").write_text(f"# {name}\n\n{body}")
    toc = "format: jb-book\nroot: index\nchapters:\n" + "".join(f"  - file: {n}\n" for n in names)
    (root / "_toc.yml").write_text(toc)
    return root


class _Items(HTMLParser):
    """Reads the paper items (their ids, in order) and year headings off a built page."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.years: list[str] = []
        self._in_year = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "li" and "portfolio-paper" in classes:
            self.ids.append(attrs["id"])
        self._in_year = "portfolio-year" in classes

    def handle_data(self, data):
        if self._in_year and data.strip():
            self.years.append(data.strip())
            self._in_year = False


class _Attributes(HTMLParser):
    """Collects every attribute name of every tag."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.update(name for name, _ in attrs)

    @classmethod
    def named(cls, html: str, name: str) -> bool:
        parser = cls()
        parser.feed(html)
        return name in parser.names


def items(page: Path) -> _Items:
    parser = _Items()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, str]:
    """The tiny book, built once: (its HTML folder, the build's output)."""
    book = write_tiny_book(tmp_path_factory.mktemp("tiny"))
    proc = build_book(book)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return book / "_build" / "html", proc.stdout + proc.stderr


@pytest.mark.build
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


@pytest.mark.build
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


@pytest.mark.build
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


@pytest.mark.build
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


@pytest.mark.build
def test_workshop_badge_names_the_workshop(tiny):
    html, _ = tiny
    item = card((html / "all.html").read_text(encoding="utf-8"), "early2020")
    label = "NeurIPS 2020 Machine Learning and the Physical Sciences workshop"
    assert f">{label}</span>" in item


@pytest.mark.build
def test_compact_cards_and_limit(tiny):
    html, _ = tiny
    page = (html / "compact.html").read_text(encoding="utf-8")
    assert items(html / "compact.html").ids == ["paper-owner2023grok", "paper-evil2022"]
    assert "portfolio-compact" in page and "<details" not in page
    item = card(page, "owner2023grok")
    assert 'href="https://arxiv.org/abs/2210.01117"' in item  # links stay, on the badge line


@pytest.mark.build
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


@pytest.mark.build
def test_bibtex_text_is_escaped(tiny):
    html, _ = tiny
    page = (html / "all.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    # (Sphinx's smart quotes curl the title's quotes; the tags stay text.)
    assert "Safe &lt;script&gt;alert(“title”)&lt;/script&gt; Title" in page
    # The quote in the pdf URL cannot end the href and add an event handler.
    assert 'href="https://example.org/a&quot;onmouseover=&quot;alert(1).pdf"' in page
    assert not _Attributes.named(page, "onmouseover")
    # The title is in the page's JSON-LD too, escaped so that its </script> cannot end the block.
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    (data,) = [json.loads(b) for b in blocks]
    titles = [article["headline"] for article in data["@graph"]]
    assert 'Safe <script>alert("title")</script> Title' in titles


@pytest.mark.build
def test_bibliography_is_read_once_per_build(tiny):
    _, output = tiny
    assert output.count("portfolio: read references.bib: 4 papers") == 1


@pytest.mark.build
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


@pytest.mark.build
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


class _Citations(HTMLParser):
    """(href, text) of every ``{paper}`` citation link on a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[list[str]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "portfolio-cite" in (attrs.get("class") or "").split():
            self.links.append([attrs["href"], ""])
            self._open = True

    def handle_endtag(self, tag):
        self._open = self._open and tag != "a"

    def handle_data(self, data):
        if self._open:
            self.links[-1][1] += data


@pytest.mark.build
def test_citations_link_to_the_card_on_the_page_else_on_the_publications_page(tiny):
    html, _ = tiny
    markup = (html / "cites.html").read_text(encoding="utf-8")
    parser = _Citations()
    parser.feed(markup)
    assert parser.links == [
        # Listed on the page itself: its card here; the title as the bib cases it.
        ["#paper-owner2023grok", "Omnigrok: Grokking Beyond Algorithmic Data"],
        # Not listed here: its card on the publications page; the short form the prose gave.
        ["all.html#paper-other2021pfgm", "PFGM"],
    ]
    assert 'id="paper-owner2023grok"' in markup
    assert 'id="paper-other2021pfgm"' in (html / "all.html").read_text(encoding="utf-8")
    assert "footnote" not in markup  # one list per page: no reference list under the prose


@pytest.mark.build
def test_citation_of_an_unknown_key_fails_the_build_naming_each_place(tmp_path):
    book = write_tiny_book(tmp_path / "book", pages={"all": ""})
    prose = "See {paper}`nosuch2099` and {paper}`Other <typo2023grok>`.\n\n"
    (book / "all.md").write_text("# All\n\n" + prose + ":::{publications}\n:::\n")
    proc = build_book(book)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    for key in ("nosuch2099", "typo2023grok"):
        assert re.search(rf"all\.md:3: ERROR: paper: no entry '{key}'", output), output[-4000:]


# Fast checks of the pieces, without a build.


def _paper(**changes) -> Paper:
    values = dict(
        key="k", entry_type="article", title="T", authors=("A B",), year=2020, venue_raw="",
        venue="arXiv", venue_type="preprint",
    )  # fmt: skip
    values.update(changes)
    return Paper(**values)


@pytest.mark.parametrize(
    ("url", "href"),
    [
        pytest.param("https://arxiv.org/abs/1", "https://arxiv.org/abs/1", id="https"),
        pytest.param("HTTP://example.org", "HTTP://example.org", id="http_upper"),
        pytest.param("papers/a.pdf", "papers/a.pdf", id="relative"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param(" JavaScript:alert(1)", None, id="javascript_spaced"),
        pytest.param("java\nscript:alert(1)", None, id="javascript_newline"),
        pytest.param("data:text/html,<b>", None, id="data"),
        pytest.param("//evil.example/x", None, id="protocol_relative"),
        pytest.param("\\\\evil.example/x", None, id="backslashes"),
        pytest.param("", None, id="empty"),
    ],
)
def test_safe_href(url, href):
    assert safe_href(url) == href


def test_unsafe_link_is_not_rendered():
    document = new_document("test", get_default_settings(Parser))
    links = {"code": "javascript:alert(1)", "pdf": "https://x.org/a.pdf"}
    item = render_paper(_paper(links=links), document)
    refs = [n["refuri"] for n in item.findall(nodes.reference)]
    assert refs == ["https://x.org/a.pdf"]


@pytest.mark.parametrize(
    ("n_authors", "owner", "et_al", "expected"),
    [
        pytest.param(3, (1,), False, "A0, **A1**, A2", id="short_list_whole"),
        pytest.param(3, (), True, "A0, A1, A2, et al.", id="and_others"),
        pytest.param(
            800,
            (400,),
            False,
            "A0, A1, A2, … 396 more …, A399, **A400**, A401, … 397 more …, A799",
            id="collaboration_around_the_owner",
        ),
        pytest.param(
            800, (), True, "A0, A1, A2, … 796 more …, A799, et al.", id="collaboration_and_others"
        ),
    ],
)
def test_long_author_lists_are_shortened_around_the_owner(n_authors, owner, et_al, expected):
    authors = tuple(f"A{i}" for i in range(n_authors)) + (("others",) if et_al else ())
    paragraph = render_paper(_paper(authors=authors, owner_positions=owner), _document())[1]
    text = "".join(
        f"**{node.astext()}**" if isinstance(node, nodes.strong) else node.astext()
        for node in paragraph.children
    )
    assert text == expected


@pytest.mark.parametrize(
    ("authors", "collaboration", "expected"),
    [
        pytest.param(("G. Aad", "others"), "ATLAS", "G. Aad, et al. (ATLAS Collaboration)",
                     id="inspire"),
        pytest.param(("A. B",), "LIGO Scientific Collaboration",
                     "A. B (LIGO Scientific Collaboration)", id="named_in_full"),
        pytest.param(("A. B", "others"), "ATLAS, CMS", "A. B, et al. (ATLAS, CMS Collaborations)",
                     id="two"),
        pytest.param(("A. B",), "", "A. B", id="none"),
    ],
)  # fmt: skip
def test_a_collaboration_follows_the_authors(authors, collaboration, expected):
    paper = _paper(authors=authors, collaboration=collaboration)
    assert render_paper(paper, _document())[1].astext() == expected


def _document():
    return new_document("test", get_default_settings(Parser))


def test_same_paper_twice_on_a_page_gets_distinct_ids():
    document = new_document("test", get_default_settings(Parser))
    first, second = (render_paper(_paper(key="Phys.Rev:1"), document) for _ in range(2))
    assert (first["ids"], second["ids"]) == (["paper-phys-rev-1"], ["paper-phys-rev-1-2"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2023", (2023, 2023), id="one_year"),
        pytest.param("2021-2023", (2021, 2023), id="range"),
        pytest.param("2022 -", (2022, None), id="open_end"),
        pytest.param("-2020", (None, 2020), id="open_start"),
    ],
)
def test_parse_years(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize("text", ["", "-", "20", "2023-2021", "2021 2023", "last year"])
def test_parse_years_refuses(text):
    with pytest.raises(ValueError, match="year"):
        parse_years(text)


def test_filters_in_page_read_both_fence_styles():
    page = textwrap.dedent(
        """\
        # Page
        :::{publications}
        :theme: physics-of-ai
        :selected:
        :::

        ```{publications}
        :years: 2022-
        ```
        """
    )
    assert filters_in_page(page) == [
        PaperFilter(theme="physics-of-ai", selected=True),
        PaperFilter(first_year=2022),
    ]


def test_select_papers_keeps_file_order_within_a_year():
    papers = [_paper(key="a", year=2020), _paper(key="b", year=2021), _paper(key="c", year=2020)]
    assert [p.key for p in select_papers(papers, PaperFilter())] == ["b", "a", "c"]


@pytest.mark.parametrize(
    ("key", "name"),
    [
        pytest.param("liu2024kan", "liu2024kan.bib", id="plain"),
        pytest.param("Phys.Rev:1", "Phys.Rev-1.bib", id="colon"),
        pytest.param("../../etc/passwd", "-..-etc-passwd.bib", id="no_path"),
    ],
)
def test_bibtex_file_names_stay_in_their_folder(key, name):
    from analysis.site.bibtexfiles import file_name

    assert file_name(key) == name


@pytest.mark.parametrize(
    ("option", "listed"),
    [
        pytest.param("Marin Soljačić", ["full", "initial"], id="exact"),
        pytest.param("marin soljacic", ["full", "initial"], id="case_and_accents"),
        pytest.param("M. Soljacic", ["full", "initial"], id="initial"),
        pytest.param("Soljačić, Marin", ["full", "initial"], id="last_first"),
        pytest.param("  Marin   Soljačić ", ["full", "initial"], id="spaces"),
        pytest.param("Mark Soljačić", ["initial"], id="other_given_name"),
        pytest.param("Marin Tegmark", [], id="other_last_name"),
    ],
)
def test_author_filter_matches_a_name_in_every_form_that_means_it(option, listed):
    papers = {
        "full": _paper(authors=("Ziming Liu", "Marin Soljačić")),
        "initial": _paper(authors=("M. Soljačić", "Ziming Liu")),
        "other": _paper(authors=("Max Tegmark",)),
    }
    paper_filter = PaperFilter.from_options({"author": option})
    assert [name for name, paper in papers.items() if paper_filter.matches(paper)] == listed
