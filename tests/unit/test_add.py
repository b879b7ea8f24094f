"""``python -m analysis add``: appends valid new papers and never changes an existing byte."""

from __future__ import annotations

import argparse
import io
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from analysis.bib.filters import PaperFilter, select_papers
from analysis.bib.loader import load_bibliography, parse_bibliography
from analysis.cli.add import Style, add_command
from analysis.settings import Settings
from tests.support.book import FIXTURES, REPO, write_book

BIB = """\
% My papers. This comment, the order and the spacing below must survive every addition.

@article{liu2022omnigrok,
  title = {Omnigrok: Grokking Beyond Algorithmic Data},
  author = {Liu, Ziming and Michaud, Eric J. and Tegmark, Max},
  journal = {arXiv preprint arXiv:2210.01117},
  year = {2022},
  doi = {10.48550/arXiv.2210.01117},
  themes = {physics-of-ai},
}
"""

# The book's pages, the first the root of _toc.yml.
PAGES = {
    "intro": "# Intro\n\n:::{publications}\n:selected:\n:::\n",
    "physics-of-ai": "# Physics of AI\n\n:::{publications}\n:theme: physics-of-ai\n:::\n",
    "ai-for-science": "# AI for science\n\n```{publications}\n:theme: ai-for-science\n```\n",
    "publications": "# Publications\n\n:::{publications}\n:::\n",
}

ARXIV_EXPORT = """\
@misc{liu2025toy,
      title={A Toy Model of Everything},
      author={Ziming Liu and Yixuan Wang and Max Tegmark},
      year={2024},
      eprint={2501.00001},
      archivePrefix={arXiv},
      primaryClass={cs.LG},
      url={https://arxiv.org/abs/2501.00001},
}
"""

ALFOLIO_EXPORT = """\
---
---

@string{prl = {Physical Review Letters}}

@article{liu2022poisson,
  abbr={PRL},
  bibtex_show={true},
  title={Poisson Flow Generative Models},
  author={Xu, Yilun and Liu, Ziming and Tegmark, Max},
  journal=prl,
  year={2022},
  month=oct,
  arxiv={2209.11178},
  preview={pfgm.png},
  altmetric={true},
  selected={true},
  html={https://example.org/pfgm},
}

@inproceedings{liu2021ai,
    title="{AI} Poincar{\\'e}: Machine Learning Conservation Laws",
  author={Liu, Ziming and Tegmark, Max},
  booktitle={NeurIPS 2021 Workshop on Machine Learning and the Physical Sciences},
  year=2021,
  google_scholar_id={abc123},
  pdf={https://example.org/poincare.pdf}
}
"""


CONFIG = (
    "title: T\nsphinx:\n  config:\n    portfolio_owner: [Ziming Liu]\n"
    "    portfolio_themes:\n"
    "      - {slug: physics-of-ai, title: Physics of AI, chapter: physics-of-ai}\n"
    "      - {slug: ai-for-science, title: AI for Science, chapter: ai-for-science}\n"
    "      - {slug: physics-for-ai, title: Physics for AI}\n"
    "      - {slug: neuroscience-for-ai, title: Neuroscience for AI}\n"
    "      - {slug: math-for-ai, title: Math for AI}\n"
)


def make_book(root: Path, bib: str | bytes = BIB) -> Path:
    """A book folder with a config naming the owner, pages using the directive, and `bib`."""
    return write_book(root, config=CONFIG, bib=bib, pages=PAGES) / "references.bib"


def run_add(
    bib: Path, *files: str | Path, themes=(), selected=False, dry_run=False, duplicates="skip"
) -> int:
    args = argparse.Namespace(
        files=[str(f) for f in files], themes=list(themes), selected=selected, bib=str(bib),
        dry_run=dry_run, duplicates=duplicates,
    )  # fmt: skip
    return add_command(args)


