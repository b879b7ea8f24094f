"""Each source's answer as a Work, a Work as an entry in the file's style, and sync's decisions.

The fixtures under tests/fixtures/sources are shaped as the sources send them (doi.org CSL-JSON
from Crossref, the arXiv API's Atom feed, ORCID v3.0 /works, OpenAlex /works lists, DBLP's
BibTeX); no network here (conftest blocks it).
"""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from analysis.bib.edit import set_fields
from analysis.bib.loader import parse_bibliography
from analysis.scholarly.arxiv import works_from_feed
from analysis.scholarly.dblp import work_from_dblp
from analysis.scholarly.doi import work_from_csl
from analysis.scholarly.http import SourceError
from analysis.scholarly.identifiers import classify, normalise_orcid
from analysis.scholarly.openalex import work_from_openalex
from analysis.scholarly.orcid import fetch_orcid_works
from analysis.scholarly.record import (
    DEFAULT_ORDER,
    Conventions,
    Work,
    key_style,
    markup_to_bibtex,
    new_key,
    person_from_full,
    plain_to_bibtex,
)
from analysis.scholarly.sync import compare, merge_works, upgrade_changes
from analysis.settings import Settings

SOURCES = Path(__file__).parent / "fixtures" / "sources"
BOOK_BIB = (SOURCES / "references.bib").read_text(encoding="utf-8")


