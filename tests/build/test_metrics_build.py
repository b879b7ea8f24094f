"""A real build of this book with a fixture metrics file shows the counts, totals and chart; the
session's build (no metrics file) shows none of them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.support.book import FIXTURES, build_book, built_ok, copy_book
from tests.support.tiny import write_tiny_book

METRICS = FIXTURES / "metrics"
LINE = "1,190 citations, h-index 3, i10-index 3 (OpenAlex, as of 2026-11-30)"


@pytest.fixture(scope="module")
def counted_site(tmp_path_factory) -> Path:
    book = copy_book(tmp_path_factory.mktemp("metrics-book"))
    shutil.copy(METRICS / "book_metrics.jsonl", book / "metrics.jsonl")
    proc = build_book(book)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return book / "_build" / "html"


def test_cards_show_cited_by_linking_to_the_citing_works(counted_site):
    page = (counted_site / "chapters" / "publications.html").read_text(encoding="utf-8")
    link = re.search(r'<a class="[^"]*portfolio-cited-by[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>',
                     page)  # fmt: skip
    assert link, "no Cited by link"
    cited = dict(re.findall(r'href="https://openalex.org/works\?filter=cites:(W\d+)"[^>]*>Cited by '
                            r"([\d,]+)<", page))  # fmt: skip
    assert cited == {"W4396000001": "100", "W4396788866": "900", "W4390000002": "190"}
    assert "Cited by 0" not in page  # papers the file lacks show no number


def test_landing_cv_page_and_pdf_carry_the_totals_with_source_and_date(counted_site):
    for page in ("index.html", "chapters/cv.html"):
        assert LINE in (counted_site / page).read_text(encoding="utf-8"), page
    text = " ".join(page.extract_text() for page in PdfReader(counted_site / "cv.pdf").pages)
    assert LINE in " ".join(text.split())


def test_the_publication_record_draws_the_citations_chart_and_publishes_its_numbers(counted_site):
    page = (counted_site / "chapters" / "publication-record.html").read_text(encoding="utf-8")
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', page)
    assert any(a.startswith("Stacked bar chart of the citations received per year from 2017 "
                            "to 2026") and "1,190 in all" in a for a in alts)  # fmt: skip
    assert any("3 most cited papers" in a for a in alts)
    assert "1,190 citations of 3 papers" in page
    csv = (counted_site / "citation-counts.csv").read_text(encoding="utf-8")
    assert csv.startswith("year,theme,citations\n")
    assert "2025,AI for Science,510\n" in csv  # KAN's 450 and OptPDE's 60, under its first theme


def test_without_a_metrics_file_no_count_no_chart_and_a_hint(site):
    if (site.parent.parent / "metrics.jsonl").exists():
        pytest.skip("this book has a metrics file")
    for page in ("index.html", "chapters/publications.html", "chapters/cv.html"):
        text = (site / page).read_text(encoding="utf-8")
        assert "Cited by" not in text and "h-index" not in text, page
    record = (site / "chapters" / "publication-record.html").read_text(encoding="utf-8")
    assert "citations received per year" not in record
    assert "python -m analysis metrics" in re.sub(r"<[^>]+>", "", record)  # the owner's hint
    assert not (site / "citation-counts.csv").exists()


def test_a_metrics_file_fetched_after_a_build_shows_on_the_next_and_then_nothing_rebuilds(
    tmp_path,
):
    """The owner builds, runs `metrics`, builds again: the counts show (the pages are re-read
    though none depended on a file that did not exist yet), and a third build writes nothing."""
    book = write_tiny_book(tmp_path / "book", pages={"all": ""})
    assert "Cited by" not in (built_ok(book) / "all.html").read_text(encoding="utf-8")
    (book / "metrics.jsonl").write_text(
        '{"by_year": {"2024": 7}, "cited_by": 7, "date": "2026-11-30", "key": "owner2023grok", '
        '"openalex": ["W1"], "source": "OpenAlex"}\n',
        encoding="utf-8",
    )
    page = (built_ok(book) / "all.html").read_text(encoding="utf-8")
    assert "Cited by 7" in page
    proc = build_book(book)
    assert "no targets are out of date" in proc.stdout, proc.stdout[-3000:]