def write_input(folder: Path, text: str, name: str = "new.bib") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "indent", "equals", "separator"),
    [
        pytest.param(BIB, "  ", " = ", "\n", id="two_spaces"),
        pytest.param(
            BIB.replace("  ", "\t").replace(" = ", "="), "\t", "=", "\n", id="tabs_no_spaces"
        ),
        pytest.param(BIB.rstrip("\n"), "  ", " = ", "\n\n", id="no_final_newline"),
        pytest.param(BIB.replace("\n", "\r\n"), "  ", " = ", "\r\n", id="crlf"),
        pytest.param(BIB + "\n\n", "  ", " = ", "", id="trailing_blank_lines"),
        pytest.param(
            (REPO / "references.bib").read_text(encoding="utf-8"), "  ", " = ", "\n", id="book"
        ),
    ],
)
def test_appends_in_the_file_style_without_changing_a_byte(
    tmp_path, capsys, old, indent, equals, separator
):
    bib = make_book(tmp_path / "book", old.encode("utf-8"))
    old_bytes = bib.read_bytes()
    assert run_add(bib, write_input(tmp_path, ARXIV_EXPORT), themes=["physics-of-ai"]) == 0
    new_bytes = bib.read_bytes()
    assert new_bytes.startswith(old_bytes)
    added = new_bytes[len(old_bytes) :].decode("utf-8")
    nl = "\r\n" if "\r\n" in old else "\n"
    # A blank line after the old text (never more than needed), then the entry in the file's style.
    assert added.startswith(separator + "@misc{liu2025toy," + nl)
    assert f"{nl}{indent}title{equals}{{A Toy Model of Everything}},{nl}" in added
    assert added.endswith(f"{nl}{indent}themes{equals}{{physics-of-ai}},{nl}}}{nl}")
    assert "archiveprefix" in added and "archivePrefix" not in added  # field names as the file's
    papers = load_bibliography(bib, Settings.from_book(bib.parent)).by_key()
    assert papers["liu2025toy"].themes == ("physics-of-ai",)
    assert papers["liu2025toy"].arxiv_id == "2501.00001"
    out = capsys.readouterr().out
    assert "Added 1 paper" in out and "liu2025toy" in out


def test_alfolio_export_with_front_matter_and_custom_fields_is_accepted(tmp_path, capsys):
    bib = make_book(tmp_path / "book")
    old_bytes = bib.read_bytes()
    assert run_add(bib, write_input(tmp_path, ALFOLIO_EXPORT), themes=["physics-of-ai"]) == 0
    assert bib.read_bytes().startswith(old_bytes)
    added = bib.read_bytes()[len(old_bytes) :].decode("utf-8")
    for dropped in ("abbr", "bibtex_show", "preview", "altmetric", "---", "@string"):
        assert dropped not in added
    assert "journal = {Physical Review Letters}," in added  # @string macro resolved
    assert "month = {october}," in added
    assert "eprint = {2209.11178},\n  archiveprefix = {arXiv}," in added  # al-folio's arxiv field
    assert "google_scholar_id = {abc123}," in added  # identifiers are kept
    assert "title = {{AI} Poincar{\\'e}: Machine Learning Conservation Laws}," in added
    assert "year = {2021}," in added
    papers = load_bibliography(bib, Settings.from_book(bib.parent)).by_key()
    assert papers["liu2022poisson"].venue == "PRL" and papers["liu2022poisson"].selected
    assert papers["liu2021ai"].venue == "NeurIPS workshop"
    assert papers["liu2021ai"].title == "AI Poincaré: Machine Learning Conservation Laws"
    out = capsys.readouterr().out
    assert "Added 2 papers" in out
    # PRL paper is selected: landing page too; both have the theme; none is ai-for-science.
    assert "shown on: intro.md, physics-of-ai.md, publications.md" in out
    assert "ai-for-science.md" not in out


def _entry(key="new2024", title="A Brand New Result", extra=""):
    return (
        f"@article{{{key},\n  title = {{{title}}},\n  author = {{Liu, Ziming}},\n"
        f"  journal = {{Physical Review Letters}},\n  year = {{2024}},\n{extra}}}\n"
    )


