"""Benchmark: `python -m analysis check` (load and validate) against a bare bibtexparser parse.

The issue's goal: checking a 20,000-entry bibliography costs at most 1.5x the wall time of
``bibtexparser.parse_file`` on the same file, for two shapes: "rich" al-folio entries (LaTeX
names, macros, abstracts, many fields) and "lean" Google Scholar entries (title, author, venue,
year, url), where the parse is cheap and any per-entry cost of ours shows most. Both are timed
side by side in one run, several repetitions each, interleaved so that machine noise hits both
alike; medians are reported.

Run it alone with ``python -m benchmarks.loader`` or through ``make bench``.
"""

from __future__ import annotations

import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bibtexparser

from analysis.bib.loader import load_bibliography
from analysis.settings import Settings
from benchmarks import save_results

ENTRIES = 20_000
REPETITIONS = 5
GOAL_RATIO = 1.5
RESULTS_FILE = "loader.json"

# A realistic mix: accented names (in LaTeX), braces in titles, every venue form the book
# meets, @string macros, al-folio fields, abstracts on some entries.
_FIRST = ["Ziming", "Max", "Marin", "Erwin", "Jürgen", "Ana", "Yixuan", "Ila", "Eric", "Sachin"]
_LAST = [
    "Liu", "Tegmark", r"Solja{\v{c}}i{\'c}", r"Schr{\"o}dinger", r"M{\"u}ller", r"Gonz{\'a}lez",
    "Wang", "Fiete", "Michaud", r"Ruehle", r"Nov{\'a}k", r"{\O}stergaard",
]  # fmt: skip
_WORDS = (
    "neural scaling laws grokking symmetry physics networks learning representation "
    "diffusion interpretable conservation quantum field theory Kolmogorov Arnold"
).split()
_VENUES = [
    ("journal", "{Phys. Rev. Lett.}"), ("journal", "prl"), ("journal", "{Phys. Rev. E}"),
    ("journal", "{Entropy}"), ("journal", "{Nature}"),
    ("journal", "{The European Physical Journal C}"),
    ("booktitle", "{Advances in Neural Information Processing Systems}"),
    ("booktitle", "{Thirty-seventh Conference on Neural Information Processing Systems}"),
    ("booktitle", "neurips # { 2023 UniReps workshop}"), ("booktitle", "{ICLR (Spotlight)}"),
    ("booktitle", "{Proceedings of the 40th International Conference on Machine Learning}"),
    ("journal", "{arXiv preprint arXiv:2310.02258}"), ("journal", '"arXiv:2404.19756"'),
]  # fmt: skip
_STRINGS = '@string{prl = {Physical Review Letters}}\n@string{neurips = "NeurIPS"}\n\n'


def synthetic_bibliography(n: int = ENTRIES, seed: int = 0) -> str:
    """BibTeX text with `n` distinct, valid papers (seeded, so every run measures the same file)."""
    rng = random.Random(seed)
    parts = ["---\n---\n\n", _STRINGS]
    for i in range(n):
        authors = " and ".join(
            f"{rng.choice(_LAST)}, {rng.choice(_FIRST)}" for _ in range(rng.randint(1, 8))
        )
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 10)))
        field, venue = rng.choice(_VENUES)
        entry_type = "article" if field == "journal" else "inproceedings"
        arxiv = f"{rng.randint(18, 24):02d}{rng.randint(1, 12):02d}.{i:05d}"
        lines = [
            f"@{entry_type}{{paper{i},",
            f"  title = {{{{KAN}} {i}: {words.capitalize()} for {{$\\alpha$}}-{{PDE}}s}},",
            f"  author = {{{authors}}},",
            f"  {field} = {venue},",
            f"  year = {{{rng.randint(2015, 2024)}}},",
            f"  eprint = {{{arxiv}}},",
            "  archiveprefix = {arXiv},",
            f"  pdf = {{https://arxiv.org/pdf/{arxiv}}},",
            f"  keywords = {{{rng.choice(['physics-of-ai', 'ai-for-science', 'math-for-ai'])}}},",
            f"  abbr = {{{venue.strip('{}')[:8]}}}, bibtex_show = {{true}},",
            f"  preview = {{p{i}.png}},",
        ]
        if rng.random() < 0.3:
            lines.append(f"  selected = {{true}}, code = {{https://github.com/x/p{i}}},")
        if rng.random() < 0.5:
            abstract = " ".join(rng.choice(_WORDS) for _ in range(120))
            lines.append(f"  abstract = {{We study {{$\\mathcal{{O}}(n)$}} {abstract}.}},")
        parts.append("\n".join(lines) + "\n}\n\n")
    return "".join(parts)


