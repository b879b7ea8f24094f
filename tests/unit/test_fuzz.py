"""Fuzz target: mutants of real BibTeX shapes through the loader, `check` and the writer, and
YAML-ish text through the cv.yaml and _config.yml readers.

The mutators are ``benchmarks/fuzz.py``'s (truncation, odd bytes, unbalanced braces and quotes,
deep nesting, numbers past Python's int-string limit, doubling @string chains, crossref cycles,
valid but unusual entries), drawn by Hypothesis over this project's own seed files
(tests/fixtures/fuzz). Bounded for ``make test``; ``make fuzz`` runs thousands more.
The property: exit code 0, 1 or 2, every message located, no traceback, and every entry is a
paper, a crossref parent or named in a message; what ``add`` appends loads back as papers.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz import MUTATORS, SEEDS, add_mutant, check_mutant, mutate

TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.bib"))]
STEPS = st.lists(
    st.tuples(st.integers(0, len(MUTATORS) - 1), st.integers(0, 1 << 20), st.integers(0, 1 << 10)),
    min_size=1,
    max_size=3,
)
FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(autouse=True)
def _quiet_bibtexparser():
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def test_the_seeds_load_as_they_are(tmp_path):
    for text in TEXTS:
        outcome = check_mutant(text, tmp_path)
        assert outcome.code == 0 and not outcome.unlocated and not outcome.dropped


@FUZZ
@given(seed=st.sampled_from(TEXTS), steps=STEPS)
def test_mutants_end_in_located_messages_and_lose_nothing(tmp_path_factory, seed, steps):
    folder = tmp_path_factory.mktemp("check")
    text = mutate(seed, steps)
    outcome = check_mutant(text, folder)
    assert not outcome.traceback
    assert outcome.code in (0, 1, 2)
    assert not outcome.unlocated
    assert not outcome.dropped


@FUZZ
@given(seed=st.sampled_from(TEXTS), steps=STEPS)
def test_what_add_writes_loads_back(tmp_path_factory, seed, steps):
    book = tmp_path_factory.mktemp("book")
    (book / "references.bib").write_text(TEXTS[0], encoding="utf-8")
    problem, _ = add_mutant(mutate(seed, steps), Path(book))
    assert not problem


YAML_PIECES = [
    "basics:", "\n  name: ", "Ada", "&a ", "*a", "[", "]", "{", "}", ", ", "\x00", "\n- ",
    "\n  - ", "startDate: ", "February", "2021-02", ": ", "'", '"', "#",
    "!!python/object:os.system", "sphinx:", "\n  config:", "\n    portfolio_owner: ",
    "portfolio_bibliography: ", "5",
    "portfolio_themes: ", "title: ", "<script>", "\t", "? ", "|", ">",
]  # fmt: skip
YAMLISH = st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join)


@FUZZ
@given(text=YAMLISH)
def test_cv_yaml_and_config_mutants_end_in_located_problems(tmp_path_factory, text):
    from analysis.cv.data import parse_cv
    from analysis.settings import Settings, SettingsError

    cv = parse_cv(text, "cv.yaml")
    assert all(p.line >= 1 and p.message for p in cv.problems)
    book = tmp_path_factory.mktemp("config")
    (book / "_config.yml").write_text(text, encoding="utf-8")
    try:
        Settings.from_book(book)
    except SettingsError as exc:
        assert exc.problems and all(
            str(p).startswith(f"{book / '_config.yml'}:") for p in exc.problems
        )