# An input entry that is already in the book (BIB's liu2022omnigrok) -> how it is named.
DUPLICATES = [
    pytest.param(
        _entry(key="liu2022omnigrok"),
        "new.bib:1: liu2022omnigrok: already in the book as 'liu2022omnigrok' (BIB:3): same key",
        id="same_key",
    ),
    pytest.param(_entry(key="LIU2022Omnigrok"), "same key", id="same_key_other_case"),
    pytest.param(
        _entry(extra="  doi = {https://doi.org/10.48550/ARXIV.2210.01117},\n"),
        "new.bib:1: new2024: already in the book as 'liu2022omnigrok' (BIB:3): same DOI",
        id="same_doi",
    ),
    pytest.param(
        _entry(extra="  url = {https://arxiv.org/abs/2210.01117v2},\n"),
        "new.bib:1: new2024: already in the book as 'liu2022omnigrok' (BIB:3): same arXiv id",
        id="same_arxiv_id",
    ),
    pytest.param(
        _entry(title="OMNIGROK -- grokking beyond algorithmic data!"),
        "new.bib:1: new2024: already in the book as 'liu2022omnigrok' (BIB:3): same title",
        id="same_normalised_title",
    ),
]


@pytest.mark.parametrize(("text", "message"), DUPLICATES)
def test_papers_already_in_the_book_are_skipped_and_listed(
    tmp_path, monkeypatch, capsys, text, message
):
    bib = make_book(tmp_path / "book")
    old_bytes = bib.read_bytes()
    write_input(tmp_path, text + "\n" + _entry(key="fresh2024", title="Fresh"))
    monkeypatch.chdir(tmp_path)
    assert run_add(bib, "new.bib") == 0
    out = capsys.readouterr().out
    what = message.rsplit("same ", 1)[-1]
    assert (
        f"Skipped 1 entry already in the book (1 by {what}; --duplicates error refuses them "
        "instead):" in out
    )
    assert message.replace("BIB", str(bib)) in out
    assert "Added 1 paper to" in out
    assert bib.read_bytes().startswith(old_bytes)
    papers = load_bibliography(bib, Settings.from_book(bib.parent)).papers
    assert [p.key for p in papers] == ["liu2022omnigrok", "fresh2024"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        *DUPLICATES,
        pytest.param(
            _entry(extra="  doi = {10.1000/x},\n")
            + "\n"
            + _entry(key="other2024", title="Other", extra="  doi = {10.1000/X},\n"),
            "new.bib:9: other2024: already in the book as 'new2024' (new.bib:1): same DOI",
            id="twice_in_the_input",
        ),
    ],
)
def test_duplicates_error_refuses_them(tmp_path, monkeypatch, capsys, text, message):
    bib = make_book(tmp_path / "book")
    old_bytes = bib.read_bytes()
    write_input(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    assert run_add(bib, "new.bib", duplicates="error") == 1
    assert bib.read_bytes() == old_bytes
    err = capsys.readouterr().err
    assert message.replace("BIB", str(bib)) in err


def test_only_duplicates_writes_nothing_and_succeeds(tmp_path, capsys):
    bib = make_book(tmp_path / "book")
    old_bytes = bib.read_bytes()
    assert run_add(bib, write_input(tmp_path, BIB)) == 0
    assert bib.read_bytes() == old_bytes
    assert f"Nothing new to add; {bib} is unchanged." in capsys.readouterr().out


def test_every_problem_of_the_input_in_one_round(tmp_path, monkeypatch, capsys):
    """A missing author, a bad year and a duplicate are reported together, not one by one."""
    text = (
        _entry(key="noauthor").replace("  author = {Liu, Ziming},\n", "")
        + "\n"
        + _entry(key="badyear", title="Other").replace("2024", "soon")
        + "\n"
        + _entry(key="liu2022omnigrok")
    )
    bib = make_book(tmp_path / "book")
    write_input(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    assert run_add(bib, "new.bib", themes=["nope"], duplicates="error") == 1
    err = capsys.readouterr().err
    for words in (
        "--theme nope: not a theme",
        "new.bib:1: noauthor: missing author",
        "new.bib:7: badyear: year 'soon' is not a year",
        "new.bib:14: liu2022omnigrok: already in the book",
    ):
        assert words in err, err


def test_an_unknown_venue_is_added_with_a_note(tmp_path, monkeypatch, capsys):
    bib = make_book(tmp_path / "book")
    two = _entry() + _entry(key="other2024", title="Another Result")  # one venue, two papers
    write_input(tmp_path, two.replace("Physical Review Letters", "Journal of Unlisted Things"))
    monkeypatch.chdir(tmp_path)
    assert run_add(bib, "new.bib") == 0
    out = capsys.readouterr().out
    assert "new2024: A Brand New Result (J. Unlisted Things 2024)" in out  # its ISO 4 name
    assert "1 venue of the new papers in no venue table, listed under their own names" in out


@pytest.mark.parametrize(
    ("text", "themes", "message"),
    [
        pytest.param(
            _entry().replace("Result},", "Result,"), [], "new.bib:1: new2024: ", id="missing_brace"
        ),
        pytest.param(
            _entry().replace("  year = {2024},\n", ""),
            [],
            "new.bib:1: new2024: missing year",
            id="missing_year",
        ),
        pytest.param(
            _entry(extra="  code = {javascript:alert(1)},\n"),
            [],
            "new.bib:1: new2024: code 'javascript:alert(1)' is not an http(s)",
            id="javascript_url",
        ),
        pytest.param(
            _entry(),
            ["physics-of-aj"],
            "--theme physics-of-aj: not a theme of this book; declared themes: physics-of-ai, "
            "ai-for-science, physics-for-ai",
            id="unknown_theme",
        ),
        pytest.param(
            _entry(), ["Physics of AI"], "--theme Physics of AI: not a theme", id="theme_not_a_slug"
        ),
        pytest.param("% nothing here\n", [], "new.bib:1: -: no BibTeX entry found", id="empty"),
    ],
)
def test_refusals_leave_the_file_untouched(tmp_path, monkeypatch, capsys, text, themes, message):
    bib = make_book(tmp_path / "book")
    old_bytes = bib.read_bytes()
    source = write_input(tmp_path, text)
    monkeypatch.chdir(tmp_path)  # messages name the input as given: new.bib
    assert run_add(bib, "new.bib", themes=themes) == 1
    assert bib.read_bytes() == old_bytes
    err = capsys.readouterr().err
    assert message.replace("BIB", str(bib)) in err, err
    assert f"Nothing was written; {bib} is unchanged." in err
    assert source.exists() and sorted(p.name for p in bib.parent.glob(".*.tmp")) == []


@pytest.mark.parametrize(
    "failing",
    [
        pytest.param("write", id="disk_full_mid_write"),
        pytest.param("fsync", id="fsync"),
        pytest.param("replace", id="rename"),
    ],
)
def test_an_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch, capsys, failing):
    bib = make_book(tmp_path / "book")
    old_bytes = bib.read_bytes()
    source = write_input(tmp_path, ARXIV_EXPORT)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        # Half of the new file is on disk when the failure comes.
        real = tempfile.NamedTemporaryFile

        def half_writing(*args, **kwargs):
            handle = real(*args, **kwargs)
            calls = []

            def write(data, _write=handle.write):
                calls.append(data)
                if len(calls) == 1:
                    _write(data[: len(data) // 2])
                    handle.flush()
                    fail()
                return _write(data)

            handle.write = write
            return handle

        monkeypatch.setattr(tempfile, "NamedTemporaryFile", half_writing)
    else:
        monkeypatch.setattr(os, failing, fail)
    assert run_add(bib, source) == 2  # refused, located, no traceback
    err = capsys.readouterr().err
    assert "No space left on device" in err and f"{bib} is unchanged" in err
    assert bib.read_bytes() == old_bytes
    assert [p.name for p in bib.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_keeps_the_file_mode(tmp_path):
    bib = make_book(tmp_path / "book")
    bib.chmod(0o640)
    assert run_add(bib, write_input(tmp_path, ARXIV_EXPORT)) == 0
    assert stat.S_IMODE(bib.stat().st_mode) == 0o640


def test_dry_run_shows_the_text_and_writes_nothing(tmp_path, capsys):
    bib = make_book(tmp_path / "book")
    old_bytes = bib.read_bytes()
    assert run_add(bib, write_input(tmp_path, ARXIV_EXPORT), selected=True, dry_run=True) == 0
    assert bib.read_bytes() == old_bytes
    out = capsys.readouterr().out
    assert "Would add 1 paper" in out and "nothing written" in out
    assert "@misc{liu2025toy,\n  title = {A Toy Model of Everything}," in out
    assert "  selected = {true},\n}" in out
    assert "shown on: intro.md, publications.md" in out


def test_reads_standard_input(tmp_path, monkeypatch):
    bib = make_book(tmp_path / "book")
    monkeypatch.setattr("sys.stdin", io.StringIO(ARXIV_EXPORT))
    assert run_add(bib, "-") == 0
    assert "liu2025toy" in load_bibliography(bib, Settings.from_book(bib.parent)).by_key()


def test_error_in_stdin_is_located(tmp_path, monkeypatch, capsys):
    bib = make_book(tmp_path / "book")
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("\n\n" + _entry().replace("  year = {2024},\n", ""))
    )
    assert run_add(bib, "-") == 1
    assert "<stdin>:3: new2024: missing year" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(BIB, Style(), id="spaces"),
        pytest.param("@ARTICLE{a,\n\tTitle={x}\n}\n", Style("\t", "=", False, False), id="upper"),
        pytest.param("", Style(), id="empty_file"),
        pytest.param(
            "@article{a,\r\n title= {x},\r\n}\r\n", Style(" ", "= ", newline="\r\n"), id="crlf"
        ),
    ],
)
def test_style_detection(text, expected):
    assert Style.of(text) == expected


def test_added_entries_load_like_the_rest(tmp_path):
    # The appended text alone is valid BibTeX with no problem at all.
    bib = make_book(tmp_path / "book")
    old = bib.read_text()
    assert run_add(bib, write_input(tmp_path, ALFOLIO_EXPORT)) == 0
    added = bib.read_text()[len(old) :]
    assert parse_bibliography(added, "added.bib", Settings()).problems == []


@pytest.mark.parametrize(
    ("argv", "stdin", "code", "grew", "output"),
    [
        pytest.param(
            ["new.bib", "--theme", "physics-of-ai"],
            None,
            0,
            True,
            "shown on: physics-of-ai.md",
            id="file",
        ),
        pytest.param(["-", "--dry-run"], ARXIV_EXPORT, 0, False, "Would add 1", id="stdin_dry"),
        pytest.param(
            ["-"],
            BIB.replace("liu2022omnigrok", "copy2022"),
            0,
            False,
            "  <stdin>:3: copy2022: already in the book as 'liu2022omnigrok'",
            id="duplicate-skipped",
        ),
        pytest.param(
            ["-", "--duplicates", "error"],
            BIB.replace("liu2022omnigrok", "copy2022"),
            1,
            False,
            "<stdin>:3: copy2022: already in the book as 'liu2022omnigrok'",
            id="duplicate-error",
        ),
    ],
)
def test_command_line(tmp_path, argv, stdin, code, grew, output):
    bib = make_book(tmp_path / "book")
    old_bytes = bib.read_bytes()
    write_input(tmp_path, ARXIV_EXPORT)
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "add", *argv, "--bib", str(bib)],
        input=stdin or "", capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert proc.returncode == code, proc.stderr
    assert output in proc.stdout + proc.stderr
    assert bib.read_bytes().startswith(old_bytes)
    assert (bib.read_bytes() != old_bytes) == grew


