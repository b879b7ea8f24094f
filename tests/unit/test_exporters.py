"""Real exporters' BibTeX, one fixture per shape: ADS, DBLP with crossref, Zotero, names as
CVs write them, venues by entry type, links, months. Each row: fixture, key, what the paper is."""

import pytest

from analysis.bib.filters import PaperFilter, select_papers
from analysis.bib.loader import parse_bibliography
from analysis.bib.macros import JOURNAL_MACROS, expand_journal_macros
from analysis.settings import Settings
from tests.support.book import FIXTURES

OWNERS = {
    "ads": ("Alan J. M. Thomson",),
    "dblp_crossref": ("Nutan Limaye",),
    "editors_and_repeats": ("Kathryn D. Huff", "Katy Huff"),
    "names": ("Wei Zhu",),
    "venue_types": ("Jane Doe",),
    "links": ("Jane Doe",),
    "months": ("Jane Doe",),
}


def load(name: str):
    text = (FIXTURES / f"{name}.bib").read_text(encoding="utf-8")
    return parse_bibliography(text, f"{name}.bib", Settings(owner=OWNERS[name]))


def paper(name: str, key: str):
    return load(name).by_key()[key]


@pytest.mark.parametrize("name", list(OWNERS))
def test_every_fixture_loads_without_an_error_and_loses_nothing(name):
    bibliography = load(name)
    assert bibliography.errors == []
    text = (FIXTURES / f"{name}.bib").read_text(encoding="utf-8")
    entries = text.count("\n@") + text.startswith("@")
    assert len(bibliography.papers) + len(bibliography.parents) == entries


