"""Benchmark: the cost of reading titles with math, as plain Unicode (check) and MathML (pages).

``check`` reads every title to plain Unicode; a page converts each formula to MathML with
latex2mathml (imported only then). Titles here are real shapes (ADS, INSPIRE, DBLP) with a number
that varies, so that no cache hides the cost. Run alone with ``python -m benchmarks.titles``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmarks import save_results

TITLES = 2_000
RESULTS_FILE = "titles.json"
SHAPES = (
    r"Search for $B\to K^\ast\mu^+\mu^-$ decays at {i} GeV",
    r"H$_2$CO and $^{{12}}$CO in cloud {i} at 5 km s$^{{-1}}$",
    r"Bounds on $\langle\sigma v\rangle < 10^{{-{i}}}$",
    r"A $\sqrt{{{i}\alpha}}$ law for $\bar\nu_e$ and $\overline{{B}}^0$",
    r"Lower Bounds for AC\({{}}^{{\mbox{{{i}}}}}\) Circuits",
)


def titles(n: int = TITLES) -> list[str]:
    return [SHAPES[i % len(SHAPES)].format(i=i) for i in range(n)]


def run(results_dir: Path, n: int = TITLES) -> dict:
    """Time plain Unicode and MathML for `n` titles; write ``results_dir/titles.json``."""
    from analysis.bib.latex import latex_to_unicode, title_html

    sources = titles(n)
    start = time.perf_counter()
    for title in sources:
        latex_to_unicode(title)
    plain_s = time.perf_counter() - start
    start = time.perf_counter()
    import latex2mathml.converter  # noqa: F401 - timed: the import a page build pays once

    import_s = time.perf_counter() - start
    start = time.perf_counter()
    for title in sources:
        title_html(title)
    html_s = time.perf_counter() - start
    results = {
        "titles": n,
        "plain_us_per_title": round(plain_s / n * 1e6, 1),
        "latex2mathml_import_s": round(import_s, 3),
        "mathml_us_per_title": round(html_s / n * 1e6, 1),
    }
    return save_results(results_dir, RESULTS_FILE, results)


def report(results: dict) -> str:
    return "\n".join(
        [
            f"titles benchmark: {results['titles']:,} titles with math, each distinct",
            f"  plain Unicode (check)   {results['plain_us_per_title']:>8.1f} µs/title",
            f"  MathML (page)           {results['mathml_us_per_title']:>8.1f} µs/title"
            f" (+ {results['latex2mathml_import_s']:.2f} s to import latex2mathml, once)",
        ]
    )


if __name__ == "__main__":
    print(report(run(Path(__file__).resolve().parent / "results")))
    sys.exit(0)
