"""Paper cards and list filters without a build: links, author lists, years, file names."""

from __future__ import annotations

import textwrap

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from analysis.bib.filters import PaperFilter, filters_in_page, parse_years, select_papers
from analysis.bib.model import Paper
from analysis.site.papers.render import render_paper, safe_href


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
    from analysis.site.papers.bibtexfiles import file_name

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
