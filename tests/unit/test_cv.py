"""cv.yaml as data: the book's own file is valid, and each kind of mistake is located and explained.

Bad input is checked through ``python -m analysis check`` as a user runs it (a book folder with a
_config.yml, a references.bib and a cv.yaml), every problem in one run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.bib.labels import venue_label
from analysis.bib.loader import load_bibliography
from analysis.cv.data import check_against_bibliography, load_cv, parse_cv
from analysis.cv.view import date_range, representative
from analysis.settings import Settings
from tests.support.ada import BIB, GOOD_CV, write_cv_book
from tests.support.book import REPO


def run_check(book: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "check", str(book / "references.bib")],
        capture_output=True,
        text=True,
        cwd=book,
    )


def test_the_books_own_cv_is_valid_and_names_selected_papers():
    settings = Settings.from_book(REPO)
    cv = load_cv(REPO, settings)
    assert cv is not None
    bibliography = load_bibliography(REPO / "references.bib", settings)
    assert check_against_bibliography(cv, bibliography) == []
    assert cv.basics["name"] in settings.owner
    # Every section the CV had moved into the data.
    for key in ("work", "education", "media", "teaching", "skills", "languages"):
        assert cv.section(key), key
    assert cv.service["reviewing"] and cv.service["organising"]


def test_a_good_cv_checks_clean(tmp_path):
    proc = run_check(write_cv_book(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "cv.yaml" not in proc.stderr


def test_a_book_without_cv_yaml_checks_clean(tmp_path):
    proc = run_check(write_cv_book(tmp_path, cv=None))
    assert proc.returncode == 0, proc.stderr


BAD = [
    # (cv.yaml, expected "LINE: KEY: message fragment")
    ("basics:\n  name: A\n  emial: a@b.org\n", "3: basics.emial: unknown key 'emial'"),
    ("basics:\n  email: a@b.org\n", "1: basics: missing 'name': add it"),
    ("basics:\n  name: A\n  email: not-an-address\n", "3: basics.email: 'not-an-address' is not"),
    (
        "basics: {name: A}\nwork:\n  - name: X\n    position: Y\n    startDate: Feb 2021\n",
        "5: work[0].startDate: 'Feb 2021' is not a year and month as YYYY-MM",
    ),
    (
        "basics: {name: A}\nwork:\n  - name: X\n    position: Y\n    startDate: 2021-03\n"
        "    endDate: 2020-01\n",
        "6: work[0].endDate: ends (2020-01) before it starts (2021-03)",
    ),
    (
        "basics: {name: A}\nwork:\n  - name: X\n    position: Y\n    startDate: 2021\n"
        "    highlights:\n      - {theme: engins, text: t}\n",
        "7: work[0].highlights[0].theme: 'engins' is not a theme of this book",
    ),
    (
        "basics: {name: A}\nmedia:\n  - outlet: Q\n    title: T\n    url: ftp://x\n",
        "5: media[0].url: 'ftp://x' is not",
    ),
    ("basics: {name: A}\nbasics: {name: B}\n", "2: basics: duplicate key (first on line 1)"),
    ("basics:\n  name: A\n  - b\n", "3: -: not valid YAML"),
    (
        "basics: {name: A}\nrepresentative: [plain1942]\n",
        "2: representative[0]: 'plain1942' is not marked selected",
    ),
    (
        "basics: {name: A}\nrepresentative: [nope]\n",
        "2: representative[0]: 'nope' is not a key of references.bib",
    ),
    ("basics: {name: A, image: _static/me.jpg}\n", "1: basics.image: no file _static/me.jpg"),
    ("basics: {name: A}\nskills: Python\n", "2: skills: must be a list"),
]


@pytest.mark.parametrize("cv, expected", BAD, ids=[e for _, e in BAD])
def test_a_mistake_fails_check_with_a_located_message(tmp_path, cv, expected):
    proc = run_check(write_cv_book(tmp_path, cv=cv))
    assert proc.returncode == 1
    cv_file = tmp_path / "cv.yaml"
    assert f"{cv_file}:{expected}" in proc.stderr, proc.stderr


def test_every_problem_is_reported_in_one_run(tmp_path):
    cv = "basics:\n  name: A\n  emial: x\nwork:\n  - name: X\n    startDate: 1999-13\n"
    problems = parse_cv(cv, "cv.yaml", Settings()).problems
    lines = [(p.line, p.key) for p in problems]
    assert (3, "basics.emial") in lines
    assert (5, "work[0]") in lines  # no position
    assert (6, "work[0].startDate") in lines
    assert all(p.message for p in problems)


def test_representative_papers_follow_the_cv_order_within_a_year(tmp_path):
    settings = Settings.from_book(write_cv_book(tmp_path))
    papers = load_bibliography(tmp_path / "references.bib", settings).papers
    cv = parse_cv(GOOD_CV, "cv.yaml", settings)
    # new1944 is named first in cv.yaml; old1943 (selected, not named) follows in its year.
    assert [p.key for p in representative(cv, papers)] == ["new1944", "old1943"]
    assert [p.key for p in representative(None, papers)] == ["old1943", "new1944"]


def test_dates_and_venues_read_as_a_cv_writes_them():
    assert date_range({"startDate": "2021-02"}) == "Feb 2021 – present"
    assert date_range({"startDate": "2016-09", "endDate": "2020-06"}) == "Sep 2016 – Jun 2020"
    settings = Settings.from_book(REPO)
    papers = load_bibliography(REPO / "references.bib", settings).by_key()
    assert venue_label(papers["liu2024kan"]) == "arXiv:2404.19756"
    assert venue_label(papers["liu2023growing"]) == "NeurIPS 2023 UniReps workshop"


def test_check_of_another_bibliography_in_the_book_leaves_cv_yaml_alone(tmp_path):
    book = write_cv_book(tmp_path, cv="basics:\n  name: A\nrepresentative: [old1943]\n")
    other = book / "other.bib"
    other.write_text(BIB.replace("old1943", "renamed1943"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "check", str(other)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert run_check(book).returncode == 0  # and with its own bibliography, old1943 is there
