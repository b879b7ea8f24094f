"""Benchmark: real researchers' .bib files, one row each: what the loader makes of them.

    python -m benchmarks.realworld DIR [--owners FILE] [--owner FILE.bib="First Last"]...

For every ``DIR/*.bib`` it loads the file as ``check`` does (with the file's owner, from
``benchmarks/realworld_owners.yaml`` or ``--owner``) and counts, independently of the loader
where it can:

- entries: ``@type{`` blocks in the file (not @string, @comment, @preamble);
- papers, errors, warnings, notes (venues in no table), crossref parents;
- lost: entries that are neither a paper, nor a crossref parent, nor named by a located
  problem (must be 0);
- valid rejected: entries BibTeX accepts (they parse, and have the fields BibTeX's standard
  styles require of their type, after crossref) that did not become papers;
- ADS journals: papers whose journal is an AASTeX macro (``{\\apj}``) and how many of them are
  counted as journals;
- raw TeX titles: paper titles (as ``Paper.title``, the text the site shows) holding ``\\``,
  ``$``, a brace, ``^`` or ``_``;
- owner: papers where the owner is found among the authors;
- check: whether ``check`` passes (no errors);
- venues: distinct venue strings as written, and the venues the loader makes of them;
- builds (with ``--build``): whether ``init`` makes a book of the file and Jupyter Book builds
  it strictly (``-n -W --keep-going``, as ``make book``); slow: a book a file;
- by hand, pair F1: where ``benchmarks/venue_groups/<file>.yaml`` groups the file's venues by
  hand, the number of venues there and the F1 score, over pairs of papers, of "same venue or
  not" in the loader's grouping against the hand grouping (``--groups`` names another folder).

The rows are written to ``benchmarks/results/realworld.json``; the table is printed. A column
is one entry of COLUMNS and one key of each row, so more (e.g. whether ``init`` + ``make book``
build the file) can be added beside these.
"""

from __future__ import annotations

import argparse
import itertools
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from analysis.bib.loader import (
    blank_comment_blocks,
    blank_front_matter,
    evaluated_entries,
    parse_bibliography,
    read_bib,
)
from analysis.bib.macros import JOURNAL_MACROS, NON_JOURNAL_MACROS
from analysis.bib.model import Bibliography, BibliographyError, Paper
from analysis.settings import Settings
from benchmarks import save_results

RESULTS = Path(__file__).resolve().parent / "results"
OWNERS_FILE = Path(__file__).resolve().parent / "realworld_owners.yaml"
GROUPS_DIR = Path(__file__).resolve().parent / "venue_groups"
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
RESULTS_FILE = "realworld.json"
# (row key, header); the order of the printed table.
COLUMNS = [
    ("file", "file"),
    ("entries", "entries"),
    ("papers", "papers"),
    ("errors", "errors"),
    ("warnings", "warnings"),
    ("notes", "notes"),
    ("parents", "parents"),
    ("lost", "lost"),
    ("valid_rejected", "valid rejected"),
    ("ads_journals", "ADS journals"),
    ("raw_tex_titles", "raw TeX titles"),
    ("owner", "owner found"),
    ("check", "check"),
    ("builds", "builds"),
    ("venues_written", "venues written"),
    ("venues", "venues"),
    ("venues_by_hand", "by hand"),
    ("pair_f1", "pair F1"),
    ("seconds", "s"),
]
# Fields BibTeX's standard styles require of each entry type ("a|b": either one).
REQUIRED = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "booklet": ("title",),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}
_ENTRY_RE = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.M)
_NOT_ENTRIES = {"string", "comment", "preamble"}
_JOURNAL_MACRO_RE = re.compile(r"\bjournal\s*=\s*[{\"]?\s*\{?\s*\\([A-Za-z]+)\s*\}?", re.I)
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")  # Sphinx colours its messages
_RAW_TEX_RE = re.compile(r"[\\${}^_]")


def entries_in(text: str) -> list[tuple[int, str]]:
    """(line, key) of every entry block, read with a regular expression, not the loader; an
    entry inside a ``@comment{...}`` block is commented out, as BibTeX and bibtex-ruby read it."""
    text = blank_comment_blocks(text)
    return [
        (text.count("\n", 0, m.start()) + 1, m.group(2))
        for m in _ENTRY_RE.finditer(text)
        if m.group(1).lower() not in _NOT_ENTRIES
    ]


def bibtex_valid_keys(text: str) -> set[str]:
    """Keys of the entries that BibTeX accepts: parsable, and with their type's required fields
    (after crossref inheritance). A field given twice is accepted: BibTeX keeps the first."""
    fields_of, types = {}, {}
    for block, fields in evaluated_entries(text):
        if block.key:
            fields_of[block.key] = {name.lower(): value for name, value in fields}
            types[block.key] = block.entry_type.lower()
    by_lower = {key.lower(): fields for key, fields in fields_of.items()}
    valid = set()
    for key, fields in fields_of.items():
        parent = by_lower.get(fields.get("crossref", "").strip().lower(), {})
        merged = {**parent, **fields}
        required = REQUIRED.get(types[key], ())
        if all(any(merged.get(f, "").strip() for f in need.split("|")) for need in required):
            valid.add(key)
    return valid


