"""`make bench`: command-line start-up, loader throughput, titles with math, the PDF CV, `sync`
of a 300-work record, `metrics` for 32 and 1,000 papers against a local OpenAlex, cold build
against rebuild, Lighthouse.

Writes benchmarks/results/{startup,loader,titles,cv,sync,metrics,build,lighthouse,
lighthouse-scale}.json and prints a short table of each.
These are measurements, not tests: a missed goal is reported (MISSES), and the run still ends 0.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks import build, cv, lighthouse, loader, metrics, startup, sync, titles

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> int:
    print(startup.report(startup.run(RESULTS)), flush=True)
    print(loader.report(loader.run(RESULTS)), flush=True)
    print(titles.report(titles.run(RESULTS)), flush=True)
    print(cv.report(cv.run(RESULTS)), flush=True)
    print(sync.report(sync.run(RESULTS)), flush=True)
    print(metrics.report(metrics.run(RESULTS)), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        print(build.report(build.run(RESULTS, book)), flush=True)
        site = book / "_build" / "html"
        print(lighthouse.report(lighthouse.run(RESULTS, site)), flush=True)
    print(lighthouse.report_scale(lighthouse.run_scale(RESULTS)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
