"""The tests of this book's own data hold after the owner's own edits.

A copy of the book gets what README and chapters/extending.md tell the owner to do: papers of
the current year added with ``add`` (one selected), a paper at a venue no venue table knows, and
a new theme declared in ``_config.yml`` with its chapter and a paper under it. Then the tests
that read the book's data (counts, years, venues, selected set, the CV against the bibliography,
every paper on the publications page) run on that copy, with its own conftest, and must pass
as they do on the book itself. (test_notebooks' freshness test picks a year and a venue absent
from whatever bibliography it is given.)
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.book import REPO, copy_book

YEAR = datetime.date.today().year
NEW_THEME = "owner-new-theme"
PAPERS = {
    "current.bib": (
        ["--theme", "physics-of-ai", "--selected"],
        f"""@inproceedings{{owner{YEAR}current,
  title = {{A Paper of This Year Added by the Owner}},
  author = {{Liu, Ziming and Tester, Tess}},
  booktitle = {{Advances in Neural Information Processing Systems}},
  year = {{{YEAR}}},
  month = jan,
}}

@misc{{owner{YEAR}preprint,
  title = {{A Preprint of This Year}},
  author = {{Tester, Tess and Liu, Ziming}},
  year = {{{YEAR}}},
  eprint = {{{YEAR % 100:02d}01.00001}},
  archiveprefix = {{arXiv}},
}}
""",
    ),
    "unknown-venue.bib": (
        ["--theme", "ai-for-science"],
        f"""@article{{owner{YEAR}unknown,
  title = {{A Paper at a Venue No Table Knows}},
  author = {{Liu, Ziming}},
  journal = {{Journal of Entirely Unheard-of Results}},
  year = {{{YEAR - 1}}},
}}
""",
    ),
    "new-theme.bib": (
        ["--theme", NEW_THEME],
        f"""@article{{owner{YEAR}theme,
  title = {{The First Paper of a New Theme}},
  author = {{Liu, Ziming and Tester, Tess}},
  journal = {{Nature}},
  year = {{{YEAR}}},
}}
""",
    ),
}
# The tests that read this book's data; test_book builds the copy once. (test_cv_pdf passes on
# the copy too, but its process ends with a ResourceWarning for an unclosed Noto CJK font file,
# which filterwarnings=error turns into exit code 1, on the book itself as well.)
DATA_TESTS = [
    "unit/test_references.py",
    "unit/test_cv.py",
    "unit/test_loader.py::test_the_books_references_load_cleanly",
    "build/test_book.py",
]


def declare_theme(book: Path) -> None:
    """A theme as chapters/extending.md says: declared, with its chapter in the contents."""
    config = book / "_config.yml"
    text = config.read_text(encoding="utf-8")
    last = "      - {slug: math-for-ai, title: Math for AI, chapter: chapters/math-for-ai}\n"
    assert last in text
    entry = (
        f"      - {{slug: {NEW_THEME}, title: Owner New Theme, chapter: chapters/{NEW_THEME}}}\n"
    )
    config.write_text(text.replace(last, last + entry), encoding="utf-8")
    toc = book / "_toc.yml"
    text = toc.read_text(encoding="utf-8")
    last = "          - file: chapters/math-for-ai\n"
    toc.write_text(text.replace(last, last + f"          - file: chapters/{NEW_THEME}\n"))
    page = f"# Owner New Theme\n\nIts papers.\n\n:::{{publications}}\n:theme: {NEW_THEME}\n:::\n"
    (book / "chapters" / f"{NEW_THEME}.md").write_text(page, encoding="utf-8")


@pytest.fixture(scope="module")
def edited_book(tmp_path_factory) -> Path:
    book = copy_book(tmp_path_factory.mktemp("owner") / "book")
    shutil.copytree(REPO / "tests", book / "tests",
                    ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))  # fmt: skip
    shutil.copy2(REPO / "pyproject.toml", book / "pyproject.toml")
    declare_theme(book)
    for name, (options, text) in PAPERS.items():
        (book / name).write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "analysis", "add", name, *options],
            cwd=book, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stdout + proc.stderr
        (book / name).unlink()
    return book


def test_the_owners_edits_check_clean(edited_book):
    proc = subprocess.run([sys.executable, "-m", "analysis", "check"], cwd=edited_book,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    text = (edited_book / "references.bib").read_text(encoding="utf-8")
    for key in (f"owner{YEAR}current", f"owner{YEAR}unknown", f"owner{YEAR}theme"):
        assert f"{{{key}," in text


def test_the_data_tests_pass_on_the_edited_book(edited_book):
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         *(f"tests/{name}" for name in DATA_TESTS)],
        cwd=edited_book, capture_output=True, text=True, timeout=3600,
    )  # fmt: skip
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]
    assert " passed" in proc.stdout and " failed" not in proc.stdout
