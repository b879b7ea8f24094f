"""Property: any text given to the loader ends in records or in BibliographyError, nothing else.

The contract: ``parse_bibliography`` never raises; ``load_bibliography`` raises only
``BibliographyError`` (for any error in the file).
"""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.bib.loader import load_bibliography, parse_bibliography
from analysis.bib.model import BibliographyError, Paper
from analysis.settings import Settings

OWNER = Settings(owner=("Ziming Liu",))
# Pieces of BibTeX, so that generated text reaches deep into the parser, not just its first check.
PIECES = [
    "@article{", "@string{", "@comment{", "@misc(", "key,", "title", "author", "year", "journal",
    " = ", "{", "}", '"', ",", "#", "\n", "2024", "Liu, Ziming and Tegmark, Max", r"\v{c}", r"\'",
    "$\\alpha$", "javascript:x", "https://arxiv.org/abs/2404.19756", "---\n", "@", "\\", "and",
    "NeurIPS (Oral)", "url", "eprint", "2404.19756", "equal_contribution", "1, 2", "keywords",
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
