"""The engine's requirement line in a book, the upgrade of a book, the changelog, the version.

The upgrade's pip is a stand-in (a script in the book's .venv); tests/build/test_packaging.py
upgrades a real book with real pip.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis import __version__
from analysis.cli import main
from analysis.cli.requirement import (
    INDEX,
    EngineSourceError,
    Requirement,
    book_requirements,
    default_source,
    parse_line,
    requirement,
)
from analysis.cli.upgrade import BOOK_CHANGES, newer_sections
from analysis.paths import PACKAGE_DIR

REPO = PACKAGE_DIR.parent


@pytest.mark.parametrize(
    ("source", "version", "line"),
    [
        (None, "1.0.0", "portfolio-analysis @ git+https://github.com/KindXiaoming/portfolio-book@v1.0.0"),
        ("git+https://example.org/fork/book", "v2.1.0", "portfolio-analysis @ git+https://example.org/fork/book@v2.1.0"),
        (INDEX, "1.3.0", "portfolio-analysis==1.3.0"),
    ],
)  # fmt: skip
def test_a_book_names_the_engine_by_version_and_source(monkeypatch, source, version, line):
    monkeypatch.delenv("PORTFOLIO_ENGINE", raising=False)
    made = requirement(source, version)
    assert made.line == line
    assert parse_line(line) == made


def test_a_wheel_or_a_folder_is_named_by_its_file_url(tmp_path):
    wheel = tmp_path / "portfolio_analysis-1.4.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    made = requirement(str(wheel), None)
    assert made == Requirement(str(wheel), "1.4.0")
    assert made.line == f"portfolio-analysis @ {wheel.as_uri()}"
    assert parse_line(made.line) == made
    assert requirement(str(REPO), None).line == f"portfolio-analysis @ {REPO.as_uri()}"


@pytest.mark.parametrize(
    ("source", "version", "message"),
    [
        ("git+https://example.org/book", None, "give the version"),
        (INDEX, "one", "'one' is not a version"),
        ("nowhere/", "1.0.0", "not a source of the engine"),
        ("other_package-1.0.0-py3-none-any.whl", None, "no such wheel"),
    ],
)
def test_a_bad_source_or_version_says_what_to_give(source, version, message):
    with pytest.raises(EngineSourceError, match=re.escape(message)):
        requirement(source, version)


def test_the_engine_comes_from_the_books_own_repository():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    assert default_source() == f"git+{config['repository']['url']}"


def test_version_is_printed_by_both_names_of_the_command(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"portfolio-analysis {__version__}\n"
    script = Path(sys.executable).with_name("portfolio-analysis")
    proc = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert proc.stdout == f"portfolio-analysis {__version__}\n"


def test_the_changelog_has_a_section_for_this_version():
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}]" in changelog
    from packaging.version import Version

    assert newer_sections(changelog, Version(__version__)) == []
    older = newer_sections(changelog, Version("0.1.0"))
    assert older[0].startswith(f"## [{__version__}]") and BOOK_CHANGES in older[0]


def test_changes_prints_the_sections_since_a_version(capsys):
    assert main(["changes", "--since", "0.1.0"]) == 0
    out = capsys.readouterr().out
    assert f"## [{__version__}]" in out and "This book needs edits" in out
    assert main(["changes", "--since", __version__]) == 0
    assert capsys.readouterr().out == f"No changes in portfolio-analysis since {__version__}.\n"


OWN_LINES = "\nmy-own-package==1.0\n"


def _book(tmp_path: Path, failing_step: str = "none") -> Path:
    """A book whose .venv/bin/python stands in for pip (which fails on `failing_step`: --no-deps
    installs the engine, -r the pins) and for the new engine, whose pins are pandas 3.2.0."""
    book, new_engine = tmp_path / "book", tmp_path / "new-engine"
    (book / ".venv" / "bin").mkdir(parents=True)
    new_engine.mkdir()
    (new_engine / "requirements.txt").write_text("# pins\npandas==3.2.0\n")
    python = book / ".venv" / "bin" / "python"
    python.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-c" ]; then echo {new_engine}; exit 0; fi\n'
        f'for a in "$@"; do [ "$a" = "{failing_step}" ] && exit 1; done; exit 0\n'
    )
    python.chmod(0o755)
    engine = "portfolio-analysis @ git+https://example.org/book@v1.0.0"
    (book / "requirements.txt").write_text(book_requirements("pandas==3.1.1\n", engine, OWN_LINES))
    return book


def test_upgrade_rewrites_the_pins_and_the_engines_line_and_keeps_the_owners(tmp_path, capsys):
    book = _book(tmp_path)
    assert main(["upgrade", "1.2.0", "--book", str(book)]) == 0
    engine = "portfolio-analysis @ git+https://example.org/book@v1.2.0"
    assert (book / "requirements.txt").read_text() == book_requirements(
        "# pins\npandas==3.2.0\n", engine, OWN_LINES
    )
    assert "Rebuild: make book" in capsys.readouterr().out


@pytest.mark.parametrize("failing_step", ["--no-deps", "-r"])
def test_an_upgrade_pip_cannot_install_leaves_the_requirements_as_they_were(
    tmp_path, capsys, failing_step
):
    book = _book(tmp_path, failing_step)
    before = (book / "requirements.txt").read_bytes()
    assert main(["upgrade", "9.0.0", "--book", str(book)]) == 1
    assert (book / "requirements.txt").read_bytes() == before
    assert "is as it was" in capsys.readouterr().err


def test_upgrade_refuses_a_book_that_copied_the_package(tmp_path, capsys):
    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "__init__.py").write_text("")
    (tmp_path / "requirements.txt").write_text("pandas==3.1.1\n")
    assert main(["upgrade", "1.2.0", "--book", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "names no portfolio-analysis" in err and "CHANGELOG 1.0.0" in err