def test_add_says_where_the_paper_appears_newest_first_by_month(tmp_path, capsys):
    """KAN 2.0 (August 2024) lists above a February 2024 paper, though it is appended."""
    feb = _entry(key="feb2024", title="February Paper", extra="  month = feb,\n")
    bib = make_book(tmp_path / "book", BIB + "\n" + feb)
    aug = _entry(key="kan2", title="KAN 2.0", extra="  month = {August},\n")
    assert run_add(bib, write_input(tmp_path, aug)) == 0
    out = capsys.readouterr().out
    assert "    listed: 2024, 1st of 2, before 'February Paper'" in out
    papers = load_bibliography(bib, Settings.from_book(bib.parent)).papers
    assert [p.key for p in select_papers(papers, PaperFilter())] == [
        "kan2", "feb2024", "liu2022omnigrok",
    ]  # fmt: skip


def test_a_dblp_export_is_added_with_crossref_resolved(tmp_path, capsys):
    """The @proceedings are not papers: their booktitle and year go into each paper."""
    bib = make_book(tmp_path / "book")
    source = FIXTURES / "dblp_crossref.bib"
    assert run_add(bib, source) == 0
    assert "Added 4 papers" in capsys.readouterr().out
    text = bib.read_text(encoding="utf-8")
    assert "crossref" not in text and "@proceedings" not in text
    papers = load_bibliography(bib, Settings.from_book(bib.parent)).by_key()
    assert papers["DBLP:conf/stoc/LimayeST21"].venue == "STOC"
    assert papers["DBLP:conf/stoc/LimayeST21"].year == 2021


