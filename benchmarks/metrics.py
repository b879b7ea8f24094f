"""Benchmark: ``python -m analysis metrics`` for 32 and 1,000 papers against a local OpenAlex.

A synthetic bibliography (most papers with a DOI, some arXiv-only, a few found only by title, a
few not at all) and the works OpenAlex would hold for it, served by
:class:`tests.support.openalex.OpenAlexServer`. Each size is run twice as a user runs it (a
fresh process each time, the HTTP cache emptied): the first run finds papers by DOI and title,
the second asks by the OpenAlex ids the first wrote. Reports the time and the number of requests.

Run it alone with ``python -m benchmarks.metrics`` or through ``make bench``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import save_results
from tests.support.openalex import OpenAlexServer

SIZES = (32, 1000)
RESULTS_FILE = "metrics.json"


def synthetic(count: int) -> tuple[str, list[dict]]:
    """A bibliography of `count` papers and OpenAlex's works for them."""
    entries, works = [], []
    for i in range(count):
        kind = ("doi", "doi", "doi", "arxiv", "title", "missing")[i % 6]
        title = f"Synthetic Study {i} of Neural Scaling"
        year = 2015 + i % 11
        fields = f"  title = {{{title}}},\n  author = {{Liu, Ziming}},\n  year = {{{year}}},\n"
        doi = ""
        if kind == "doi":
            doi = f"10.1000/bench.{i}"
            fields += f"  journal = {{Journal of Benchmarks}},\n  doi = {{{doi}}},\n"
        elif kind == "arxiv":
            fields += f"  journal = {{arXiv preprint}},\n  eprint = {{2401.{i:05d}}},\n"
            doi = f"10.48550/arxiv.2401.{i:05d}"
        else:
            fields += "  journal = {Journal of Benchmarks},\n"
        entries.append(f"@article{{bench{i},\n{fields}}}\n")
        if kind != "missing":
            works.append({
                "id": f"https://openalex.org/W{4000000000 + i}",
                "doi": f"https://doi.org/{doi}" if doi else None,
                "title": title if kind != "missing" else "",
                "display_name": title,
                "publication_year": year,
                "cited_by_count": (i * 37) % 500,
                "counts_by_year": [{"year": 2024, "cited_by_count": (i * 37) % 500}],
            })  # fmt: skip
    return "\n".join(entries), works


def _run(book: Path, url: str) -> float:
    shutil.rmtree(book / ".cache", ignore_errors=True)
    env = {**os.environ, "PORTFOLIO_OPENALEX_URL": url, "PORTFOLIO_CACHE_DIR": str(book / ".cache")}
    command = [sys.executable, "-m", "analysis", "metrics", "--bib", str(book / "references.bib")]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def measure(count: int) -> dict:
    bib, works = synthetic(count)
    with tempfile.TemporaryDirectory() as tmp, OpenAlexServer(works) as server:
        book = Path(tmp)
        (book / "references.bib").write_text(bib, encoding="utf-8")
        first = _run(book, server.url)
        first_requests = len(server.requests)
        server.requests.clear()
        second = _run(book, server.url)
        return {
            "papers": count,
            "first_run_s": round(first, 3),
            "first_run_requests": first_requests,
            "second_run_s": round(second, 3),
            "second_run_requests": len(server.requests),
            "file_bytes": (book / "metrics.jsonl").stat().st_size,
        }


def run(results_dir: Path) -> dict:
    results = {"sizes": [measure(n) for n in SIZES]}
    return save_results(results_dir, RESULTS_FILE, results)


def report(results: dict) -> str:
    lines = [
        "metrics benchmark: python -m analysis metrics against a local OpenAlex (1 in 6 papers "
        "found by title only, 1 in 6 not at all: one request each)",
        f"  {'papers':>7}{'first run':>20}{'second run (by id)':>26}{'metrics.jsonl':>16}",
    ]
    for row in results["sizes"]:
        lines.append(
            f"  {row['papers']:>7}"
            f"{row['first_run_s']:>9.2f} s {row['first_run_requests']:>5} req"
            f"{row['second_run_s']:>15.2f} s {row['second_run_requests']:>5} req"
            f"{row['file_bytes'] / 1000:>13.0f} KB"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run(Path(__file__).resolve().parent / "results")))
