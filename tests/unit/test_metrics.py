"""The metrics file (metrics.jsonl), what is computed from it, and what `check` says of it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from analysis.bib.loader import load_bibliography
from analysis.cli import main
from analysis.metrics.checks import metrics_problems
from analysis.metrics.compute import counted, h_index, i10_index, last_years, summarise
from analysis.metrics.data import (
    Metrics,
    PaperCitations,
    parse_metrics,
    read_metrics,
    render_metrics,
    write_metrics,
)
from analysis.settings import Settings
from tests.support.book import FIXTURES

METRICS = FIXTURES / "metrics"
BOOK_METRICS = METRICS / "book_metrics.jsonl"
PAPERS = METRICS / "papers.bib"


def record(key, cited_by, ids, by_year=None, date="2026-12-01"):
    return PaperCitations(key, cited_by, by_year or {}, tuple(ids), date)


SETTINGS = Settings.from_book(METRICS)


def papers():
    return load_bibliography(PAPERS, SETTINGS).papers


def test_the_file_reads_and_writes_back_byte_for_byte():
    text = BOOK_METRICS.read_text(encoding="utf-8")
    metrics = parse_metrics(text, BOOK_METRICS)
    assert not metrics.problems
    assert metrics.as_of == "2026-11-30"
    assert [r.date for r in metrics.history] == ["2026-11-23", "2026-11-30"]
    assert metrics.papers["song2024resource"].openalex == ("W4390000002", "W4390000003")
    assert metrics.papers["liu2024kan"].by_year == {2024: 150, 2025: 450, 2026: 300}
    assert render_metrics(metrics.papers, metrics.history) == text


def test_one_record_a_line_sorted_by_key_so_a_refresh_diffs_by_paper():
    text = render_metrics({"b": record("b", 3, ["W2"]), "a": record("a", 5, ["W1"])}, [])
    lines = text.splitlines()
    assert len(lines) == 2 and lines[0].startswith('{"by_year": {}, "cited_by": 5')
    assert '"key": "a"' in lines[0] and '"source": "OpenAlex"' in lines[0]


def test_bad_lines_are_located_and_left_out_the_rest_is_kept():
    text = (
        '{"key": "a", "cited_by": 5, "openalex": ["W1"], "date": "2026-12-01"}\n'
        "not json\n"
        '{"key": "b", "cited_by": -1, "openalex": ["W2"], "date": "2026-12-01"}\n'
        '{"key": "c", "cited_by": 1, "openalex": ["X9"], "date": "2026-12-01"}\n'
        '{"key": "d", "cited_by": 1, "openalex": ["W3"], "date": "1 Dec"}\n'
        '{"key": "a", "cited_by": 5, "openalex": ["W1"], "date": "2026-12-01"}\n'
    )
    metrics = parse_metrics(text, "metrics.jsonl")
    assert list(metrics.papers) == ["a"]
    found = {p.line: p.message for p in metrics.problems}
    assert sorted(found) == [2, 3, 4, 5, 6]
    assert "cited_by" in found[3] and "openalex" in found[4] and "YYYY-MM-DD" in found[5]
    assert "already on line 1" in found[6]
    assert all("python -m analysis metrics" in m for m in found.values())
    assert str(metrics.problems[0]).startswith("metrics.jsonl:2: ")


def test_no_file_is_none(tmp_path):
    assert read_metrics(tmp_path / "metrics.jsonl") is None
    assert summarise(papers(), None) is None
    assert counted(papers(), None) == {}


def test_writing_is_atomic_and_skipped_when_unchanged(tmp_path):
    path = tmp_path / "metrics.jsonl"
    assert write_metrics(path, "x\n") is True
    before = path.stat().st_mtime_ns
    assert write_metrics(path, "x\n") is False
    assert path.stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir()] == ["metrics.jsonl"]  # no temporary file left


@pytest.mark.parametrize(
    "counts, h, i10",
    [([], 0, 0), ([0, 0], 0, 0), ([10, 8, 5, 4, 3], 4, 1), ([100, 100, 100], 3, 3), ([1], 1, 0)],
)
def test_h_index_and_i10_index(counts, h, i10):
    assert h_index(counts) == h
    assert i10_index(counts) == i10


def test_a_preprint_and_its_published_version_count_once_the_larger():
    metrics = Metrics(Path("m.jsonl"), {
        "published2021": record("published2021", 120, ["W1", "W2"]),
        "preprint2020": record("preprint2020", 30, ["W2"]),  # same arXiv id, its own record
        "kan2024": record("kan2024", 900, ["W3"]),
    })  # fmt: skip
    summary = summarise(papers(), metrics)
    assert (summary.papers, summary.citations, summary.h_index) == (2, 1020, 2)
    shown = counted(papers(), metrics)
    assert shown["preprint2020"].cited_by == 120  # both cards show the paper's one count
    assert "poisson2022" not in shown  # not in the file: no number, never 0


def test_two_entries_found_as_one_openalex_work_count_once():
    metrics = Metrics(Path("m.jsonl"), {
        "poisson2022": record("poisson2022", 45, ["W9"]),
        "unknown2018": record("unknown2018", 40, ["W9"]),
    })  # fmt: skip
    assert summarise(papers(), metrics).citations == 45


def test_the_summary_line_names_source_and_date():
    metrics = Metrics(Path("m.jsonl"), {"kan2024": record("kan2024", 1234, ["W3"])})
    line = summarise(papers(), metrics).line
    assert line == "1,234 citations, h-index 1, i10-index 1 (OpenAlex, as of 2026-12-01)"


def test_the_last_ten_years_end_at_the_date_of_the_counts():
    assert last_years("2026-11-30") == list(range(2017, 2027))


def _book(tmp_path: Path, metrics_text: str) -> Path:
    shutil.copy(PAPERS, tmp_path / "references.bib")
    config = (METRICS / "_config.yml").read_text(encoding="utf-8")
    (tmp_path / "_config.yml").write_text(config.replace("papers.bib", "references.bib"))
    (tmp_path / "metrics.jsonl").write_text(metrics_text, encoding="utf-8")
    return tmp_path / "references.bib"


def test_check_notes_old_counts_and_papers_the_bibliography_no_longer_has(tmp_path, capsys):
    old = record("gone2020", 3, ["W7"], date="2026-01-01")
    bib = _book(tmp_path, render_metrics({"gone2020": old}, []))
    problems = metrics_problems(
        read_metrics(tmp_path / "metrics.jsonl"),
        load_bibliography(bib, SETTINGS),
        dt.date(2026, 3, 1),
    )
    messages = [p.message for p in problems]
    assert any("59 days old" in m and "python -m analysis metrics" in m for m in messages)
    assert any("no entry 'gone2020'" in m for m in messages)
    assert main(["check", str(bib)]) == 0  # warnings: the book still builds
    err = capsys.readouterr().err
    assert "metrics.jsonl:1: gone2020: warning: no entry 'gone2020'" in err


def test_check_says_nothing_of_fresh_counts(tmp_path):
    fresh = record("kan2024", 3, ["W7"], date="2026-03-01")
    bib = _book(tmp_path, render_metrics({"kan2024": fresh}, []))
    metrics = read_metrics(tmp_path / "metrics.jsonl")
    assert metrics_problems(metrics, load_bibliography(bib, SETTINGS), dt.date(2026, 3, 20)) == []
