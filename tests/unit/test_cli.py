"""``python -m analysis``: exit codes, where output goes, and that check never writes."""

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import build_parser, main

GOOD = """@article{good,
  title = {Good},
  author = {Liu, Ziming},
  journal = {Nature},
  year = {2020},
  themes = {physics-of-ai},
}
"""
SECOND = GOOD.replace("good", "second").replace("{Good}", "{Second}").replace("2020", "2021")
CONFIG = (
    "sphinx:\n  config:\n    portfolio_owner: [Ziming Liu]\n"
    "    portfolio_themes: [{slug: physics-of-ai, title: Physics of AI}]\n"
)


@pytest.fixture
def book(tmp_path):
    """A book folder with a _config.yml; write references.bib into it."""
    (tmp_path / "_config.yml").write_text(CONFIG)
    return tmp_path


CHECKS = [
    # bibliography, extra arguments, exit code, stdout words, stderr words
    pytest.param(GOOD, [], 0, "1 paper, 0 errors, 0 warnings: ok", "", id="clean"),
    pytest.param(GOOD + SECOND, [], 0, "2 papers, 0 errors, 0 warnings: ok", "", id="plural"),
    pytest.param(GOOD.replace("2020", "20x0"), [], 1, "",
                 "references.bib:1: good: year '20x0' is not a year", id="error"),
    pytest.param(GOOD.replace("Nature", "Obscure Letters"), [], 0,
                 "0 warnings, 1 venue in no venue table (--strict lists them): ok", "",
                 id="unknown-venue-is-normal"),
    pytest.param((GOOD + SECOND).replace("Nature", "Obscure Letters"), [], 0,
                 "0 warnings, 1 venue in no venue table (--strict lists them): ok", "",
                 id="unknown-venue-counted-once"),
    pytest.param(GOOD.replace("Nature", "Obscure Letters"), ["--strict"], 1, "",
                 "references.bib:1: good: note: venue 'Obscure Letters' is in no venue table: "
                 "listed as journal 'Obs. Lett.'", id="unknown-venue-strict"),
    pytest.param(GOOD.replace("Nature", "Obscure Letters"), ["--strict"], 1, "",
                 "0 warnings, 1 venue in no venue table: fix the problems above",
                 id="unknown-venue-strict-summary"),
    pytest.param(GOOD + SECOND.replace("{Second}", "{Good}"), [], 0, "0 errors, 1 warning: ok",
                 "references.bib:8: second: warning: likely the same paper as 'good'",
                 id="warning-allowed"),
    pytest.param(GOOD + SECOND.replace("{Second}", "{Good}"), ["--strict"], 1, "",
                 "0 errors, 1 warning: fix the problems above", id="warning-strict"),
    pytest.param(GOOD.replace("  year", "  decision = {Venue from the CV},\n  year"), [], 0,
                 "1 decision note (stats --decisions): ok", "", id="decision-count"),
    pytest.param(GOOD + GOOD.replace("{Good}", "{Other}"), [], 1, "",
                 "references.bib:8: good: duplicate key", id="duplicate-key"),
]  # fmt: skip


@pytest.mark.parametrize(("bib", "extra", "code", "out", "err"), CHECKS)
def test_check(book, capsys, monkeypatch, bib, extra, code, out, err):
    (book / "references.bib").write_text(bib)
    monkeypatch.chdir(book)
    assert main(["check", *extra]) == code
    captured = capsys.readouterr()
    assert out in captured.out and err in captured.err
    assert (captured.out == "") == (code != 0)
    # check never writes.
    assert (book / "references.bib").read_text() == bib
    assert sorted(p.name for p in book.iterdir()) == ["_config.yml", "references.bib"]


def test_check_reports_every_problem_of_an_entry_at_once(book, capsys, monkeypatch):
    bad = GOOD.replace("2020", "20x0").replace("  themes", "  url = {ftp://x.org/a},\n  themes")
    (book / "references.bib").write_text(bad + SECOND.replace("Liu, Ziming", ""))
    monkeypatch.chdir(book)
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == [
        "references.bib:1: good: year '20x0' is not a year: write four digits between 1900 and "
        f"{datetime.date.today().year + 1}, or 'forthcoming' for a paper not yet published",
        "references.bib:1: good: url 'ftp://x.org/a' is not an http(s) link: use an https:// URL",
        "references.bib:9: second: missing author: add author to this entry",
    ]
    assert err[3] == "references.bib: 0 papers, 3 errors, 0 warnings: fix the problems above"