def test_a_real_export_with_warnings_is_added(tmp_path, capsys):
    """A repeated field and a year range are warnings: reported, and the papers are added."""
    bib = make_book(tmp_path / "book")
    source = FIXTURES / "editors_and_repeats.bib"
    assert run_add(bib, source) == 0
    captured = capsys.readouterr()
    assert "Added 4 papers" in captured.out
    assert "repeated2018: warning: field 'doi' is given twice" in captured.err
    assert "software2003: warning: year '2003--2015' is a range" in captured.err
    text = bib.read_text(encoding="utf-8")
    assert "10.21105/joss.00298" in text and "10.5281/zenodo.1234" not in text


def test_versions_of_a_paper_in_one_export_are_all_added(tmp_path, capsys):
    """A conference and a journal version share a title: both are the owner's to keep."""
    bib = make_book(tmp_path / "book")
    journal = _entry(key="journal2024", title="Same Title")
    conference = journal.replace("@article{journal2024", "@inproceedings{conf2023").replace(
        "journal = {Physical Review Letters}", "booktitle = {ICML}"
    )
    assert run_add(bib, write_input(tmp_path, journal + "\n" + conference)) == 0
    captured = capsys.readouterr()
    assert "Added 2 papers" in captured.out
    assert "conf2023: warning: likely the same paper as 'journal2024'" in captured.err


