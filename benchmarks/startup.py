"""Benchmark: start-up of `python -m analysis check` on a small file, against a bare parse.

On a file of a few entries, start-up is most of what `check` costs: a process that imports
Sphinx, docutils, pandas or matplotlib would pay for it on every call. Both commands run as fresh
processes, interleaved, several times each; medians are reported, with the heavy packages the
command line loaded (there should be none).

Run it alone with ``python -m benchmarks.startup`` or through ``make bench``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import save_results

REPETITIONS = 7
RESULTS_FILE = "startup.json"
HEAVY = ("sphinx", "docutils", "pandas", "matplotlib")
_SMALL_BIB = "".join(
    f"@article{{p{i}, title = {{Paper {i}}}, author = {{Doe, Jane and Roe, Rick}},\n"
    f"  journal = {{Physical Review Letters}}, year = {{{2015 + i}}}}}\n\n"
    for i in range(10)
)
# Runs the command line in-process, then names the heavy packages it imported.
_PROBE = (
    "import sys, runpy; sys.argv = ['analysis', 'check', sys.argv[1]]\n"
    "try:\n    runpy.run_module('analysis', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    f"print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))\n"
)


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def run(results_dir: Path, repetitions: int = REPETITIONS) -> dict:
    """Time both side by side; write ``results_dir/startup.json`` and return the results."""
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "references.bib"
        bib.write_text(_SMALL_BIB, encoding="utf-8")
        check = [sys.executable, "-m", "analysis", "check", str(bib)]
        bare = [sys.executable, "-c", f"import bibtexparser; bibtexparser.parse_file({str(bib)!r})"]
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE, str(bib)], capture_output=True, text=True, check=True
        )
        heavy = probe.stdout.splitlines()[-1].split(",")  # the probe's last line
        _time(check), _time(bare)  # warm the file cache
        check_s, bare_s = [], []
        for _ in range(repetitions):
            check_s.append(_time(check))
            bare_s.append(_time(bare))
    check_median, bare_median = statistics.median(check_s), statistics.median(bare_s)
    results = {
        "entries": 10,
        "repetitions": repetitions,
        "bare_parse_process_s": round(bare_median, 4),
        "check_process_s": round(check_median, 4),
        "ratio": round(check_median / bare_median, 3),
        "heavy_packages_loaded": [name for name in heavy if name],
    }
    return save_results(results_dir, RESULTS_FILE, results)


def report(results: dict) -> str:
    """A short table of the results."""
    heavy = ", ".join(results["heavy_packages_loaded"]) or "none"
    return "\n".join(
        [
            f"start-up benchmark: a {results['entries']}-entry file, fresh processes, "
            f"median of {results['repetitions']}",
            f"  {'python -c bibtexparser.parse_file':<36}{results['bare_parse_process_s']:>7.3f} s",
            f"  {'python -m analysis check':<36}{results['check_process_s']:>7.3f} s",
            f"  ratio {results['ratio']:.2f}x; heavy packages loaded ({', '.join(HEAVY)}): {heavy}",
        ]
    )


if __name__ == "__main__":
    print(report(run(Path(__file__).resolve().parent / "results")))