def fixture(name: str):
    text = (SOURCES / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


SETTINGS = Settings.from_values(
    owner="Ziming Liu",
    themes=[{"slug": "math-for-ai"}, {"slug": "ai-for-science"}],
)


def load(text: str):
    bibliography = parse_bibliography(text, "references.bib", SETTINGS)
    assert not bibliography.errors, bibliography.errors
    return bibliography


@pytest.mark.parametrize(
    "argument, expected",
    [
        ("10.1103/PhysRevLett.126.180604", ("doi", "10.1103/PhysRevLett.126.180604")),
        ("doi:10.1103/PhysRevLett.126.180604", ("doi", "10.1103/PhysRevLett.126.180604")),
        ("https://doi.org/10.1103/X.1", ("doi", "10.1103/X.1")),
        ("http://dx.doi.org/10.1103/X.1", ("doi", "10.1103/X.1")),
        ("10.48550/arXiv.2404.19756", ("arxiv", "2404.19756")),
        ("arXiv:2404.19756", ("arxiv", "2404.19756")),
        ("2404.19756v3", ("arxiv", "2404.19756")),
        ("hep-th/9901001", ("arxiv", "hep-th/9901001")),
        ("math.GT/0309136v2", ("arxiv", "math.GT/0309136")),
        ("https://arxiv.org/abs/2404.19756v2", ("arxiv", "2404.19756")),
        ("https://arxiv.org/pdf/2404.19756.pdf", ("arxiv", "2404.19756")),
        ("paper.bib", ("file", "paper.bib")),
        ("-", ("file", "-")),
        ("Kolmogorov", ("unknown", "Kolmogorov")),
    ],
)
def test_identifiers_in_every_usual_spelling(argument, expected) -> None:
    assert classify(argument) == expected


def test_orcid_ids_and_urls() -> None:
    assert normalise_orcid("https://orcid.org/0000-0002-1825-009x") == "0000-0002-1825-009X"
    assert normalise_orcid("0000-0002-1825") == ""


def test_a_crossref_csl_record_becomes_an_entry_with_its_markup_as_latex() -> None:
    work = work_from_csl(fixture("doi_10.5555_pre.2025.024301.json"), "10.5555/pre.2025.024301")
    assert work.title == (
        r"Conserved quantities of \textit{N}-body systems from 10\textsuperscript{4} "
        r"trajectories \& less"
    )
    assert (work.entry_type, work.venue, work.year, work.month) == (
        "article", "Physical Review E", "2025", "feb",
    )  # fmt: skip
    assert (work.volume, work.number, work.pages) == ("111", "2", "024301")
    assert work.authors == ["Liu, Ziming", "Tegmark, Max"]
    key, text = Conventions.of(BOOK_BIB).entry(work)
    assert key == "liu2025conserved"
    assert "<" not in text and ">" not in text
    paper = load(BOOK_BIB + "\n" + text).by_key()[key]
    assert paper.title == "Conserved quantities of N-body systems from 10⁴ trajectories & less"
    assert paper.doi == "10.5555/pre.2025.024301" and paper.month == 2


def test_a_proceedings_record_is_an_inproceedings_entry() -> None:
    work = work_from_csl(fixture("doi_10.5555_kan.2025.json"), "10.5555/kan.2025")
    assert work.entry_type == "inproceedings"
    assert work.title == "KAN: Kolmogorov–Arnold Networks"


@pytest.mark.parametrize("data", [[], {"DOI": "10.1/x"}, {"title": ""}, "text"])
def test_a_record_that_is_not_csl_json_is_a_source_error(data) -> None:
    with pytest.raises(SourceError, match=r"^10\.1/x: doi\.org: answered with a record"):
        work_from_csl(data, "10.1/x")


def test_network_text_is_escaped_for_bibtex() -> None:
    assert markup_to_bibtex("<script>alert(1)</script> 50% {x} a_b #1 ~ ^ \\") == (
        r"alert(1) 50\% \{x\} a\_b \#1 \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert markup_to_bibtex("H<sub>2</sub>O &amp; <jats:italic>in vivo</jats:italic>") == (
        r"H\textsubscript{2}O \& \textit{in vivo}"
    )
    assert markup_to_bibtex("an <b>unclosed tag") == "an unclosed tag"
    assert plain_to_bibtex("Smith & Sons") == r"Smith \& Sons"


def test_an_arxiv_feed_names_the_published_version() -> None:
    (work,) = works_from_feed(fixture("arxiv_2404.19756_published.xml"), "arXiv:2404.19756")
    assert (work.arxiv, work.published_as, work.journal_ref) == (
        "2404.19756", "10.5555/kan.2025", "ICLR 2025",
    )  # fmt: skip
    assert work.authors == ["Liu, Ziming", "Wang, Yixuan", "Tegmark, Max"]
    (preprint,) = works_from_feed(fixture("arxiv_2405.04484.xml"), "arXiv:2405.04484")
    assert preprint.title == (
        "OptPDE: Discovering Novel Integrable Systems via AI-Human Collaboration"
    )  # the feed's line break is a space
    assert (preprint.venue, preprint.year, preprint.month, preprint.published_as) == (
        "arXiv preprint arXiv:2405.04484", "2024", "may", "",
    )  # fmt: skip


def test_arxiv_errors_empty_feeds_and_non_xml() -> None:
    assert works_from_feed(fixture("arxiv_empty.xml"), "arXiv:2501.99999") == []
    error_feed = fixture("arxiv_empty.xml").replace(
        "</feed>",
        "<entry><id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id>"
        "<title>Error</title><summary>incorrect id format for abc</summary></entry></feed>",
    )
    with pytest.raises(SourceError, match="refused the id: incorrect id format for abc"):
        works_from_feed(error_feed, "arXiv:abc")
    with pytest.raises(SourceError, match="not an Atom feed"):
        works_from_feed("<html><body>Service unavailable</body></html", "arXiv:1")


class OneReply:
    """A client that answers one JSON document (the ORCID parser's input)."""

    def __init__(self, data):
        self.data = data

    def get_json(self, *args, **kwargs):
        return self.data


def test_orcid_groups_become_works_with_their_identifiers() -> None:
    works = fetch_orcid_works(OneReply(fixture("orcid_0000-0002-4176-6291_works.json")), "x")
    assert [(w.doi, w.arxiv, w.entry_type) for w in works] == [
        ("10.1103/PhysRevLett.126.180604", "", "article"),
        ("10.5555/pre.2025.024301", "", "article"),
        ("10.5555/kan.2025", "2404.19756", "inproceedings"),
        ("", "2405.04484", "misc"),
        ("", "", "misc"),
    ]
    assert works[3].venue == "arXiv preprint arXiv:2405.04484"
    with pytest.raises(SourceError, match="'group'"):
        fetch_orcid_works(OneReply({"error": "x"}), "0000-0002-4176-6291")


def test_an_openalex_work_keeps_its_arxiv_location_and_its_authors() -> None:
    page = fixture("openalex_works_A5032184121_page1.json")
    work = work_from_openalex(page["results"][0])
    assert (work.doi, work.arxiv, work.venue) == (
        "10.5555/pre.2025.024301", "2409.01234", "Physical Review E",
    )  # fmt: skip
    assert work.title.startswith(r"Conserved quantities of \textit{N}-body")
    assert work.authors == ["Liu, Ziming", "Tegmark, Max"]
    assert work_from_openalex(page["results"][1]).pages == "1--32"


def test_dblp_entries_lose_their_braces_and_corr_is_a_preprint() -> None:
    library = bibtexparser.parse_string(fixture("dblp_pid_21-1234.bib"), parse_stack=[])
    corr, omnigrok = (work_from_dblp(entry) for entry in library.entries)
    assert (corr.doi, corr.arxiv, corr.venue, corr.year) == (
        "", "2404.19756", "arXiv preprint arXiv:2404.19756", "2024",
    )  # fmt: skip
    assert corr.title == "{KAN:} Kolmogorov-Arnold Networks"
    assert omnigrok.entry_type == "inproceedings" and omnigrok.authors[1] == "Michaud, Eric J."


@pytest.mark.parametrize(
    "keys, style, expected",
    [
        (["liu2024kan", "tegmark2020ai"], "scholar", "liu2025conserved"),
        (["Liu2024", "Tegmark2020b"], "Name_year", "Liu2025"),
        (["liu2024", "tegmark2020"], "name_year", "liu2025"),
        (["Liu:2024kan", "Tegmark:2020ai"], "name_colon_year", "Liu:2025conserved"),
        (["liu_2024_kan"], "name_year_word", "liu_2025_conserved"),
        (["PhysRevE.109.L023301", "DBLP:conf/x/Y"], "scholar", "liu2025conserved"),
    ],
)
def test_new_keys_follow_the_file_s_key_style(keys, style, expected) -> None:
    work = Work(title="Conserved quantities", authors=["Liu, Ziming"], year="2025")
    assert key_style(keys) == style
    assert new_key(work, style, set()) == expected
    assert new_key(work, style, {expected.upper()}) == expected + "b"


def test_accents_and_tex_in_the_family_name_fold_to_ascii_keys() -> None:
    work = Work(title="The clock", authors=[r"Solja{\v{c}}i{\'c}, Marin"], year="2023")
    assert new_key(work, "scholar", set()) == "soljacic2023clock"


def test_sync_finds_new_works_published_versions_and_undecided_ones() -> None:
    book = load(BOOK_BIB)
    orcid = fetch_orcid_works(OneReply(fixture("orcid_0000-0002-4176-6291_works.json")), "x")
    result = compare(book.papers, orcid)
    assert [w.doi or w.arxiv or w.title for w in result.new] == [
        "10.5555/pre.2025.024301", "2405.04484", "Physics of AI (invited talk)",
    ]  # fmt: skip
    ((paper, work),) = result.published
    assert (paper.key, work.doi) == ("liu2024kan", "10.5555/kan.2025")
    assert result.matched == 1 and result.undecided == []
    # Two entries of the book with the work's title: the owner decides which it is.
    twice = load(
        BOOK_BIB + BOOK_BIB[BOOK_BIB.index("@article{Phys") :].replace("PhysRevLett.126", "x")
    )
    lost = Work(title="Machine learning conservation laws from trajectories", doi="10.9/new")
    (line,) = compare(twice.papers, [lost]).undecided
    assert "matches 'PhysRevLett.126.180604' and 'x.180604'" in line
    both = Work(title="KAN: Kolmogorov-Arnold Networks", arxiv="2404.19756", doi="10.9/other")
    other = Work(title="KAN: Kolmogorov-Arnold Networks", arxiv="2404.19756", doi="10.9/third")
    (line,) = compare(book.papers, [both, other]).undecided
    assert "2 published versions" in line and "'liu2024kan'" in line


def test_the_same_work_from_two_sources_is_one_work() -> None:
    preprint = Work(title="A Paper", arxiv="2401.00001", venue="arXiv preprint", source="DBLP",
                    authors=["Doe, Jane"])  # fmt: skip
    published = Work(title="A paper", doi="10.1/a", arxiv="2401.00001", venue="PRL",
                     source="ORCID")  # fmt: skip
    (merged,) = merge_works([preprint, published])
    assert (merged.doi, merged.venue, merged.arxiv, merged.authors) == (
        "10.1/a", "PRL", "2401.00001", ["Doe, Jane"],
    )  # fmt: skip


def test_an_upgrade_changes_only_the_fields_it_names() -> None:
    book = load(BOOK_BIB)
    paper = book.by_key()["liu2024kan"]
    work = work_from_csl(fixture("doi_10.5555_kan.2025.json"), "10.5555/kan.2025")
    entry_type, changes, rename = upgrade_changes(paper, work)
    text = set_fields(BOOK_BIB, paper.key, changes, entry_type, rename=rename, order=DEFAULT_ORDER)
    start = BOOK_BIB.index("@article{liu2024kan")
    end = BOOK_BIB.index("@article{PhysRevLett")
    assert text[:start] == BOOK_BIB[:start]  # every byte outside the entry is as it was
    assert text.endswith(BOOK_BIB[end:])
    upgraded = load(text).by_key()["liu2024kan"]
    assert upgraded.entry_type == "inproceedings"
    assert (upgraded.doi, upgraded.year, upgraded.month, upgraded.arxiv_id) == (
        "10.5555/kan.2025", 2025, 4, "2404.19756",
    )  # fmt: skip
    assert (upgraded.themes, upgraded.selected, upgraded.honors) == (
        ("math-for-ai",), True, ("Oral",),
    )  # fmt: skip
    assert "Listed as the preprint" in upgraded.decision
    assert "journal" not in text[start : text.index("@article{PhysRevLett")]


@pytest.mark.parametrize(
    "full, name",
    [
        ("B. Scott Gaudi", "Gaudi, B. Scott"),
        ("Ludwig van der Waals", "van der Waals, Ludwig"),
        ("Madonna", "Madonna"),
        ("Tom & Jerry Lab", r"Lab, Tom \& Jerry"),
    ],
)
def test_full_names_from_arxiv_and_openalex_become_bibtex_names(full, name) -> None:
    assert person_from_full(full) == name