# fixture, key, attribute, expected value
RECORDS = [
    # ADS: AASTeX journal macros are journals under the macro's name, even with an eprint.
    pytest.param("ads", "2019ApJ...870...1T", "venue", "ApJ", id="ads-apj"),
    pytest.param("ads", "2019ApJ...870...1T", "venue_type", "journal", id="ads-apj-journal"),
    pytest.param("ads", "2020MNRAS.491.1000G", "venue", "MNRAS", id="ads-mnras"),
    pytest.param("ads", "2021A&A...650A...1T", "venue", "A&A", id="ads-aap"),
    pytest.param("ads", "2022PASA...39....1T", "venue_type", "journal", id="ads-pasa"),
    pytest.param("ads", "2023PhRvL.130a1001T", "venue", "PRL", id="ads-prl"),
    pytest.param("ads", "2024arXiv240100001T", "venue", "arXiv", id="ads-eprints"),
    pytest.param("ads", "2019ApJ...870...1T", "month", 1, id="ads-month-macro"),
    pytest.param(
        "ads",
        "2020MNRAS.491.1000G",
        "authors",
        ("A. Ginsburg", "A. J. M. Thomson"),
        id="ads-myname-macro",
    ),  # fmt: skip
    # The owner in every form: initials with ties, the full name.
    pytest.param("ads", "2019ApJ...870...1T", "owner_positions", (0,), id="owner-initials"),
    pytest.param("ads", "2020MNRAS.491.1000G", "owner_positions", (1,), id="owner-second"),
    pytest.param("ads", "2021A&A...650A...1T", "owner_positions", (0,), id="owner-full"),
    # DBLP: crossref fills booktitle and year; the conference is named by its acronym.
    pytest.param(
        "dblp_crossref", "DBLP:conf/stoc/LimayeST21", "venue", "STOC", id="crossref-booktitle"
    ),  # fmt: skip
    pytest.param("dblp_crossref", "DBLP:conf/stoc/LimayeST21", "year", 2021, id="crossref-year"),
    pytest.param("dblp_crossref", "DBLP:conf/mfcs/LagardeL017", "venue", "MFCS", id="dblp-mfcs"),
    pytest.param(
        "dblp_crossref", "DBLP:journals/corr/abs-2104-00001", "venue", "CoRR", id="dblp-corr"
    ),  # fmt: skip
    pytest.param("dblp_crossref", "DBLP:journals/eccc/Limaye21", "venue", "ECCC", id="dblp-eccc"),
    pytest.param(
        "dblp_crossref",
        "DBLP:journals/eccc/Limaye21",
        "venue_type",
        "preprint",
        id="dblp-eccc-preprint",
    ),  # fmt: skip
    # Editors for authors, a repeated field keeps its first value, a year range.
    pytest.param(
        "editors_and_repeats",
        "edited2020",
        "authors",
        ("Kathryn D. Huff", "Jane Smith"),
        id="book-editors",
    ),  # fmt: skip
    pytest.param("editors_and_repeats", "edited2020", "venue_type", "book", id="book-type"),
    pytest.param(
        "editors_and_repeats", "workshop2019", "owner_positions", (0,), id="proceedings-editor"
    ),  # fmt: skip
    pytest.param(
        "editors_and_repeats",
        "repeated2018",
        "doi",
        "10.21105/joss.00298",
        id="repeated-field-first",
    ),  # fmt: skip
    pytest.param("editors_and_repeats", "software2003", "year", 2003, id="year-range"),
    pytest.param(
        "editors_and_repeats",
        "software2003",
        "links",
        {"url": "https://marsbar-toolbox.github.io/"},
        id="howpublished-url",
    ),  # fmt: skip
    # Names: markup, sort keys, markers, collaborations, and others, initials without dots.
    pytest.param(
        "names",
        "bold2021",
        "authors",
        ("W. Zhu", "A. Gould", "João de Araujo"),
        id="textbf-and-noopsort",
    ),  # fmt: skip
    pytest.param("names", "bold2021", "owner_positions", (0,), id="owner-in-bold"),
    pytest.param(
        "names",
        "markers2022",
        "authors",
        ("Albert Einstein", "Boris Podolsky", "Nathan Rosen", "Wei Zhu"),
        id="alfolio-markers",
    ),  # fmt: skip
    pytest.param("names", "markers2022", "equal_contribution", (0, 1), id="markers-equal"),
    pytest.param(
        "names",
        "collab2023",
        "authors",
        ("LIGO Scientific and Virgo Collaborations", "W. Zhu", "others"),
        id="collaboration-and-others",
    ),  # fmt: skip
    pytest.param("names", "collab2023", "owner_positions", (1,), id="owner-after-collab"),
    pytest.param("names", "initials2024", "owner_positions", (1,), id="initials-no-dots"),
    # Venues no table knows: the entry type decides; preprint servers under their own names.
    pytest.param("venue_types", "thesis2015", "venue_type", "thesis", id="phdthesis"),
    pytest.param("venue_types", "masters2012", "venue_type", "thesis", id="mastersthesis"),
    pytest.param("venue_types", "report2016", "venue_type", "report", id="techreport"),
    pytest.param("venue_types", "book2017", "venue_type", "book", id="book"),
    pytest.param("venue_types", "chapter2018", "venue_type", "book", id="incollection"),
    pytest.param(
        "venue_types",
        "conference2019",
        "venue",
        "Annual Meeting of the Society",
        id="proceedings-ordinal-year-folded",
    ),  # fmt: skip
    pytest.param("venue_types", "conference2019", "venue_type", "conference", id="inproceedings"),
    pytest.param("venue_types", "workshop2019", "venue", "NeurIPS workshop", id="neurips-workshop"),
    pytest.param(
        "venue_types",
        "otherworkshop2019",
        "venue",
        "Workshop on Obscure Topics",
        id="workshop-own-name",
    ),  # fmt: skip
    pytest.param("venue_types", "otherworkshop2019", "venue_type", "workshop", id="workshop"),
    pytest.param(
        "venue_types",
        "journal2021",
        "venue",
        "J. Obs. Soc.",  # both spellings, by their ISO 4 abbreviation
        id="journal-of-the-folded",
    ),  # fmt: skip
    pytest.param("venue_types", "journal2020", "venue_type", "journal", id="article"),
    pytest.param("venue_types", "biorxiv2022", "venue", "bioRxiv", id="biorxiv"),
    pytest.param("venue_types", "medrxiv2022", "venue", "medRxiv", id="medrxiv"),
    pytest.param("venue_types", "chemrxiv2022", "venue", "ChemRxiv", id="chemrxiv"),
    pytest.param("venue_types", "ssrn2022", "venue", "SSRN", id="ssrn"),
    pytest.param("venue_types", "hal2022", "venue", "HAL", id="hal"),
    pytest.param("venue_types", "osf2022", "venue", "OSF", id="osf"),
    pytest.param("venue_types", "rs2022", "venue", "Research Square", id="research-square"),
    pytest.param("venue_types", "techrxiv2022", "venue_type", "preprint", id="techrxiv"),
    # Links and DOIs as exporters write them.
    pytest.param(
        "links",
        "anchor2024",
        "links",
        {"url": "https://doi.org/10.1007/s10237-026-02064-8"},
        id="html-anchor",
    ),  # fmt: skip
    pytest.param(
        "links", "twourls2023", "links", {"url": "https://example.org/paper"}, id="two-urls"
    ),  # fmt: skip
    pytest.param("links", "doiprefix2022", "doi", "10.1038/s41586-020-2649-2", id="doi-colon"),
    pytest.param("links", "doiorg2021", "doi", "10.1038/nphys1170", id="doi-org"),
    pytest.param("links", "doiword2020", "doi", "10.1103/PhysRevLett.116.061102", id="doi-word"),
    pytest.param(
        "links", "noscheme2019", "links", {"url": "https://github.com/arfc/moltres"}, id="no-scheme"
    ),  # fmt: skip
    # Month and day: macros, names, numbers, biblatex's date.
    pytest.param("months", "aug2024", "month", 8, id="month-name"),
    pytest.param("months", "aug20_2024", "day", 20, id="biblatex-date-day"),
    pytest.param("months", "aug20_2024", "year", 2024, id="biblatex-date-year"),
    pytest.param("months", "mar2023", "month", 3, id="month-number"),
    pytest.param("months", "dec2023", "day", 5, id="month-macro-and-day"),
]


