"""`make bench`: start-up, loader throughput, the PDF CV, cold build against rebuild, Lighthouse.

Writes benchmarks/results/{startup,loader,cv,build,lighthouse}.json and prints a table of each.
These are measurements, not tests: a missed goal is reported (MISSES), and the run still ends 0.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks import build, cv, lighthouse, loader, startup

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> int:
    print(startup.report(startup.run(RESULTS)), flush=True)
    print(loader.report(loader.run(RESULTS)), flush=True)
    print(cv.report(cv.run(RESULTS)), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        print(build.report(build.run(RESULTS, book)), flush=True)
        site = book / "_build" / "html"
        print(lighthouse.report(lighthouse.run(RESULTS, site)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
