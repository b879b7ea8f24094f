"""Benchmark: building the PDF CV, its time and its size (goals: under 1 s, under 200 KB).

Times ``python -m analysis cv --pdf`` as a user runs it (a fresh process: start-up, loading
cv.yaml and references.bib, both PDFs), and in-process the compile of each PDF alone; also with
the bibliography grown to 250 synthetic papers, to see how the CV scales with a long career.
Medians of several repetitions.

Run it alone with ``python -m benchmarks.cv`` or through ``make bench``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.bib.loader import load_bibliography
from analysis.cv.data import load_cv
from analysis.cv.pdf import compile_pdf, document_data
from analysis.settings import Settings
from benchmarks import save_results

REPO = Path(__file__).resolve().parents[1]
REPETITIONS = 5
RESULTS_FILE = "cv.json"
GOAL_SECONDS, GOAL_BYTES = 1.0, 200_000
SYNTHETIC = 250


def _synthetic(count: int) -> str:
    return "".join(
        f"\n@inproceedings{{bench{i},\n"
        f"  title = {{Synthetic Paper Number {i} on Neural Physics}},\n"
        f"  author = {{Liu, Ziming and Doe, Jane and Roe, Rick and Tegmark, Max}},\n"
        f"  booktitle = {{Advances in Neural Information Processing Systems}},\n"
        f"  year = {{{2000 + i % 25}}},\n  eprint = {{2401.{i:05d}}},\n"
        f"  archiveprefix = {{arXiv}},\n}}\n"
        for i in range(count)
    )


def _book(folder: Path, extra_papers: int) -> Path:
    for name in ("_config.yml", "cv.yaml"):
        shutil.copy2(REPO / name, folder / name)
    bib = (REPO / "references.bib").read_text(encoding="utf-8")
    (folder / "references.bib").write_text(bib + _synthetic(extra_papers), encoding="utf-8")
    return folder


def _median(action, repetitions: int) -> float:
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _measure(book: Path, repetitions: int) -> dict:
    settings = Settings.from_book(book)
    papers = load_bibliography(book / "references.bib", settings).papers
    cv = load_cv(book, settings)
    result = {"papers": len(papers)}
    for kind in ("cv", "publications"):
        data = document_data(cv, papers, settings, kind)
        pdf = compile_pdf(data)
        seconds = _median(lambda data=data: compile_pdf(data), repetitions)
        result[f"{kind}_compile_s"] = round(seconds, 4)
        result[f"{kind}_bytes"] = len(pdf)
    command = [sys.executable, "-m", "analysis", "cv", "--bib", str(book / "references.bib")]
    command += ["--pdf", str(book / "cv.pdf"), "--publications", str(book / "publications.pdf")]
    subprocess.run(command, check=True, capture_output=True)  # warm the file cache
    result["command_s"] = round(
        _median(lambda: subprocess.run(command, check=True, capture_output=True), repetitions), 4
    )
    return result


def run(results_dir: Path, repetitions: int = REPETITIONS) -> dict:
    """Measure this book's CV and a 250-paper one; write ``results_dir/cv.json``."""
    with tempfile.TemporaryDirectory() as tmp:
        own = _measure(_book(Path(tmp), 0), repetitions)
    with tempfile.TemporaryDirectory() as tmp:
        grown = _measure(_book(Path(tmp), SYNTHETIC), repetitions)
    results = {
        "repetitions": repetitions,
        "goal_seconds": GOAL_SECONDS,
        "goal_bytes": GOAL_BYTES,
        "book": own,
        "grown": grown,
        "meets_goals": own["command_s"] < GOAL_SECONDS and own["cv_bytes"] < GOAL_BYTES,
    }
    return save_results(results_dir, RESULTS_FILE, results)


def report(results: dict) -> str:
    """A short table of the results."""
    lines = [
        f"PDF CV benchmark: median of {results['repetitions']}; goal under "
        f"{results['goal_seconds']:.0f} s and {results['goal_bytes'] // 1000} KB",
        f"  {'bibliography':<22}{'cv.pdf':>18}{'publications.pdf':>20}{'analysis cv':>14}",
    ]
    for label, row in (("this book", results["book"]), ("grown", results["grown"])):
        name = f"{label} ({row['papers']} papers)"
        lines.append(
            f"  {name:<22}"
            f"{row['cv_compile_s']:>7.3f} s {row['cv_bytes'] / 1000:>6.0f} KB"
            f"{row['publications_compile_s']:>9.3f} s {row['publications_bytes'] / 1000:>6.0f} KB"
            f"{row['command_s']:>12.3f} s"
        )
    lines.append(
        "  goals met" if results["meets_goals"] else "  MISSES: the CV of this book misses a goal"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run(Path(__file__).resolve().parent / "results")))
