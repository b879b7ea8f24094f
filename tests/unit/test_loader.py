"""Loading references.bib: the shapes researchers have, and every kind of bad input, located."""

import bibtexparser
import pytest

from analysis.bib.loader import load_bibliography, parse_bibliography
from analysis.bib.model import BibliographyError
from analysis.settings import Settings
from tests.support.book import FIXTURES, REPO

OWNER = Settings(owner=("Ziming Liu",))
GOOD = """@article{good,
  title = {Good},
  author = {Liu, Ziming},
  journal = {Nature},
  year = {2020},
}
"""


def entry(key="a1", **fields):
    """An entry with the required fields, overridable; a value of None drops the field."""
    values = {"title": "{One}", "author": "{Liu, Ziming}", "journal": "{Nature}", "year": "{2020}"}
    values.update(fields)
    body = "".join(f"  {name} = {value},\n" for name, value in values.items() if value is not None)
    return f"@article{{{key},\n{body}}}\n"


def parse(text):
    return parse_bibliography(text, "refs.bib", OWNER)


# Bad input -> (line, key, words of the message). The good entry after it must always survive.
BAD_INPUTS = [
    pytest.param(
        entry().removesuffix("}\n") + "\n",
        1,
        "a1",
        "not closed before the next entry",
        id="missing-entry-brace",
    ),
    pytest.param(
        entry(title="{One"), 1, "a1", "not closed before the next entry", id="missing-value-brace"
    ),
    pytest.param(entry(title='"One'), 1, "a1", "could not be parsed", id="missing-quote"),
    pytest.param(
        entry().replace("{One},", "{One}"),
        1,
        "a1",
        "field 'title' (line 8): text after the value ('author = {Liu, Ziming}'): "
        "a comma is probably missing",
        id="missing-comma",
    ),
    pytest.param(
        entry().replace("{One},", "{One}},"),
        3,
        "a1",
        "outside any entry and was ignored: the entry starting on line 7 was probably "
        "closed early by an extra '}'",
        id="extra-brace",
    ),
    pytest.param("\n" + entry().removeprefix("@"), 2, "a1", "is its '@' missing?", id="missing-at"),
    pytest.param(
        entry(key="good"),
        7,
        "good",
        "duplicate key: 'good' is already defined on line 1",
        id="duplicate-key",
    ),
    pytest.param(
        entry(key="Good"),
        7,
        "Good",
        "differs from 'good' on line 1 only in case",
        id="duplicate-key-case",
    ),
    pytest.param(entry(year=None), 1, "a1", "missing year: add year", id="missing-year"),
    pytest.param(
        entry(title=None, author=None), 1, "a1", "missing title, author", id="missing-title-author"
    ),
    pytest.param(entry(year="{20x0}"), 1, "a1", "year '20x0' is not a year", id="non-numeric-year"),
    pytest.param(entry(year="{1066}"), 1, "a1", "year '1066' is not a year", id="implausible-year"),
    pytest.param(
        entry(url="{javascript:alert(1)}"),
        1,
        "a1",
        "url 'javascript:alert(1)' is not an http(s) link",
        id="javascript-url",
    ),
    pytest.param(
        entry(code="{ftp://example.org/x}"),
        1,
        "a1",
        "code 'ftp://example.org/x' is not",
        id="ftp-code-link",
    ),
    pytest.param(
        entry(journal="undefinedmacro"),
        1,
        "a1",
        "'undefinedmacro' is not a defined @string macro",
        id="undefined-macro",
    ),
    pytest.param(
        entry(equal_contribution="{1, 3}"),
        1,
        "a1",
        "equal_contribution '1, 3' must list author positions from 1 to 1",
        id="equal-contribution-out-of-range",
    ),
    pytest.param(entry(key=""), 1, "-", "this entry has no key", id="missing-key"),
    pytest.param(
        entry(note="{see @article{b2, title={Two}}}"),
        1,
        "a1",
        "the entry 'b2' on line 12 is inside this entry",
        id="swallowed-entry",
    ),
]


