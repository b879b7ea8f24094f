"""Never a traceback: each input that once crashed a command, or lost a paper without a word.

Each case is a minimal fixture (tests/fixtures/crashes, tests/fixtures/yaml-bombs) run through
the command line as a user runs it; the property is the same for all: a located message, an exit
code of 0, 1 or 2 (1 for problems in the file, 2 for a file that cannot be read), no traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.bib.loader import parse_bibliography
from analysis.cli import main
from analysis.cli.common import INTERNAL, OK, PROBLEMS, USAGE
from analysis.settings import Settings
from tests.support.book import FIXTURES, REPO

CRASHES = FIXTURES / "crashes"
BOMBS = FIXTURES / "yaml-bombs"
OWNER = Settings(owner=("Ada Lovelace",))
ROOT = REPO

# fixture -> (exit code, what the message says)
EXPECTED = {
    "title-undefined-macro.bib": (PROBLEMS, "'undefinedmacro' is not a defined @string macro"),
    "title-double-equals.bib": (PROBLEMS, "unexpected '='"),
    "title-inspire-lost-quote.bib": (PROBLEMS, "could not be parsed"),
    "title-nul-byte.bib": (PROBLEMS, "control character U+0000"),
    "title-bom-before-value.bib": (PROBLEMS, "field 'title'"),
    "title-string-cycle.bib": (PROBLEMS, "is not a defined @string macro"),
    "title-textbf-248-deep.bib": (PROBLEMS, "braces nest more than 40 deep"),
    "title-sqrt-329-deep.bib": (PROBLEMS, "braces nest more than 40 deep"),
    "year-4301-digits.bib": (PROBLEMS, "is not a year"),
    "month-4301-digits.bib": (OK, ""),  # no month is read: the paper is listed by its year
    "day-4301-digits.bib": (OK, ""),
    "equal-contribution-4301-digits.bib": (PROBLEMS, "equal_contribution"),
    "string-doubling-chain.bib": (PROBLEMS, "over the 100,000 read"),
    "crossref-cycle.bib": (PROBLEMS, "crossref cycle a -> b -> a"),
    "year-noopsort-only.bib": (PROBLEMS, "only a \\noopsort sort key"),
    "year-full-width-digits.bib": (PROBLEMS, "'２０２０' is not a year"),
    "year-arabic-indic-digits.bib": (PROBLEMS, "'٢٠٢٠' is not a year"),
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err, err
    assert code != INTERNAL
    return code, out, err


def test_every_crash_fixture_is_listed():
    assert sorted(p.name for p in CRASHES.glob("*.bib")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_crash_fixture_ends_in_a_located_message(capsys, name):
    code, expected = EXPECTED[name]
    got, _, err = run(capsys, "check", str(CRASHES / name))
    assert got == code, err
    assert expected in err
    for line in err.splitlines()[:-1]:  # every problem located; the last line is the summary
        assert line.startswith(f"{CRASHES / name}:"), line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_entry_vanishes_without_a_message(name):
    text = (CRASHES / name).read_text(encoding="utf-8")
    bibliography = parse_bibliography(text, name, OWNER)
    named = {p.key for p in bibliography.errors}
    for key in ("a", "b", "x"):
        if f"{{{key}," in text:
            assert key in bibliography.by_key() or key in named, key


@pytest.mark.parametrize("name", ["title-undefined-macro.bib", "title-textbf-248-deep.bib",
                                  "string-doubling-chain.bib", "crossref-cycle.bib"])  # fmt: skip
def test_add_and_stats_refuse_the_crash_fixtures(capsys, tmp_path, name):
    book = tmp_path / "references.bib"
    book.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "add", "--bib", str(book), str(CRASHES / name))
    assert code == PROBLEMS and "is unchanged" in err
    assert book.read_text(encoding="utf-8") == ""
    code, _, err = run(capsys, "stats", "--bib", str(CRASHES / name))
    assert code == PROBLEMS


def test_init_refuses_a_crash_fixture(capsys, tmp_path):
    code, _, err = run(capsys, "init", str(tmp_path / "book"), "--bib",
                       str(CRASHES / "title-undefined-macro.bib"), "--owner", "Ada L")  # fmt: skip
    assert code == PROBLEMS and not (tmp_path / "book").exists()


def test_a_crossref_parent_with_authors_stays_a_paper():
    text = (FIXTURES / "crossref-parent-is-a-paper.bib").read_text(encoding="utf-8")
    bibliography = parse_bibliography(text, "x.bib", OWNER)
    assert not bibliography.errors
    papers = bibliography.by_key()
    assert set(papers) == {"chapter", "book"} and papers["chapter"].year == 1993
    assert papers["chapter"].venue_raw == "The Book"  # inherited as booktitle


# A FIFO with no writer would block open() forever, /dev/zero would be read until memory runs
# out: each command refuses them at once with exit 2. Run in a subprocess with a timeout, so a
# regression fails the test instead of hanging the suite.
@pytest.mark.parametrize("command", ["check", "stats", "add", "add --bib", "init"])
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_file_that_is_not_regular_is_refused(tmp_path, command, special):
    source = special
    if special == "fifo":
        source = tmp_path / "refs.bib"
        os.mkfifo(source)
    bib = tmp_path / "book.bib"
    bib.write_text("", encoding="utf-8")
    argv = {
        "check": ["check", str(source)],
        "stats": ["stats", "--bib", str(source)],
        "add": ["add", "--bib", str(bib), str(source)],
        "add --bib": [
            "add",
            "--bib",
            str(source),
            str(FIXTURES / "crossref-parent-is-a-paper.bib"),
        ],
        "init": ["init", str(tmp_path / "new"), "--bib", str(source), "--owner", "Ada Lovelace"],
    }[command]
    result = subprocess.run([sys.executable, "-m", "analysis", *argv], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path)  # fmt: skip
    assert "Traceback" not in result.stderr
    assert "not a regular file" in result.stderr
    assert result.returncode == USAGE, result.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in BOMBS.glob("*.yaml")))
def test_a_yaml_bomb_in_cv_yaml_is_a_located_error(capsys, tmp_path, name):
    shutil.copy(BOMBS / name, tmp_path / "cv.yaml")
    (tmp_path / "_config.yml").write_text("title: Ada\n", encoding="utf-8")
    bib = tmp_path / "references.bib"
    bib.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "check", str(bib))
    assert code == PROBLEMS
    assert f"{tmp_path / 'cv.yaml'}:" in err
    assert any(word in err for word in ("nest more than", "inside itself", "expands to more",
                                        "U+0000", "#x0000", "special characters"))  # fmt: skip


@pytest.mark.parametrize(
    ("config", "line", "expected"),
    [
        ("sphinx:\n  config:\n    portfolio_bibliography: 5\n", 3, "path of a .bib file"),
        ("sphinx:\n  config:\n    portfolio_owner: {a: 1}\n", 3, "a name or a list of names"),
        ("title: Ada\nauthor: [1, 2]\n", 2, "must be a text"),
        ("title: Ada\nsphinx:\n  config:\n    portfolio_themes: 7\n", 4, "portfolio_themes"),
        ("x: " + "[" * 1000 + "]" * 1000 + "\n", 1, "nest more than"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"a{i}: &a{i} [{', '.join(['*a' + ('' if i == 1 else str(i - 1))] * 10)}]\n"
                for i in range(1, 8)
            ),
            5,
            "expands to more",
        ),  # fmt: skip
    ],
)
def test_config_problems_are_located(capsys, tmp_path, config, line, expected):
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    bib = tmp_path / "references.bib"
    bib.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "check", str(bib))
    assert code == USAGE
    assert f"{tmp_path / '_config.yml'}:{line}: " in err and expected in err, err


def test_init_refuses_an_owner_that_is_not_utf8(capsys, tmp_path):
    bib = FIXTURES / "crossref-parent-is-a-paper.bib"
    owner = "Ada\udcff Lovelace"  # the byte 0xff of argv, as Python decodes it
    code, _, err = run(capsys, "init", str(tmp_path / "book"), "--bib", str(bib), "--owner", owner)
    assert code == USAGE and "--owner" in err
    assert not (tmp_path / "book").exists()


def test_init_refuses_a_symlink_and_a_long_name_and_an_unwritable_folder(capsys, tmp_path):
    bib = str(FIXTURES / "crossref-parent-is-a-paper.bib")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    code, _, err = run(capsys, "init", str(tmp_path / "link"), "--bib", bib, "--owner", "Ada L")
    assert code == USAGE and "symbolic link" in err
    code, _, err = run(capsys, "init", str(tmp_path / ("x" * 250)), "--bib", bib, "--owner", "A L")
    assert code == USAGE and "too long" in err
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: permissions do not stop writes")
        code, _, err = run(capsys, "init", str(locked / "book"), "--bib", bib, "--owner", "A L")
        assert code == USAGE and "cannot write" in err
    finally:
        locked.chmod(0o700)


def test_init_removes_what_a_killed_init_left(capsys, tmp_path):
    proc = subprocess.Popen(["true"])
    proc.wait()
    stale = tmp_path / f".book.init-{proc.pid}"
    (stale / "chapters").mkdir(parents=True)
    bib = str(FIXTURES / "crossref-parent-is-a-paper.bib")
    code, _, err = run(capsys, "init", str(tmp_path / "book"), "--bib", bib, "--owner", "Ada L")
    assert code == OK, err
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book"]


def test_add_on_an_unwritable_folder_says_the_file_is_unchanged(capsys, tmp_path, monkeypatch):
    bib = tmp_path / "references.bib"
    bib.write_text("", encoding="utf-8")
    import analysis.bib.writer as writer

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", full_disk)
    code, _, err = run(
        capsys, "add", "--bib", str(bib), str(FIXTURES / "crossref-parent-is-a-paper.bib")
    )
    assert code == USAGE and "No space left on device" in err and "is unchanged" in err
    assert bib.read_text(encoding="utf-8") == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["references.bib"]  # no temp file


def test_the_internal_error_guard_gives_one_line_and_exit_3(capsys, monkeypatch):
    import analysis.cli as cli

    def bug(args):
        raise KeyError("title")

    monkeypatch.setattr(cli, "check_command", bug)
    code = main(["check", "x.bib"])
    err = capsys.readouterr().err
    assert code == INTERNAL and "Traceback" not in err
    assert err.startswith("internal error: KeyError") and len(err.splitlines()) == 1


def test_help_documents_the_exit_codes(capsys):
    assert main(["--help"]) == OK
    out = capsys.readouterr().out
    for code in ("0  success", "1  problems found", "2  usage error", "3  a bug"):
        assert code in out


ONE_PAPER = """@article{{{key},
  title = {{Paper {key}}},
  author = {{Lovelace, Ada}},
  journal = {{Nature}},
  year = {{2020}}
}}
"""


def test_concurrent_adds_of_one_paper_write_it_once(tmp_path):
    """Eight processes add the same paper (and one each of their own) at once: the shared one is
    written once, none is lost, and the file still passes check."""
    bib = tmp_path / "references.bib"
    bib.write_text(ONE_PAPER.format(key="first"), encoding="utf-8")
    (tmp_path / "same.bib").write_text(ONE_PAPER.format(key="same"), encoding="utf-8")
    procs = []
    for n in range(8):
        own = tmp_path / f"own{n}.bib"
        own.write_text(ONE_PAPER.format(key=f"own{n}"), encoding="utf-8")
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "analysis", "add", "--bib", str(bib), str(tmp_path / "same.bib"),
             str(own)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        ))  # fmt: skip
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, _, err in results:
        assert code == OK and "Traceback" not in err, err
    text = bib.read_text(encoding="utf-8")
    assert text.count("@article{same,") == 1
    assert all(f"@article{{own{n}," in text for n in range(8))
    added_same = sum("same: Paper same" in out for _, out, _ in results)
    skipped_same = sum("already in the book as 'same'" in out for _, out, _ in results)
    assert (added_same, skipped_same) == (1, 7)
    assert main(["check", str(bib)]) == OK


def test_the_lock_makes_a_second_writer_wait(tmp_path):
    """While one holder has the lock, another `add` waits, then reads the holder's result."""
    from analysis.bib.writer import append_atomically, bibliography_lock

    bib = tmp_path / "references.bib"
    bib.write_text("", encoding="utf-8")
    (tmp_path / "same.bib").write_text(ONE_PAPER.format(key="same"), encoding="utf-8")
    with bibliography_lock(bib):
        proc = subprocess.Popen(
            [sys.executable, "-m", "analysis", "add", "--bib", str(bib), tmp_path / "same.bib"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        )  # fmt: skip
        # Until it opens the folder to lock it: it has read its input and waits for the lock.
        while proc.poll() is None and not _has_open(proc.pid, tmp_path):
            time.sleep(0.01)
        # The holder adds the paper meanwhile; the waiting add must see it once it has the lock.
        append_atomically(bib, ONE_PAPER.format(key="same"))
        assert proc.poll() is None  # still waiting
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == OK, err
    assert "already in the book as 'same'" in out
    assert bib.read_text(encoding="utf-8").count("@article{same,") == 1


def _has_open(pid: int, folder: Path) -> bool:
    """Whether process `pid` has `folder` open (Linux: /proc/PID/fd)."""
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd) == str(folder.resolve()) for fd in fds.iterdir())
    except OSError:  # it ended, or an fd closed while we looked
        return False


def test_init_on_a_full_disk_refuses_and_leaves_nothing(capsys, tmp_path, monkeypatch):
    import analysis.cli.init as init

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(init, "_write", full_disk)  # the first file init writes
    bib = str(FIXTURES / "crossref-parent-is-a-paper.bib")
    code, _, err = run(capsys, "init", str(tmp_path / "book"), "--bib", bib, "--owner", "Ada L")
    assert code == USAGE and "No space left on device" in err and "nothing was written" in err
    assert list(tmp_path.iterdir()) == []  # no DIR, no hidden staging folder
