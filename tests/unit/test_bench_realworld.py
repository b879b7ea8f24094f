"""`make bench-realworld` as a user runs it, on this project's own exporter fixtures: every
entry accounted for, nothing valid rejected, ADS journals counted as journals, owners found."""

import json
import subprocess
import sys

import pytest

from benchmarks.realworld import pair_f1
from tests.support.book import FIXTURES, REPO

SHAPES = ["ads.bib", "dblp_crossref.bib", "editors_and_repeats.bib", "names.bib", "links.bib"]
OWNERS = {
    "ads.bib": "Alan J. M. Thomson",
    "dblp_crossref.bib": "Nutan Limaye",
    "editors_and_repeats.bib": "Kathryn D. Huff",
    "names.bib": "Wei Zhu",
    "links.bib": "Jane Doe",
}


def test_the_realworld_table(tmp_path):
    folder = tmp_path / "bibs"
    folder.mkdir()
    for name in SHAPES:
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    (folder / "broken.bib").write_text("@article{broken, title = {T}, author = {A, B},\n")
    latin1 = (
        "@article{latin1, title = {Stra\u00dfe}, author = {A, B}, journal = {J}, year = 2020}\n"
    )
    (folder / "latin1.bib").write_bytes(latin1.encode("latin-1"))
    owners = [f"--owner={name}={owner}" for name, owner in OWNERS.items()]
    results = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.realworld", str(folder), *owners, "--results", results],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    table = json.loads((results / "realworld.json").read_text())
    rows = {row["file"]: row for row in table["rows"]}
    assert proc.stdout.splitlines()[1].split()[:3] == ["file", "entries", "papers"]
    assert {name: rows[name]["lost"] for name in rows} == dict.fromkeys(rows, 0)
    assert {name: rows[name]["valid_rejected"] for name in SHAPES} == dict.fromkeys(SHAPES, 0)
    assert rows["ads.bib"]["ads_journals"] == "5/5"
    assert (
        rows["latin1.bib"]["errors"] == 1 and "not UTF-8" in rows["latin1.bib"]["error_messages"][0]
    )
    assert rows["dblp_crossref.bib"]["parents"] == 2
    assert rows["dblp_crossref.bib"]["entries"] == 6
    assert rows["names.bib"]["owner"] == "4/4"
    # The broken entry is an error, located, not a silent loss.
    assert (rows["broken.bib"]["entries"], rows["broken.bib"]["errors"]) == (1, 1)


VENUES_BIB = """\
@inproceedings{a1, title = {A}, author = {Roe, R.}, year = 2019,
  booktitle = {2019 International Conference on Robotics and Automation (ICRA)}}
@inproceedings{a2, title = {B}, author = {Roe, R.}, year = 2014,
  booktitle = {Robotics and Automation (ICRA), 2014 IEEE International Conference on}}
@inproceedings{a3, title = {C}, author = {Roe, R.}, year = 2020, booktitle = {Proc. of FOO}}
@inproceedings{a4, title = {D}, author = {Roe, R.}, year = 2021, booktitle = {Proc. of BAR}}
"""
# By hand, FOO and BAR are one series (renamed): the loader cannot know, so one pair is missed.
VENUES_BY_HAND = """\
ICRA: ["re:Robotics and Automation"]
FOO: [Proc. of FOO, "key:a4"]
"""


def run_bench(folder, groups, results):
    command = [sys.executable, "-m", "benchmarks.realworld", str(folder), "--groups", str(groups),
               "--results", str(results)]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)


def test_venues_are_scored_against_a_hand_grouping(tmp_path):
    (tmp_path / "bibs").mkdir()
    (tmp_path / "groups").mkdir()
    (tmp_path / "bibs" / "lab.bib").write_text(VENUES_BIB, encoding="utf-8")
    (tmp_path / "groups" / "lab.yaml").write_text(VENUES_BY_HAND, encoding="utf-8")
    proc = run_bench(tmp_path / "bibs", tmp_path / "groups", tmp_path / "results")
    assert proc.returncode == 0, proc.stderr
    row = json.loads((tmp_path / "results" / "realworld.json").read_text())["rows"][0]
    assert (row["venues_written"], row["venues"], row["venues_by_hand"]) == (4, 3, 2)
    assert row["pair_f1"] == 0.667  # pairs: the loader's {a1 a2}, the hand's {a1 a2, a3 a4}
    assert row["check"] == "passes"
    assert "venues split FOO: BAR, FOO (lab.bib)" in proc.stdout


def test_a_paper_the_hand_grouping_misses_is_named(tmp_path):
    (tmp_path / "bibs").mkdir()
    (tmp_path / "groups").mkdir()
    (tmp_path / "bibs" / "lab.bib").write_text(VENUES_BIB, encoding="utf-8")
    (tmp_path / "groups" / "lab.yaml").write_text("ICRA: [key:a1, key:a2, key:a3]\n")
    proc = run_bench(tmp_path / "bibs", tmp_path / "groups", tmp_path / "results")
    assert proc.returncode == 1
    assert "lab.yaml: a4 ('Proc. of BAR') is in no group: fix the hand grouping" in proc.stderr


@pytest.mark.parametrize(
    ("tool", "truth", "f1"),
    [
        ({"a": "X", "b": "X", "c": "Y"}, {"a": "P", "b": "P", "c": "Q"}, 1.0),  # names differ
        ({"a": "X", "b": "Y", "c": "Z"}, {"a": "P", "b": "Q", "c": "R"}, 1.0),  # no pairs at all
        ({"a": "X", "b": "X", "c": "X"}, {"a": "P", "b": "P", "c": "Q"}, 0.5),  # one merge
        ({"a": "X", "b": "Y", "c": "Y"}, {"a": "P", "b": "P", "c": "Q"}, 0.0),
    ],
)
def test_pair_f1(tool, truth, f1):
    assert pair_f1(tool, truth) == f1


def test_a_file_init_refuses_does_not_build(tmp_path):
    (tmp_path / "bibs").mkdir()
    (tmp_path / "bibs" / "broken.bib").write_text(
        "@article{broken, title = {T}, author = {A, B}}\n"
    )
    command = [sys.executable, "-m", "benchmarks.realworld", str(tmp_path / "bibs"), "--build",
               "--results", str(tmp_path / "results")]  # fmt: skip
    proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    row = json.loads((tmp_path / "results" / "realworld.json").read_text())["rows"][0]
    assert row["builds"] == "no: init"
    assert "broken: missing year" in " ".join(row["build_problems"])
    assert "0 of 1 files build strictly" in proc.stdout