@pytest.mark.parametrize(("bad", "line", "key", "words"), BAD_INPUTS)
def test_bad_input_is_located_and_nothing_else_is_lost(bad, line, key, words):
    bibliography = parse(GOOD + bad + "\n" + entry(key="after", title="{After}"))
    offset = GOOD.count("\n")
    errors = [str(p) for p in bibliography.errors]
    expected_line = line + offset if key != "good" and not key.startswith("Good") else line
    assert any(e.startswith(f"refs.bib:{expected_line}: {key}: ") and words in e for e in errors), (
        errors
    )
    assert {"good", "after"} <= {p.key for p in bibliography.papers}


def test_duplicate_keys_point_at_the_copy_and_the_original():
    bibliography = parse(GOOD + "\n" + GOOD)
    assert [str(p) for p in bibliography.problems] == [
        "refs.bib:8: good: duplicate key: 'good' is already defined on line 1; "
        "rename one of them or delete the copy"
    ]


def test_every_failed_block_of_bibtexparser_is_reported():
    text = GOOD + entry("a1", title="{One") + entry("a2") + entry("a2") + entry("a3", x="{1},y={2")
    failed = bibtexparser.parse_string(text).failed_blocks
    reported = {(p.line, p.key) for p in parse(text).errors}
    assert len(failed) == 3
    located = zip(failed, ["a1", "a2", "a3"], strict=True)
    assert {(block.start_line + 1, key) for block, key in located} <= reported


@pytest.mark.parametrize(
    ("bad", "severity", "words"),
    [
        pytest.param(
            entry(journal="{Journal of Obscure Results}"),
            "note",
            "venue 'Journal of Obscure Results' is in no venue table: listed as journal",
            id="unknown-venue",
        ),
        pytest.param(entry(journal=None), "note", "no venue field", id="no-venue"),
        pytest.param(
            entry(title="{One},\n  title = {Two}"),
            "warning",
            "field 'title' is given twice (line 9): the first value is kept",
            id="repeated-field",
        ),
        pytest.param(
            entry(key="dup", title="{{GOOD}}"),
            "warning",
            "likely the same paper as 'good' (line 1): same title",
            id="same-title",
        ),
        pytest.param(
            entry(pdf="{kan.pdf}"),
            "warning",
            "pdf 'kan.pdf' names no file of this book",
            id="relative-pdf",
        ),
        pytest.param(
            entry(doi="{not a doi}"), "warning", "doi 'not a doi' is not a DOI", id="bad-doi"
        ),
        pytest.param(
            entry(month="September"),
            "warning",
            "field 'month' (line 12) is left out: 'September' is not a defined @string macro",
            id="undefined-macro-in-a-field-the-book-does-not-need",
        ),
        pytest.param(
            entry(year="{June 1980}"),
            "warning",
            "year 'June 1980' holds a month: listed under 1980",
            id="month-in-year",
        ),
    ],
)
def test_warnings_load_but_strict_refuses(tmp_path, bad, severity, words):
    bib = tmp_path / "refs.bib"
    bib.write_text(GOOD + bad)
    bibliography = load_bibliography(bib, OWNER)
    assert [p.severity for p in bibliography.problems] == [severity]
    assert words in bibliography.problems[0].message
    with pytest.raises(BibliographyError) as info:
        load_bibliography(bib, OWNER, strict=True)
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        pytest.param(
            entry("a", year=r"{{\noopsort{1985a}}1985}")
            + entry("b", title="{Two}", year=r"{\noopsort{85b}1985}"),
            [1985, 1985],
            id="noopsort-year",  # Knuth's xampl.bib: the sort key is never printed
        ),
        pytest.param(
            entry("a")
            + '\nU.S. patent\nUse the type field, e.g.\ntype = "Patent Application"\n\n'
            + entry("b", title="{Two}"),
            [2020, 2020],
            id="prose-between-entries",  # IEEEtran's IEEEexample.bib: text BibTeX ignores
        ),
    ],
)
def test_valid_bibtex_loads_without_problems(text, years):
    bibliography = parse(text)
    assert bibliography.problems == []
    assert [p.year for p in bibliography.papers] == years