class GroupingError(ValueError):
    """A hand grouping that does not cover the file's papers, or covers one twice."""


def hand_groups(path: Path, papers: list[Paper]) -> dict[str, str]:
    """Paper key -> its venue in the hand grouping at `path` (group name -> venue strings as the
    loader reads them, ``re:`` patterns searched in them, or ``key:`` entry keys)."""
    groups = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    venue_of: dict[str, str] = {}
    for paper in papers:
        found = [
            name
            for name, members in groups.items()
            for member in members
            if member == f"key:{paper.key}"
            or (paper.venue_raw and member == paper.venue_raw)
            or (
                member.startswith("re:")
                and paper.venue_raw
                and re.search(member[3:], paper.venue_raw)
            )
        ]
        if len(set(found)) != 1:
            where = "no group" if not found else f"groups {', '.join(sorted(set(found)))}"
            raise GroupingError(f"{path}: {paper.key} ({paper.venue_raw!r}) is in {where}")
        venue_of[paper.key] = found[0]
    return venue_of


def pair_f1(tool: dict[str, str], truth: dict[str, str]) -> float:
    """F1 over pairs of papers of "same venue": pairs grouped by both over pairs grouped by each."""

    def pairs(grouping: dict[str, str]) -> set[tuple[str, str]]:
        by_venue: dict[str, list[str]] = {}
        for key, venue in sorted(grouping.items()):
            by_venue.setdefault(venue, []).append(key)
        return {pair for keys in by_venue.values() for pair in itertools.combinations(keys, 2)}

    found, expected = pairs(tool), pairs(truth)
    if not found and not expected:
        return 1.0
    both = len(found & expected)
    return round(2 * both / (len(found) + len(expected)), 3)


