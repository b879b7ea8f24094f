"""Fuzzing the loader and the writer with mutants of real BibTeX shapes.

    python -m benchmarks.fuzz [DIR] [--mutants N] [--seed S]     (make fuzz [DIR=...])

Seeds are the ``.bib`` files of DIR (default: ``tests/fixtures/fuzz``, small files of this
project's own in the shapes of al-folio, ADS, DBLP, INSPIRE and arXiv exports). Each mutant
applies one to three of :data:`MUTATORS`, the mutations that broke the loader before:
truncation, unbalanced braces and quotes, deep TeX nesting, odd bytes (NUL, BOM, full-width
digits), numbers past Python's int-string limit, doubling ``@string`` chains, ``crossref``
cycles. Every mutant goes through ``python -m analysis check`` (in this process, its ``main``)
and, when it loads, through ``add`` into a copy of a small book. It counts:

- tracebacks: an exception escaped (``check`` printing "internal error", exit code 3);
- bad exits: an exit code other than 0, 1 or 2, or a message line that is not located;
- hangs: a run past :data:`HANG_SECONDS`;
- silent drops: entries (read with a regular expression, not the loader) that are neither a
  paper, nor a crossref parent, nor named by a message;
- writer failures: ``add`` changed the old bytes, or added a paper that does not load back.

Results go to ``benchmarks/results/fuzz.json``; the property tests in ``tests/test_fuzz.py``
run the same mutators through Hypothesis, bounded for ``make test``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry

from analysis.bib.blocks import line_of
from analysis.bib.loader import blank_front_matter, parse_bibliography
from analysis.cli import main as cli_main
from analysis.cli.add import AddRefusedError, plan_addition
from analysis.settings import Settings
from benchmarks import save_results
from benchmarks.realworld import entries_in

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "fuzz"
RESULTS = Path(__file__).resolve().parent / "results"
HANG_SECONDS = 20
OWNER = Settings(owner=("Ada Lovelace",))
_LOCATED = r"^(?:\S.*?):\d+: "
_LINE_START_RE = re.compile(r"@\s*(?:string|comment|preamble)")
_ODD = ["{", "}", '"', ",", "=", "@", "#", "\\", "\x00", "\ufeff", "\n", "==", "}}", "{{"]


def _at(text: str, where: int) -> int:
    return where % (len(text) + 1)


def truncate(text: str, where: int, size: int) -> str:
    return text[: _at(text, where)]


def insert_odd(text: str, where: int, size: int) -> str:
    i = _at(text, where)
    return text[:i] + _ODD[size % len(_ODD)] + text[i:]


def delete_span(text: str, where: int, size: int) -> str:
    i = _at(text, where)
    return text[:i] + text[i + size % 12 + 1 :]


def duplicate_span(text: str, where: int, size: int) -> str:
    i = _at(text, where)
    return text[:i] + text[i : i + size % 200] * 2 + text[i + size % 200 :]


def deep_nesting(text: str, where: int, size: int) -> str:
    """``\\textbf{`` or ``$\\sqrt{`` hundreds deep, in a title (where the decoders recurse)."""
    opener = ("\\textbf{", "$\\sqrt{", "{", "\\emph{", "\\(\\frac{")[size % 5]
    depth = 50 + size % 400
    closer = "}" * depth + ("$" if "$" in opener else "") + ("\\)" if "(" in opener else "")
    return (
        text.replace("title", "title", 1).replace(
            "title = {", "title = {" + opener * depth + "x" + closer, 1
        )
        if "title = {" in text
        else text + f"\n@misc{{deep,\n title = {{{opener * depth}x{closer}}}\n}}\n"
    )


def huge_number(text: str, where: int, size: int) -> str:
    name = ("year", "month", "day", "equal_contribution")[size % 4]
    digits = "1" * (4301 + size)
    return (
        text + f"\n@misc{{big{size},\n title = {{T}}, author = {{A B}}, {name} = {{{digits}}}\n}}\n"
    )


def odd_digits(text: str, where: int, size: int) -> str:
    year = ("２０２０", "٢٠٢٠", "{{\\noopsort{a}}}", "20x4", "")[size % 5]
    return text + f"\n@misc{{odd{size},\n title = {{T}}, author = {{A B}}, year = {{{year}}}\n}}\n"


def undefined_title(text: str, where: int, size: int) -> str:
    value = ("undefinedmacro", "== {A}", '"A, "B', "{\x00A}", "\ufeff{A}", "loop")[size % 6]
    prefix = "@string{loop = loop}\n" if value == "loop" else ""
    return (
        text + f"\n{prefix}@misc{{u{size},\n title = {value},\n author = {{A B}}, year = 2020\n}}\n"
    )


def string_chain(text: str, where: int, size: int) -> str:
    """``@string{bN = bN-1 # bN-1}``: doubles at each step (a billion laughs in BibTeX)."""
    steps = 20 + size % 30
    chain = '@string{b0 = "xx"}\n' + "".join(
        f"@string{{b{i} = b{i - 1} # b{i - 1}}}\n" for i in range(1, steps)
    )
    entry = f"@article{{chain,\n title={{T}}, author={{A B}}, year=2020, journal=b{steps - 1}}}\n"
    return chain + text + "\n" + entry


def crossref_cycle(text: str, where: int, size: int) -> str:
    n = 1 + size % 3
    keys = [f"c{size}x{i}" for i in range(n)]
    entries = "".join(
        f"@inproceedings{{{key},\n title = {{T {key}}}, author = {{A B}}, year = 2020,"
        f" crossref = {{{keys[(i + 1) % n]}}}\n}}\n"
        for i, key in enumerate(keys)
    )
    return text + "\n" + entries


# Valid but unusual: what a loader must read (and add must write back) without a complaint.
TRICKY = [
    "title = {A <script>alert(8)</script> & B}, author = {Lovelace, Ada}, year = 2021",
    "title = {$\\sqrt{\\sqrt{x}}$ and \\textbf{\\emph{y}}}, author = {A B}, year = 2022",
    'title = "Quoted {Title}", author = "Lovelace, Ada and others", year = "2023"',
    "title = {Ünïcödé 标题}, author = {Lovelace, Ada}, year = {2020}, month = {8}, day = 12",
    "title = {T}, author = {A B}, date = {2019-03-04}",
    "title = {T}, editor = {A B}, year = 2018",
    "title = {T}, author = {A B}, year = {{\\noopsort{a}}2017}",
    "title = {T}, author = {A B}, year = 2016, url = {www.example.org/x}",
]


def valid_tricky(text: str, where: int, size: int) -> str:
    kind = ("article", "inproceedings", "misc", "book")[where % 4]
    return text + f"\n@{kind}{{t{size}x{where},\n  {TRICKY[size % len(TRICKY)]}\n}}\n"


MUTATORS = [
    truncate, insert_odd, delete_span, duplicate_span, deep_nesting, huge_number, odd_digits,
    undefined_title, string_chain, crossref_cycle, valid_tricky, valid_tricky, valid_tricky,
]  # fmt: skip


def mutate(text: str, steps: list[tuple[int, int, int]]) -> str:
    """Apply ``(mutator index, where, size)`` steps in order."""
    for index, where, size in steps:
        text = MUTATORS[index % len(MUTATORS)](text, where, size)
    return text


@dataclass
class Outcome:
    """What one mutant did."""

    code: int
    traceback: bool = False
    unlocated: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    writer: str = ""  # what the writer did wrong, "" when nothing


class HangError(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: int):
    """Raise :class:`HangError` after `seconds` (SIGALRM: the main thread of a Unix process)."""

    def stop(signum, frame):
        raise HangError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_mutant(text: str, folder: Path) -> Outcome:
    """Run ``check`` on `text` and count what went wrong (no writer)."""
    bib = folder / "references.bib"
    bib.write_text(text, encoding="utf-8", errors="surrogatepass")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["check", str(bib)])
    lines = err.getvalue().splitlines()
    outcome = Outcome(code, traceback="internal error" in err.getvalue() or code == 3)
    outcome.unlocated = [
        line for line in lines if not re.match(_LOCATED, line) and not line.startswith(str(bib))
    ]
    if code not in (0, 1, 2):
        outcome.unlocated.append(f"exit code {code}")
    if code in (0, 1):
        outcome.dropped = silent_drops(text)
    return outcome


def silent_drops(text: str) -> list[str]:
    """Keys of entries that are neither papers, nor crossref parents, nor named by a message:
    the entries bibtexparser sees, and those a regular expression finds (in case it swallowed
    one). Like bibtexparser, ``@stringx{`` is a @string."""
    bibliography = parse_bibliography(text, "references.bib", OWNER)
    named = {p.key for p in bibliography.problems} | {p.line for p in bibliography.problems}
    papers, parents = bibliography.by_key(), set(bibliography.parents)
    clean = blank_front_matter(text.removeprefix("\ufeff"))
    library = bibtexparser.parse_string(clean, parse_stack=[])
    seen = [(line_of(b), b.key) for b in library.blocks if isinstance(b, Entry)]
    found = [
        (line, key)
        for line, key in entries_in(clean)
        if not _LINE_START_RE.match(clean.splitlines()[line - 1].lstrip().lower())
    ]
    return sorted(
        {
            key
            for line, key in seen + found
            if key not in papers and key not in parents and key not in named and line not in named
        }
    )


def add_mutant(text: str, book: Path) -> tuple[str, int]:
    """Plan adding the mutant's papers to `book`: (what went wrong or "", papers added). The
    old text must stay the prefix, and every added paper must load back without an error."""
    bib = book / "references.bib"
    old = bib.read_bytes().decode("utf-8")
    try:
        plan = plan_addition([("new.bib", text)], bib, themes=[], selected=False)
    except AddRefusedError:
        return "", 0
    loaded = parse_bibliography(old + plan.new_text, bib, OWNER)
    if loaded.errors:
        return f"the added text has errors: {loaded.errors[0]}", len(plan.added)
    missing = {e.key for e in plan.added} - set(loaded.by_key())
    return (f"added papers that do not load back: {sorted(missing)}" if missing else ""), len(
        plan.added
    )


def run(seeds: list[Path], mutants: int, seed: int) -> dict:
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # the loader reports failures
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    counts: Counter = Counter()
    examples: dict[str, list[str]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder, book = Path(tmp) / "check", Path(tmp) / "book"
        folder.mkdir()
        book.mkdir()
        (book / "references.bib").write_text(texts[0], encoding="utf-8")
        for number in range(mutants):
            steps = [
                (rng.randrange(len(MUTATORS)), rng.randrange(1 << 20), rng.randrange(1 << 10))
                for _ in range(rng.randint(1, 3))
            ]
            text = mutate(rng.choice(texts), steps)
            counts["runs"] += 1
            try:
                with time_limit(HANG_SECONDS):
                    outcome = check_mutant(text, folder)
                    writer, added = add_mutant(text, book) if outcome.code == 0 else ("", 0)
                    counts["papers added by add"] += added
            except HangError:
                counts["hangs"] += 1
                examples.setdefault("hangs", []).append(repr(steps))
                continue
            except Exception as exc:  # noqa: BLE001 - what the fuzzer exists to count
                counts["tracebacks"] += 1
                examples.setdefault("tracebacks", []).append(f"{steps}: {exc!r}"[:300])
                continue
            counts[f"exit {outcome.code}"] += 1
            for name, bad in (
                ("tracebacks", outcome.traceback),
                ("unlocated messages", outcome.unlocated),
                ("silent drops", outcome.dropped),
                ("writer failures", writer),
            ):
                if bad:
                    counts[name] += 1
                    examples.setdefault(name, []).append(f"{steps}: {str(bad)[:200]}")
            if number and number % 500 == 0:
                print(f"  {number} mutants, {time.perf_counter() - started:.0f} s", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
    keys = ("runs", "tracebacks", "hangs", "silent drops", "unlocated messages", "writer failures",
            "papers added by add")  # fmt: skip
    return {
        "seeds": [p.name for p in seeds],
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
        "counts": {k: counts.get(k, 0) for k in keys}
        | {k: v for k, v in sorted(counts.items()) if k.startswith("exit")},
        "examples": {k: v[:5] for k, v in examples.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.fuzz",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=SEEDS,
        help="folder of seed .bib files (default: tests/fixtures/fuzz)",
    )
    parser.add_argument("--mutants", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args(argv)
    seeds = sorted(args.dir.glob("*.bib"))
    if not seeds:
        print(f"no .bib files in {args.dir}", file=sys.stderr)
        return 2
    results = run(seeds, args.mutants, args.seed)
    save_results(RESULTS, "fuzz.json", results)
    for key, value in results["counts"].items():
        print(f"  {key:<20} {value:>7,}")
    for key, lines in results["examples"].items():
        print(f"{key}:")
        for line in lines:
            print(f"    {line}")
    bad = sum(
        results["counts"][k]
        for k in ("tracebacks", "hangs", "silent drops", "unlocated messages", "writer failures")
    )
    print(
        f"{results['counts']['runs']:,} mutants in {results['seconds']} s: "
        + ("no failure" if not bad else f"{bad} FAILURES")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
