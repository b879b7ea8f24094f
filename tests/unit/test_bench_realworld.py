"""`make bench-realworld` as a user runs it, on this project's own exporter fixtures: every
entry accounted for, nothing valid rejected, ADS journals counted as journals, owners found."""

import json
import subprocess
import sys

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