@pytest.mark.parametrize(("name", "key", "attribute", "expected"), RECORDS)
def test_records(name, key, attribute, expected):
    assert getattr(paper(name, key), attribute) == expected


def test_crossref_parents_are_not_papers():
    bibliography = load("dblp_crossref")
    assert bibliography.parents == ["DBLP:conf/stoc/2021", "DBLP:conf/mfcs/2017"]
    assert not {"DBLP:conf/stoc/2021", "DBLP:conf/mfcs/2017"} & set(bibliography.by_key())


def test_a_missing_crossref_target_is_a_located_warning():
    text = "@inproceedings{a, title={T}, author={Doe, Jane}, year={2020}, crossref={nowhere}}\n"
    problems = parse_bibliography(text, "x.bib").warnings
    assert [str(p) for p in problems] == [
        "x.bib:1: a: warning: crossref 'nowhere' is not an entry of this file: its fields "
        "(booktitle, year, ...) are not inherited; add that entry or remove the crossref"
    ]


def test_a_repeated_field_is_a_located_warning_and_nothing_else():
    bibliography = load("editors_and_repeats")
    repeated = [p for p in bibliography.warnings if p.key == "repeated2018"]
    assert [p.message.split(":")[0] for p in repeated] == [
        "field 'doi' is given twice (line 20)",
        "field 'isbn' is given twice (line 22)",
    ]


def test_lists_order_by_month_and_day_within_a_year_then_file_order():
    ordered = select_papers(load("months").papers, PaperFilter())
    assert [p.key for p in ordered] == [
        "aug20_2024", "aug2024", "feb2024", "undated2024", "dec2023", "mar2023",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(r"\apj", "ApJ", id="apj"),
        pytest.param(r"\apjl", "ApJL", id="apjl-not-apj"),
        pytest.param(r"{\aap}", "{A&A}", id="braced"),
        pytest.param(r"\pasa", "PASA", id="pasa"),
        pytest.param(r"\apjsupp", r"\apjsupp", id="unknown-macro-kept"),
        pytest.param("Nature", "Nature", id="no-macro"),
    ],
)
def test_journal_macros(text, expected):
    assert expand_journal_macros(text) == expected


def test_the_macro_table_is_aastex_s():
    # A spot check of aas_macros.sty's table (its full list of journals is in macros.py).
    assert {"aj", "apj", "apjl", "apjs", "aap", "mnras", "pasa", "pasp", "prl", "nat"} <= set(
        JOURNAL_MACROS
    )
    assert len(JOURNAL_MACROS) >= 55
