"""Benchmark: the cold build (`make clean && make book`) against the rebuild after adding a paper.

The issue's goal: the rebuild after adding one paper to references.bib costs at most a third of
the cold build. Both run in a temporary copy of the book (never in the working tree), with the
same command and flags as `make book`; medians of several repetitions are reported.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

from benchmarks import save_results
from tests.support.book import build_book, copy_book

REPETITIONS = 3
GOAL_RATIO = 1 / 3
RESULTS_FILE = "build.json"
# A valid paper on a theme page, so the rebuild touches the lists, the theme and the charts.
NEW_PAPER = """
@article{benchmark2025added,
  title = {A Paper Added by the Build Benchmark},
  author = {Liu, Ziming and Tegmark, Max},
  journal = {arXiv preprint arXiv:2501.00001},
  year = {2025},
  eprint = {2501.00001},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2501.00001},
  themes = {physics-of-ai},
}
"""


def _timed_build(book: Path) -> float:
    start = time.perf_counter()
    proc = build_book(book)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = proc.stdout[-3000:] + proc.stderr[-3000:]
        raise RuntimeError(f"the benchmark build failed:\n{tail}")
    return elapsed


def run(results_dir: Path, book: Path, repetitions: int = REPETITIONS) -> dict:
    """Time cold builds and rebuilds in `book`, a scratch folder left built from the real bib."""
    copy_book(book)
    bib = book / "references.bib"
    original = bib.read_text(encoding="utf-8")
    cold, rebuild, unchanged = [], [], []
    for _ in range(repetitions):
        bib.write_text(original, encoding="utf-8")
        shutil.rmtree(book / "_build", ignore_errors=True)  # what `make clean` does
        cold.append(_timed_build(book))
        bib.write_text(original + NEW_PAPER, encoding="utf-8")
        rebuild.append(_timed_build(book))
        unchanged.append(_timed_build(book))  # a second `make book` with nothing changed
    # Leave the book built as it is (without the extra paper) for the Lighthouse audit.
    bib.write_text(original, encoding="utf-8")
    _timed_build(book)
    cold_s, rebuild_s = statistics.median(cold), statistics.median(rebuild)
    results = {
        "repetitions": repetitions,
        "cold_build_s": round(cold_s, 2),
        "rebuild_after_adding_a_paper_s": round(rebuild_s, 2),
        "rebuild_unchanged_s": round(statistics.median(unchanged), 2),
        "cold_runs_s": [round(t, 2) for t in cold],
        "rebuild_runs_s": [round(t, 2) for t in rebuild],
        "ratio": round(rebuild_s / cold_s, 3),
        "goal_ratio": round(GOAL_RATIO, 3),
        "meets_goal": rebuild_s / cold_s <= GOAL_RATIO,
    }
    return save_results(results_dir, RESULTS_FILE, results)


def report(results: dict) -> str:
    """A short table of the results."""
    verdict = "meets" if results["meets_goal"] else "MISSES"
    return "\n".join(
        [
            f"build benchmark: median of {results['repetitions']}",
            f"  {'cold (make clean; make book)':<32}{results['cold_build_s']:>8.1f} s",
            f"  {'rebuild after adding a paper':<32}"
            f"{results['rebuild_after_adding_a_paper_s']:>8.1f} s",
            f"  ratio {results['ratio']:.2f} ({verdict} the goal of at most 1/3)",
            f"  {'rebuild with nothing changed':<32}{results['rebuild_unchanged_s']:>8.1f} s",
        ]
    )