def test_same_arxiv_id_under_two_keys_is_a_likely_duplicate():
    bibliography = parse(
        entry("x1", eprint="{2404.19756}") + entry("x2", title="{Other}", eprint="{2404.19756v2}")
    )
    assert [p.message for p in bibliography.warnings] == [
        "likely the same paper as 'x1' (line 1): same arXiv id; merge them or delete one"
    ]


def test_load_raises_one_error_with_every_problem(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(entry("a1", year=None) + entry("a2", year="{soon}"))
    with pytest.raises(BibliographyError) as info:
        load_bibliography(bib, OWNER)
    assert [(p.line, p.key) for p in info.value.problems] == [(1, "a1"), (6, "a2")]
    assert str(info.value).splitlines()[0].startswith(f"{bib}:1: a1: missing year")


def test_missing_file_is_a_bibliography_error(tmp_path):
    with pytest.raises(BibliographyError, match="cannot read the file"):
        load_bibliography(tmp_path / "refs.bib")


def test_latin1_file_is_located_at_its_first_bad_byte(tmp_path):
    """Old JabRef and hand-written files are often Latin-1: the error names the line of the
    first byte that is not UTF-8 and how to convert the file, in check, init and add alike."""
    bib = tmp_path / "refs.bib"
    bib.write_bytes(GOOD.encode() + "@article{b,\n  title = {Stra\u00dfe},\n}\n".encode("latin-1"))
    with pytest.raises(BibliographyError) as info:
        load_bibliography(bib)
    [problem] = info.value.problems
    assert (problem.line, problem.key) == (8, "-")
    assert "byte 0xdf is not UTF-8" in problem.message
    assert "iconv -f windows-1252 -t utf-8 refs.bib" in problem.message


def test_alfolio_shape():
    bibliography = load_bibliography(FIXTURES / "alfolio.bib", OWNER)
    # The one thing to fix: the thumbnails are al-folio's files, not yet in this book's _static/.
    assert [(p.key, p.severity, p.message.split(" names ")[0]) for p in bibliography.problems] == [
        ("liu2024kan", "warning", "preview 'kan.png'"),
        ("PhysRevLett.126.180604", "warning", "preview 'aipoincare.png'"),
        ("zhong2023the", "warning", "preview 'pizza.png'"),
    ]
    kan, prl, pizza = bibliography.papers
    # Front matter lines are blanked, not removed: lines stay those of the file.
    assert (kan.line, prl.line, pizza.line) == (7, 20, 38)
    assert (kan.venue, kan.venue_type, kan.arxiv_id, kan.selected) == (
        "arXiv",
        "preprint",
        "2404.19756",
        True,
    )
    assert kan.authors[5] == "Marin Soljačić" and kan.owner_first_author
    # @string macros, with # concatenation, and honours written into the venue.
    assert (prl.venue_raw, prl.venue, prl.honors) == (
        "Phys. Rev. Lett. (Editor's suggestion)",
        "PRL",
        ("Editor's Suggestion",),
    )
    assert prl.title == "AI Poincaré: Machine Learning Conservation Laws from Trajectories"
    assert prl.links == {
        "arxiv": "https://arxiv.org/abs/2011.04698",
        "doi": "https://doi.org/10.1103/PhysRevLett.126.180604",
        "url": "https://link.aps.org/doi/10.1103/PhysRevLett.126.180604",
    }
    assert (pizza.venue, pizza.owner_positions, pizza.owner_first_author) == (
        "NeurIPS",
        (1,),
        False,
    )
    assert pizza.links == {
        "url": "https://openreview.net/forum?id=S5wmbQc1We",
        "code": "https://github.com/fjzzq2002/pizza",
    }


def test_google_scholar_shape():
    bibliography = load_bibliography(FIXTURES / "scholar.bib", OWNER, strict=True)
    assert [(p.key, p.venue, p.venue_type, p.year, p.arxiv_id) for p in bibliography.papers] == [
        ("liu2024kan", "arXiv", "preprint", 2024, "2404.19756"),
        ("liu2022towards", "NeurIPS", "conference", 2022, ""),
        ("liu2021machine", "PRE", "journal", 2021, ""),
    ]
    assert bibliography.papers[1].authors[2] == "Niklas S Nolte"


def test_inspire_shape():
    """INSPIRE's older exports write the journal's series letter in the volume."""
    text = "".join(
        f'@article{{k{i},\n  author = "Liu, Ziming",\n  title = "{{T{i}}}",\n'
        f'  journal = "{journal}",\n  volume = "{volume}",\n  year = "2014",\n}}\n'
        for i, (journal, volume) in enumerate(
            [("Phys.Rev.", "D89"), ("Phys.Lett.", "B716"), ("Nucl.Phys.", "B360"), ("JHEP", "05")]
        )
    )
    papers = parse(
        text.replace('year = "2014"', 'collaboration = "{ATLAS}", year = "2014"', 1)
    ).papers
    assert [p.collaboration_label for p in papers] == ["ATLAS Collaboration", "", "", ""]
    # Named once: an author that is the collaboration itself is not followed by it again.
    text = '@article{c, author = "{ATLAS Collaboration}", collaboration = "ATLAS", title = "T",'
    assert parse(text + ' journal = "JHEP", year = "2014"}').papers[0].collaboration == ""
    assert [(p.venue_raw, p.venue) for p in papers] == [
        ("Phys.Rev. D", "PRD"),
        ("Phys.Lett. B", "PLB"),
        ("Nucl.Phys. B", "NPB"),
        ("JHEP", "JHEP"),
    ]


@pytest.mark.parametrize(
    ("fields", "arxiv_id"),
    [
        pytest.param("eprinttype = {arxiv}, eprint = {math/0307200v3}", "math/0307200",
                     id="biblatex"),
        pytest.param("url = {https://arxiv.org/abs/hep-th/9711200v2}", "hep-th/9711200", id="url"),
        pytest.param("archivePrefix = {arXiv}, eprint = {math.AG/0307200}", "math.AG/0307200",
                     id="with-subject-class"),
    ],
)  # fmt: skip
def test_old_arxiv_ids_make_a_preprint(fields, arxiv_id):
    """Papers before 2007 have arXiv ids such as hep-th/9711200 (INSPIRE, ADS, biblatex)."""
    text = f"@online{{a, title = {{A}}, author = {{Liu, Ziming}}, year = 2004, {fields}}}"
    (paper,) = parse(text).papers
    assert (paper.arxiv_id, paper.venue, paper.venue_type) == (arxiv_id, "arXiv", "preprint")
    assert paper.links["arxiv"] == f"https://arxiv.org/abs/{arxiv_id}"


def test_biblatex_shape():
    """biblatex (Zotero's Better BibLaTeX, biber): journaltitle, date, subtitle."""
    text = r"""@article{a,
  title = {Deep Sets},
  subtitle = {Permutation Invariance in Practice},
  author = {Liu, Ziming},
  journaltitle = {Physical Review Letters},
  date = {2021-03-04},
}
@thesis{b,
  title = {Why Grokking?},
  subtitle = {A Study},
  author = {Liu, Ziming},
  type = {phdthesis},
  institution = {MIT},
  date = {2024},
}
"""
    bibliography = parse(text)
    assert bibliography.errors + bibliography.warnings == []
    assert [(p.title, p.venue, p.venue_type, p.year) for p in bibliography.papers] == [
        ("Deep Sets: Permutation Invariance in Practice", "PRL", "journal", 2021),
        ("Why Grokking? A Study", "MIT", "thesis", 2024),
    ]


def test_arxiv_shape():
    (kan,) = load_bibliography(FIXTURES / "arxiv.bib", OWNER, strict=True).papers
    assert (kan.entry_type, kan.venue, kan.venue_type, kan.venue_raw) == (
        "misc",
        "arXiv",
        "preprint",
        "",
    )
    assert kan.links == {"arxiv": "https://arxiv.org/abs/2404.19756"}
    assert kan.authors[5] == "Marin Soljačić" and kan.owner_positions == (0,)


def test_the_books_references_load_cleanly():
    root = REPO
    # Errors raise. A venue no table knows is a note, which a paper the owner adds may bring
    # (`add` allows it); warnings (likely duplicates, repeated fields) are not allowed.
    bibliography = load_bibliography(root / "references.bib", Settings.from_book(root))
    assert bibliography.warnings == []
    assert len(bibliography.papers) >= 30
