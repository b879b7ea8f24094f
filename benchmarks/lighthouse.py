"""Benchmark: Lighthouse, mobile preset, on the landing, publications, theme and analysis pages.

Goals from the issue: Performance >= 95, Accessibility 100, Best Practices >= 95, SEO 100.
The built site is served on 127.0.0.1 gzip-compressed, as GitHub Pages serves it, and audited by
the pinned npm `lighthouse` (benchmarks/package.json) driving Debian's Chromium; the median
score of several runs per page is reported, with the page weight Lighthouse measured.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from benchmarks import save_results
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, QuietHandler, serve

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
REPETITIONS = 3
RESULTS_FILE = "lighthouse.json"
PAGES = {
    "landing": "index.html",
    "publications": "chapters/publications.html",
    "theme": "chapters/physics-of-ai.html",
    "publication-record": "chapters/publication-record.html",
    "collaboration": "chapters/collaboration.html",
}
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
# The metrics behind the Performance score (Lighthouse 12 weights: TBT 30 %, LCP 25 %, CLS 25 %,
# FCP 10 %, Speed Index 10 %), kept so a lower score can be traced to its cause.
METRICS = {
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "speed_index_ms": "speed-index",
}
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".csv")


class _GzipHandler(QuietHandler):
    """Static files, text gzip-compressed when the browser asks (as on GitHub Pages)."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().do_GET()
        body = _compressed(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.cache
def _compressed(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


def audit(url: str) -> dict:
    """One Lighthouse run on `url`: the four category scores (0-100), metrics, page weight."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(GOALS)}",
                "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
                "--quiet",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            timeout=300,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * data["categories"][name]["score"]) for name in GOALS}
    audits = data["audits"]
    metrics = {key: round(audits[name]["numericValue"], 3) for key, name in METRICS.items()}
    weight = audits["total-byte-weight"]["numericValue"]
    return {**scores, **metrics, "page_weight_kb": round(weight / 1024)}


def run(results_dir: Path, site: Path, repetitions: int = REPETITIONS) -> dict:
    """Audit every page of PAGES in the built `site`; write lighthouse.json and return it."""
    pages = {}
    with serve(site, _GzipHandler) as base:
        for name, path in PAGES.items():
            runs = [audit(base + path) for _ in range(repetitions)]
            medians = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            pages[name] = {"path": path, **medians, "runs": runs}
    results = {
        "preset": "mobile (Lighthouse default: Moto G Power, simulated slow 4G)",
        "served": "127.0.0.1, gzip-compressed",
        "repetitions": repetitions,
        "goals": GOALS,
        "pages": pages,
        "meets_goals": all(
            page[name] >= goal for page in pages.values() for name, goal in GOALS.items()
        ),
    }
    return save_results(results_dir, RESULTS_FILE, results)


def report(results: dict) -> str:
    """A short table: one row per page, medians, goals in the header."""
    header = "".join(f"{name:>16}" for name in GOALS) + f"{'weight':>10}{'LCP':>9}{'TBT':>8}"
    goals = "".join(f"{'>= ' + str(goal):>16}" for goal in GOALS.values())
    lines = [
        f"Lighthouse, mobile preset: median of {results['repetitions']} runs per page",
        f"  {'page':<20}{header}",
        f"  {'goal':<20}{goals}",
    ]
    for name, page in results["pages"].items():
        scores = "".join(f"{page[key]:>16.0f}" for key in GOALS)
        lines.append(
            f"  {name:<20}{scores}{page['page_weight_kb']:>7.0f} KB"
            f"{page['lcp_ms'] / 1000:>7.1f} s{page['tbt_ms']:>5.0f} ms"
        )
    lines.append(f"  {'meets' if results['meets_goals'] else 'MISSES'} the goals")
    return "\n".join(lines)