def test_add_names_the_cv_page_and_the_pdfs_that_will_list_the_paper(tmp_path, capsys):
    """The CV page (its directive lists every paper) and the PDFs built from cv.yaml show a new
    paper: the one document a committee downloads must be named among the places it appears."""
    bib = make_book(tmp_path / "book")
    root = bib.parent
    (root / "_toc.yml").write_text(root.joinpath("_toc.yml").read_text() + "  - file: cv\n")
    (root / "cv.md").write_text("# CV\n\n:::{cv}\n:::\n")
    (root / "cv.yaml").write_text("basics:\n  name: Ziming Liu\n")
    assert run_add(bib, write_input(tmp_path, _entry()), themes=["ai-for-science"]) == 0
    out = capsys.readouterr().out
    assert "shown on: ai-for-science.md, publications.md, cv.md, cv.pdf, publications.pdf" in out
    (root / "cv.yaml").unlink()  # no cv.yaml: no PDFs to name
    assert run_add(bib, write_input(tmp_path, _entry("other2024", "Another Result"))) == 0
    assert "shown on: publications.md, cv.md\n" in capsys.readouterr().out


def test_an_undated_paper_says_how_to_list_it_by_date(tmp_path, capsys):
    """arXiv's BibTeX has no month: the paper lists after its year's papers, and add says how
    to place it by date."""
    feb = _entry(key="feb2024", title="February Paper", extra="  month = feb,\n")
    bib = make_book(tmp_path / "book", BIB + "\n" + feb)
    assert run_add(bib, write_input(tmp_path, _entry(key="kan2", title="KAN 2.0"))) == 0
    out = capsys.readouterr().out
    assert "listed: 2024, 2nd of 2, after 'February Paper'\n    (it has no month: give it" in out