def test_stats_lists_the_decision_notes(book, capsys):
    decided = GOOD.replace("  year", "  decision = {Year from the journal, not the CV},\n  year")
    (book / "references.bib").write_text(decided + SECOND)
    assert main(["stats", "--bib", str(book / "references.bib"), "--decisions"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{book / 'references.bib'}:1: good: Year from the journal, not the CV",
        f"1 decision note in {book / 'references.bib'}",
    ]


@pytest.mark.parametrize(
    ("argv", "err"),
    [
        pytest.param(["check", "missing.bib"], "error: cannot read missing.bib", id="no-file"),
        pytest.param(["stats", "--bib", "missing.bib"], "cannot read", id="stats-no-file"),
        pytest.param(["stats", "--by", "colour"], "invalid choice: 'colour'", id="bad-by"),
        pytest.param(["frobnicate"], "invalid choice: 'frobnicate'", id="bad-command"),
        pytest.param([], "required: COMMAND", id="no-command"),
    ],
)
def test_usage_errors_exit_2_on_stderr(book, capsys, monkeypatch, argv, err):
    monkeypatch.chdir(book)
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert err in captured.err and captured.out == ""


@pytest.mark.parametrize("command", [["check"], ["stats", "--bib"]])
def test_a_latin1_file_is_refused_at_its_line(book, capsys, command):
    bib = book / "references.bib"
    bib.write_bytes(GOOD.replace("Nature", "Natur Stra\u00dfe").encode("latin-1"))
    line = 1 + GOOD[: GOOD.index("Nature")].count("\n")
    assert main([*command, str(bib)]) == 2
    assert f"{bib}:{line}: -: byte 0xdf is not UTF-8" in capsys.readouterr().err


def test_bad_config_exits_2(book, capsys):
    (book / "_config.yml").write_text("sphinx: [unclosed\n")
    (book / "references.bib").write_text(GOOD)
    assert main(["check", str(book / "references.bib")]) == 2
    assert f"{book / '_config.yml'}:2: -: not valid YAML" in capsys.readouterr().err


def test_settings_come_from_the_bibliographys_book(book, capsys, monkeypatch, tmp_path_factory):
    venues = "- {match: '^Obscure Letters$', venue: OL, type: journal}\n"
    (book / "venues.yaml").write_text(venues)
    (book / "_config.yml").write_text(CONFIG + "    portfolio_venues: venues.yaml\n")
    (book / "references.bib").write_text(GOOD.replace("Nature", "Obscure Letters"))
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    assert main(["check", "--strict", str(book / "references.bib")]) == 0
    assert main(["stats", "--bib", str(book / "references.bib"), "--by", "venue"]) == 0
    assert "OL" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("by", "fmt", "expected"),
    [
        pytest.param("year,venue_type", "csv", "year,venue_type,count\n2020,journal,1\n"
                     "2021,journal,1\n", id="year-type-csv"),
        pytest.param("venue", "csv", "venue,count\nNature,2\n", id="venue-csv"),
        pytest.param("theme", "json", [{"theme": "physics-of-ai", "count": 2}], id="theme-json"),
        pytest.param("year,venue", "table", " year  venue  count\n 2020 Nature      1\n"
                     " 2021 Nature      1\n", id="year-venue-table"),
    ],
)  # fmt: skip
def test_stats(book, capsys, by, fmt, expected):
    (book / "references.bib").write_text(GOOD + SECOND)
    assert main(["stats", "--bib", str(book / "references.bib"), "--by", by, "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert (json.loads(out) if fmt == "json" else out) == expected


def test_stats_refuses_a_broken_bibliography(book, capsys):
    (book / "references.bib").write_text(GOOD.replace("2020", "soon"))
    assert main(["stats", "--bib", str(book / "references.bib")]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "year 'soon' is not a year" in captured.err


def test_add_arguments_are_registered():
    args = build_parser().parse_args(
        ["add", "a.bib", "-", "--theme", "physics-of-ai", "--theme", "ai-for-science",
         "--selected", "--bib", "x.bib", "--dry-run"]
    )  # fmt: skip
    assert (args.files, args.themes, args.selected, args.bib, args.dry_run) == (
        ["a.bib", "-"], ["physics-of-ai", "ai-for-science"], True, Path("x.bib"), True
    )  # fmt: skip
    defaults = build_parser().parse_args(["add", "a.bib"])
    assert (defaults.themes, defaults.selected, defaults.bib, defaults.dry_run) == (
        [], False, Path("references.bib"), False
    )  # fmt: skip


def test_module_entry_point_help():
    proc = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 0
    assert "check" in proc.stdout and "exit codes:" in proc.stdout


def test_output_to_a_reader_that_left_ends_quietly(book):
    """`stats --decisions | head -1`: the pipe closes before the output is written; no
    traceback, the exit code of a process ended by SIGPIPE."""
    why = "why " * 200
    notes = "".join(
        GOOD.replace("{good", f"{{good{i}").replace("{Good}", f"{{Good {i}}}")
        .replace("  year", f"  decision = {{{why}}},\n  year")
        for i in range(40)
    )  # fmt: skip
    (book / "references.bib").write_text(notes)
    command = [sys.executable, "-m", "analysis", "stats", "--decisions"]
    proc = subprocess.Popen(command, cwd=book, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader leaves at once
    with proc.stderr:
        stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_serve_is_a_command_run_in_the_books_folder(book, monkeypatch, capsys):
    """`python -m analysis serve` is what `make serve` runs: sphinx-autobuild on 127.0.0.1."""
    started = []
    monkeypatch.setattr("analysis.cli.serve.os.execv", lambda path, argv: started.append(argv))
    monkeypatch.chdir(book)
    assert main(["serve", "--port", "8123"]) == 0
    [command] = started
    assert command[1:3] == ["-m", "sphinx_autobuild"]
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--port") + 1] == "8123"
    monkeypatch.chdir(book / "_build")  # not a book's folder
    assert main(["serve"]) == 2
    assert "has no _config.yml: run serve in the book's folder" in capsys.readouterr().err
    assert "serve" in build_parser().format_help()