# Scholar's export: few fields, plain names, a venue the tables mostly know.
_LEAN_VENUES = [
    ("journal", "Physical Review Letters"), ("journal", "Nature"),
    ("journal", "arXiv preprint arXiv:2404.19756"), ("journal", "Journal of Obscure Results"),
    ("booktitle", "Advances in Neural Information Processing Systems"),
    ("booktitle", "International Conference on Machine Learning"),
    ("booktitle", "Proceedings of the 12th Annual Meeting of Somewhere"),
]  # fmt: skip
_PLAIN_LAST = ["Liu", "Tegmark", "Soljacic", "Wang", "Fiete", "Michaud", "Ruehle", "Novak"]


def lean_bibliography(n: int = ENTRIES, seed: int = 0) -> str:
    """`n` Google-Scholar-shaped entries: title, author, journal or booktitle, year, url."""
    rng = random.Random(seed)
    parts = []
    for i in range(n):
        authors = " and ".join(
            f"{rng.choice(_PLAIN_LAST)}, {rng.choice(_FIRST)}" for _ in range(rng.randint(1, 6))
        )
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 10)))
        field, venue = rng.choice(_LEAN_VENUES)
        entry_type = "article" if field == "journal" else "inproceedings"
        parts.append(
            f"@{entry_type}{{scholar{i},\n  title={{{words.capitalize()} {i}}},\n"
            f"  author={{{authors}}},\n  {field}={{{venue}}},\n"
            f"  year={{{rng.randint(2000, 2024)}}},\n  url={{https://example.org/p{i}}}\n}}\n\n"
        )
    return "".join(parts)


SHAPES = {"rich": synthetic_bibliography, "lean": lean_bibliography}


def _time(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def _measure(text: str, repetitions: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "references.bib"
        bib.write_text(text, encoding="utf-8")
        settings = Settings(owner=("Ziming Liu",))
        # One untimed round of each: imports, caches of compiled patterns.
        papers = len(load_bibliography(bib, settings).papers)
        bibtexparser.parse_file(str(bib))
        parse, check = [], []
        for _ in range(repetitions):
            parse.append(_time(bibtexparser.parse_file, str(bib)))
            check.append(_time(load_bibliography, bib, settings))
    parse_s, check_s = statistics.median(parse), statistics.median(check)
    return {
        "papers_loaded": papers,
        "bibtexparser_parse_file_s": round(parse_s, 4),
        "check_s": round(check_s, 4),
        "ratio": round(check_s / parse_s, 3),
        "meets_goal": check_s / parse_s <= GOAL_RATIO,
        "parse_entries_per_s": round(papers / parse_s),
        "check_entries_per_s": round(papers / check_s),
    }


def run(results_dir: Path, entries: int = ENTRIES, repetitions: int = REPETITIONS) -> dict:
    """Time both shapes side by side; write ``results_dir/loader.json`` and return the results."""
    shapes = {name: _measure(make(entries), repetitions) for name, make in SHAPES.items()}
    results = {
        "entries": entries,
        "repetitions": repetitions,
        "goal_ratio": GOAL_RATIO,
        "meets_goal": all(shape["meets_goal"] for shape in shapes.values()),
        "shapes": shapes,
        "python": platform.python_version(),
        "bibtexparser": bibtexparser.__version__,
    }
    return save_results(results_dir, RESULTS_FILE, results)


def report(results: dict) -> str:
    """A short table of the results, one block per shape."""
    entries, repetitions = results["entries"], results["repetitions"]
    lines = [f"loader benchmark: {entries:,} entries, median of {repetitions}"]
    for name, shape in results["shapes"].items():
        verdict = "meets" if shape["meets_goal"] else "MISSES"
        lines += [
            f"  {name} entries",
            f"    {'bibtexparser.parse_file':<26}{shape['bibtexparser_parse_file_s']:>8.2f} s"
            f"{shape['parse_entries_per_s']:>10,} entries/s",
            f"    {'check (load + validate)':<26}{shape['check_s']:>8.2f} s"
            f"{shape['check_entries_per_s']:>10,} entries/s",
            f"    ratio {shape['ratio']:.2f}x ({verdict} the goal of {results['goal_ratio']}x)",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    outcome = run(Path(__file__).resolve().parent / "results")
    print(report(outcome))
    sys.exit(0 if outcome["meets_goal"] else 1)
