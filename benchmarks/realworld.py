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
- owner: papers where the owner is found among the authors.

The rows are written to ``benchmarks/results/realworld.json``; the table is printed. A column
is one entry of COLUMNS and one key of each row, so more (e.g. whether ``init`` + ``make book``
build the file) can be added beside these.
"""

from __future__ import annotations

import argparse
import re
import sys
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
from analysis.bib.model import Bibliography, BibliographyError
from analysis.settings import Settings
from benchmarks import save_results

RESULTS = Path(__file__).resolve().parent / "results"
OWNERS_FILE = Path(__file__).resolve().parent / "realworld_owners.yaml"
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


def measure(path: Path, owners: tuple[str, ...]) -> dict:
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
        "seconds": round(seconds, 2),
    }


def read_owners(path: Path, extra: list[str]) -> dict[str, tuple[str, ...]]:
    """File name -> owner names: the mapping file, then ``--owner FILE="First Last"`` flags."""
    owners = {}
    if path.exists():
        owners = {k: tuple(v) for k, v in (yaml.safe_load(path.read_text()) or {}).items()}
    for item in extra:
        name, _, owner = item.partition("=")
        owners[name] = (*owners.get(name, ()), owner.strip().strip('"'))
    return owners


def run(folder: Path, owners: dict[str, tuple[str, ...]], results_dir: Path = RESULTS) -> dict:
    rows = [measure(path, owners.get(path.name, ())) for path in sorted(folder.glob("*.bib"))]
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
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    print(report(run(args.folder, read_owners(args.owners, args.owner), args.results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