def build_strictly(path: Path, owners: tuple[str, ...]) -> tuple[str, list[str]]:
    """("yes" | "no" | "no: init", the build's first problems): ``init`` a book of `path` in a
    temporary folder and build it as ``make book`` does."""
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book"
        owner = owners[0] if owners else "Unknown Owner"
        init = [sys.executable, "-m", "analysis", "init", str(book), "--bib", str(path),
                "--owner", owner]  # fmt: skip
        proc = subprocess.run(init, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            return "no: init", proc.stderr.splitlines()[:5]
        build = [str(JUPYTER_BOOK), "build", str(book), "-n", "-W", "--keep-going"]
        proc = subprocess.run(build, capture_output=True, text=True, timeout=1800)
        if proc.returncode == 0:
            return "yes", []
        lines = (proc.stdout + proc.stderr).splitlines()
        problems = [line for line in lines if re.search(r"WARNING:|ERROR|Error", line)]
        return "no", [_ANSI_RE.sub("", line) for line in problems][:5]


def measure(
    path: Path, owners: tuple[str, ...], groups_dir: Path = GROUPS_DIR, build: bool = False
) -> dict:
    """One row of the table for one file."""
    start = time.perf_counter()
    try:
        text = read_bib(path).removeprefix("\ufeff")
        bibliography = parse_bibliography(text, path.name, Settings(owner=owners))
        unreadable = False
    except BibliographyError as exc:  # not UTF-8: one located error refuses the whole file
        text = path.read_bytes().decode("latin-1")
        bibliography = Bibliography(path, [], exc.problems)
        unreadable = True
    seconds = time.perf_counter() - start
    papers = bibliography.by_key()
    parents = set(bibliography.parents)
    named = {p.key for p in bibliography.problems} | {p.line for p in bibliography.problems}
    entries = entries_in(blank_front_matter(text))
    lost = [
        key
        for line, key in entries
        if key not in papers and key not in parents and key not in named and line not in named
    ]
    if unreadable:  # every entry is named by the file's one error
        lost = []
    valid = bibtex_valid_keys(text)
    rejected = sorted(k for k in valid if k not in papers and k not in parents)
    ads = [
        p
        for p in papers.values()
        if (m := _JOURNAL_MACRO_RE.search(p.raw))
        and m.group(1) in JOURNAL_MACROS
        and m.group(1) not in NON_JOURNAL_MACROS
    ]
    raw_tex = [p.key for p in papers.values() if _RAW_TEX_RE.search(p.title)]
    owned = sum(bool(p.owner_positions) for p in papers.values())
    venues = {key: p.venue for key, p in papers.items()}
    groups_file = groups_dir / f"{path.stem}.yaml"
    by_hand = hand_groups(groups_file, list(papers.values())) if groups_file.exists() else None
    builds, build_problems = build_strictly(path, owners) if build else ("-", [])
    return {
        "file": path.name,
        "owner_names": list(owners),
        "entries": len(entries),
        "papers": len(papers),
        "errors": len(bibliography.errors),
        "warnings": len(bibliography.warnings),
        "notes": len(bibliography.notes),
        "parents": len(parents),
        "lost": len(lost),
        "lost_keys": lost,
        "valid_rejected": len(rejected),
        "valid_rejected_keys": rejected,
        "error_messages": [str(p) for p in bibliography.errors],
        "ads_journals": f"{sum(p.venue_type == 'journal' for p in ads)}/{len(ads)}",
        "raw_tex_titles": len(raw_tex),
        "raw_tex_title_examples": [papers[k].title for k in raw_tex[:5]],
        "owner": f"{owned}/{len(papers)}",
        "check": "fails" if bibliography.errors else "passes",
        "builds": builds,
        "build_problems": build_problems,
        "venues_written": len({p.venue_raw for p in papers.values()}),
        "venues": len(set(venues.values())),
        "venues_by_hand": len(set(by_hand.values())) if by_hand else "",
        "pair_f1": pair_f1(venues, by_hand) if by_hand else "",
        "venue_names": sorted(set(venues.values())),
        "venues_split": _split(venues, by_hand) if by_hand else [],
        "seconds": round(seconds, 2),
    }


def _split(tool: dict[str, str], truth: dict[str, str]) -> list[str]:
    """Where the loader and the hand disagree: "hand venue: tool venue, tool venue" lines."""
    out = []
    for venue in sorted(set(truth.values())):
        made = sorted({tool[k] for k, v in truth.items() if v == venue})
        if len(made) > 1:
            out.append(f"split {venue}: {', '.join(made)}")
    for venue in sorted(set(tool.values())):
        hand = sorted({truth[k] for k, v in tool.items() if v == venue})
        if len(hand) > 1:
            out.append(f"merged {venue}: {', '.join(hand)}")
    return out


def read_owners(path: Path, extra: list[str]) -> dict[str, tuple[str, ...]]:
    """File name -> owner names: the mapping file, then ``--owner FILE="First Last"`` flags."""
    owners = {}
    if path.exists():
        owners = {k: tuple(v) for k, v in (yaml.safe_load(path.read_text()) or {}).items()}
    for item in extra:
        name, _, owner = item.partition("=")
        owners[name] = (*owners.get(name, ()), owner.strip().strip('"'))
    return owners


def run(
    folder: Path,
    owners: dict[str, tuple[str, ...]],
    results_dir: Path = RESULTS,
    groups_dir: Path = GROUPS_DIR,
    build: bool = False,
) -> dict:
    rows = [
        measure(path, owners.get(path.name, ()), groups_dir, build)
        for path in sorted(folder.glob("*.bib"))
    ]
    return save_results(results_dir, RESULTS_FILE, {"folder": str(folder), "rows": rows})


def report(results: dict) -> str:
    """The table: one line per file, the columns of COLUMNS."""
    rows = results["rows"]
    widths = [
        max(len(header), *(len(str(row[key])) for row in rows)) if rows else len(header)
        for key, header in COLUMNS
    ]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [f"real-world bibliographies in {results['folder']}"]
    out.append(line([header for _, header in COLUMNS]))
    out += [line([row[key] for key, _ in COLUMNS]) for row in rows]
    for row in rows:
        for key in row["valid_rejected_keys"]:
            why = [m for m in row["error_messages"] if f": {key}: " in m]
            out.append(f"  valid but rejected: {row['file']}: {'; '.join(why) or key}")
        for key in row["lost_keys"]:
            out.append(f"  LOST without a message: {row['file']}: {key}")
        for line in row["venues_split"]:
            out.append(f"  venues {line} ({row['file']})")
        for line in row["build_problems"]:
            out.append(f"  build: {row['file']}: {line}")
    passing = sum(row["check"] == "passes" for row in rows)
    scored = [row["pair_f1"] for row in rows if row["pair_f1"] != ""]
    out.append(f"{passing} of {len(rows)} files pass check")
    if any(row["builds"] != "-" for row in rows):
        built = sum(row["builds"] == "yes" for row in rows)
        out.append(f"{built} of {len(rows)} files build strictly (init, then Jupyter Book -W)")
    if scored:
        out.append(f"pair F1 where grouped by hand: lowest {min(scored)} over {len(scored)} files")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.realworld",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folder", type=Path, help="a folder of .bib files")
    parser.add_argument("--owners", type=Path, default=OWNERS_FILE,
                        help="YAML mapping: file name -> list of the owner's names")  # fmt: skip
    parser.add_argument("--owner", action="append", default=[], metavar='FILE="First Last"',
                        help="the owner of one file (repeatable)")  # fmt: skip
    parser.add_argument(
        "--results",
        type=Path,
        default=RESULTS,
        help=f"folder for {RESULTS_FILE} (default: benchmarks/results)",
    )
    parser.add_argument("--groups", type=Path, default=GROUPS_DIR,
                        help="folder of hand groupings of venues, FILE-STEM.yaml "
                        "(default: benchmarks/venue_groups)")  # fmt: skip
    parser.add_argument("--build", action="store_true",
                        help="also init a book of each file, build it strictly (slow)")  # fmt: skip
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    try:
        owners = read_owners(args.owners, args.owner)
        results = run(args.folder, owners, args.results, args.groups, args.build)
    except GroupingError as exc:
        print(f"error: {exc}: fix the hand grouping", file=sys.stderr)
        return 1
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
