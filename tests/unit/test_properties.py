"""Property: any text given to the loader ends in records or in BibliographyError, nothing else.

The contract: ``parse_bibliography`` never raises; ``load_bibliography`` raises only
``BibliographyError`` (for any error in the file).
"""

import tempfile
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.bib.loader import blank_front_matter, load_bibliography, parse_bibliography
from analysis.bib.model import BibliographyError, Paper
from analysis.bib.names import OwnerMatcher, parse_name, shorten_authors
from analysis.settings import Settings

OWNER = Settings(owner=("Ziming Liu",))
# Pieces of BibTeX, so that generated text reaches deep into the parser, not just its first check.
PIECES = [
    "@article{", "@string{", "@comment{", "@misc(", "key,", "title", "author", "year", "journal",
    " = ", "{", "}", '"', ",", "#", "\n", "2024", "Liu, Ziming and Tegmark, Max", r"\v{c}", r"\'",
    "$\\alpha$", "javascript:x", "https://arxiv.org/abs/2404.19756", "---\n", "@", "\\", "and",
    "NeurIPS (Oral)", "url", "eprint", "2404.19756", "equal_contribution", "1, 2", "keywords",
    "crossref", "editor", "@proceedings{", "booktitle", r"{\apj}", r"\textbf{", r"{\noopsort{a}}",
    "*", "†", '<a href="https://x.org">', "doi", "doi: 10.1000/x", "month", "aug", "date",
    "2003--2015", "others",
]  # fmt: skip
BIBTEXISH = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map(
    "".join
)
TEXT = st.one_of(st.text(max_size=200), BIBTEXISH)
SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


@SETTINGS
@given(TEXT)
def test_parse_never_raises(text):
    bibliography = parse_bibliography(text, "refs.bib", OWNER)
    assert all(isinstance(p, Paper) for p in bibliography.papers)
    for problem in bibliography.problems:
        assert problem.line >= 1 and problem.key and problem.message


@SETTINGS
@given(TEXT)
def test_load_ends_in_records_or_bibliography_error(text):
    with tempfile.TemporaryDirectory() as folder:
        bib = Path(folder) / "refs.bib"
        bib.write_text(text, encoding="utf-8")
        try:
            bibliography = load_bibliography(bib, OWNER)
        except BibliographyError as exc:
            assert exc.problems
        else:
            assert not bibliography.errors


@SETTINGS
@given(TEXT)
def test_no_entry_is_lost_without_a_located_message(text):
    """Every entry becomes a paper, a crossref parent, or is named by a located problem."""
    bibliography = parse_bibliography(text, "refs.bib", OWNER)
    accounted = {p.key for p in bibliography.papers} | set(bibliography.parents)
    accounted |= {p.key for p in bibliography.problems}
    for entry_key in _entry_keys(text):
        assert entry_key in accounted, entry_key


def _entry_keys(text: str) -> list[str]:
    library = bibtexparser.parse_string(blank_front_matter(text), parse_stack=[])
    return [b.key for b in library.blocks if isinstance(b, Entry) and b.key]


@SETTINGS
@given(st.one_of(st.text(max_size=60), BIBTEXISH))
def test_names_never_raise(raw):
    name, marked = parse_name(raw)
    assert isinstance(name, str) and isinstance(marked, bool)
    assert OwnerMatcher(["Ziming Liu", raw])(name) in (True, False)


@SETTINGS
@given(st.integers(0, 2000), st.lists(st.integers(0, 1999), max_size=4), st.integers(1, 30))
def test_shortened_author_lists_show_or_count_every_author_once(n, owners, limit):
    owners = [o for o in owners if o < n]
    shown = shorten_authors(n, owners, limit=limit)
    positions = [i for item in shown for i in (item if isinstance(item, range) else [item])]
    assert positions == list(range(n))
    assert set(owners) <= {item for item in shown if isinstance(item, int)}
