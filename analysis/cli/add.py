"""``python -m analysis add FILE [FILE...]``: add papers to references.bib, safely.

The input is BibTeX as a researcher has it: pasted from arXiv or Google Scholar, or a whole
al-folio ``papers.bib`` (front matter and al-folio's own fields included). Nothing is written
unless every new entry is valid and new to the book:

1. each input is parsed and checked with the loader's rules (the ones ``check`` uses);
2. every new entry is compared with the book's papers and the other new entries: same key, DOI,
   arXiv id or normalised title is refused, naming the entry it duplicates;
3. the new entries are formatted in the file's style and the whole new file is checked again,
   warnings included (the book builds with warnings as errors);
4. the new text is appended after the file's existing bytes, which are never changed, through a
   temporary file renamed over the old one, so an interruption leaves the old file or the new.

al-folio's display-only fields (``abbr``, ``bibtex_show``, ``preview``, ``altmetric``,
``dimensions``) are dropped: they point at al-folio's own assets and mean nothing here. Its
``arxiv = {ID}`` becomes ``eprint`` + ``archiveprefix``, which the loader reads. Everything else,
identifiers first, is kept; values are written in braces, with @string macros resolved.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
import yaml
from bibtexparser.model import Entry, String

from analysis.bib.filters import filters_in_page
from analysis.bib.loader import blank_front_matter, parse_bibliography
from analysis.bib.model import Paper, Problem
from analysis.bib.papers import title_key
from analysis.bib.values import MONTHS, evaluate
from analysis.bib.writer import FileChanged, Style, append_atomically, format_entry, separator
from analysis.settings import Settings, find_book_root


class Refusal(Exception):
    """Why nothing was written; each line is a located problem or an instruction."""

    def __init__(self, *lines: str):
        self.lines = [str(line) for line in lines]
        super().__init__("\n".join(self.lines))


@dataclass
class NewEntry:
    """One entry to add: where it came from and the text it will have in the file."""

    key: str
    source: str  # input label
    line: int  # 1-based line in the input
    text: str = ""
    paper: Paper | None = None  # as the combined file will load it


def add_command(args) -> int:
    """Run ``add`` with parsed arguments (``files``, ``themes``, ``selected``, ``bib``,
    ``dry_run``); return the exit code. Nothing is written unless every check passes."""
    bib = Path(args.bib)
    try:
        added, pages, new_text = plan_addition(
            [_read_input(name) for name in args.files],
            bib,
            themes=list(args.themes or []),
            selected=bool(args.selected),
        )
        if not args.dry_run:
            append_atomically(bib, new_text)
    except (Refusal, FileChanged) as refusal:
        for line in getattr(refusal, "lines", [str(refusal)]):
            print(line, file=sys.stderr)
        print(f"Nothing was written; {bib} is unchanged.", file=sys.stderr)
        return 1
    _report(added, pages, bib, new_text, dry_run=args.dry_run)
    return 0


def _read_input(name: str) -> tuple[str, str]:
    if name == "-":
        return "<stdin>", sys.stdin.read().removeprefix("\ufeff")
    try:
        return name, Path(name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise Refusal(f"{name}:1: -: cannot read this file ({exc})") from None


def plan_addition(
    inputs: list[tuple[str, str]], bib: Path, themes: list[str], selected: bool
) -> tuple[list[NewEntry], dict[str, list[str]], str]:
    """Check everything and return (new entries, key -> pages showing it, text to append).

    Raises :class:`Refusal` when anything is wrong; nothing is written here.
    """
    try:
        old_bytes = bib.read_bytes()
        old_text = old_bytes.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Refusal(f"{bib}: cannot read the bibliography ({exc}); name it with --bib") from None
    root = find_book_root(bib)
    settings = Settings.from_book(root)
    existing = parse_bibliography(old_text, bib, settings)
    if existing.errors:
        raise Refusal(
            *existing.errors,
            f"{bib} has errors already: fix them first (python -m analysis check), then add.",
        )
    page_filters = _page_filters(root)
    _check_themes(themes, settings)

    entries = [entry for label, text in inputs for entry in _read_entries(label, text, settings)]
    if not entries:
        raise Refusal("add: give at least one FILE (or - for standard input)")
    _refuse_duplicates(entries, existing.papers, bib)
    style = Style.of(old_text)
    for entry, fields in entries:
        entry.text = format_entry(fields, style, themes, selected)
    new_entries = [entry for entry, _ in entries]
    new_text = separator(old_text, style) + (style.newline * 2).join(e.text for e in new_entries)
    _check_combined(old_text, new_text, new_entries, existing.papers, bib, settings)
    pages = {
        e.key: [
            page
            for page, filters in page_filters.items()
            if any(f.matches(e.paper) for f in filters)
        ]
        for e in new_entries
    }
    return new_entries, pages, new_text


def _read_entries(label: str, text: str, settings: Settings):
    """(NewEntry, evaluated fields in order) for every entry of one input; refuses any error."""
    parsed = parse_bibliography(text, label, settings)
    if parsed.errors:
        raise Refusal(*parsed.errors)
    strings = dict(MONTHS)
    library = bibtexparser.parse_string(
        blank_front_matter(text.removeprefix("\ufeff")), parse_stack=[]
    )
    entries = []
    for block in library.blocks:
        if isinstance(block, String):
            strings[block.key.lower()] = evaluate(block.value, strings)
        elif isinstance(block, Entry):
            fields = [(f.key, evaluate(f.value, strings)) for f in block.fields]
            new = NewEntry(block.key, label, (block.start_line or 0) + 1)
            entries.append((new, (block.entry_type, block.key, fields)))
    if not entries:
        raise Refusal(f"{label}:1: -: no BibTeX entry found: paste entries such as @article{{...}}")
    by_key = {p.key: p for p in parsed.papers}
    for new, _ in entries:
        new.paper = by_key.get(new.key)
    return entries


def _refuse_duplicates(entries, existing: list[Paper], bib: Path) -> None:
    """Refuse a new entry that is already in the book, or given twice in the input."""
    seen: dict[tuple[str, str], str] = {}  # (what, value) -> where the first one is
    for paper in existing:
        for what, value in _identities(paper):
            seen.setdefault((what, value), f"'{paper.key}' ({bib}:{paper.line})")
    refusals = []
    for entry, _ in entries:
        for what, value in _identities(entry.paper):
            first = seen.get((what, value))
            if first:
                refusals.append(
                    f"{entry.source}:{entry.line}: {entry.key}: already in the book "
                    f"as {first}: same {what}; leave it out or edit that entry"
                )
                break
        else:
            for what, value in _identities(entry.paper):
                seen[(what, value)] = f"'{entry.key}' ({entry.source}:{entry.line})"
    if refusals:
        raise Refusal(*refusals)


def _identities(paper: Paper) -> list[tuple[str, str]]:
    pairs = [
        ("key", paper.key.lower()),
        ("DOI", paper.doi.lower()),
        ("arXiv id", paper.arxiv_id),
        ("title", title_key(paper.title)),
    ]
    return [(what, value) for what, value in pairs if value]


def _check_combined(old_text, new_text, entries, existing, bib, settings) -> None:
    """Load the file as it will be; any problem in the new entries (warnings too) refuses."""
    combined = parse_bibliography(old_text + new_text, bib, settings)
    old_lines = old_text.count("\n")
    by_key = {e.key: e for e in entries}
    refusals = []
    for problem in combined.problems:
        if problem.line <= old_lines:
            continue  # the file's own warnings: `check` reports them, they are not ours to refuse
        entry = by_key.get(problem.key)
        where = (entry.source, entry.line) if entry else (str(bib), problem.line)
        refusals.append(str(Problem(*where, problem.key, problem.message, problem.severity)))
    papers = {p.key: p for p in combined.papers if p.line > old_lines}
    missing = [e.key for e in entries if e.key not in papers]
    if missing and not refusals:  # never add an entry the book would not show
        refusals.append(f"{', '.join(missing)}: would not load as papers once added")
    if refusals:
        raise Refusal(
            *refusals,
            "The book builds with warnings as errors: fix these in the "
            "input (or add a venue rule, see 'Extending this book').",
        )
    for entry in entries:
        entry.paper = papers[entry.key]


def _check_themes(themes: list[str], settings: Settings) -> None:
    declared = settings.theme_slugs
    for theme in themes:
        if theme not in declared:
            raise Refusal(
                f"--theme {theme}: not a theme of this book; declared themes: "
                f"{', '.join(declared) or 'none'}. To start a new theme, declare it under "
                "portfolio_themes in _config.yml and add its chapter (see 'Extending this book')."
            )


def _page_filters(root: Path) -> dict[str, list]:
    """Book page (relative path) -> the filters of its publications blocks, in _toc.yml order."""
    toc_file = root / "_toc.yml"
    if not toc_file.exists():
        return {}
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8")) or {}
    found = {}
    for name in _toc_files(toc):
        for suffix in (".md", ".ipynb", ""):
            page = root / f"{name}{suffix}"
            if page.is_file():
                filters = filters_in_page(page.read_text(encoding="utf-8"))
                if filters:
                    found[page.relative_to(root).as_posix()] = filters
                break
    return found


def _toc_files(node) -> list[str]:
    if isinstance(node, dict):
        own = [node[k] for k in ("root", "file") if isinstance(node.get(k), str)]
        return own + [f for value in node.values() for f in _toc_files(value)]
    if isinstance(node, list):
        return [f for value in node for f in _toc_files(value)]
    return []


def _report(entries, pages, bib: Path, new_text: str, dry_run: bool) -> None:
    count = f"{len(entries)} paper{'s' if len(entries) != 1 else ''}"
    if dry_run:
        print(f"Would add {count} to {bib} (dry run: nothing written). The new text:")
        print(new_text, end="" if new_text.endswith("\n") else "\n")
    else:
        print(f"Added {count} to {bib}:")
    for entry in entries:
        paper = entry.paper
        print(f"  {entry.key}: {paper.title} ({paper.venue} {paper.year})")
        shown = ", ".join(pages[entry.key]) or "no page (give it a theme with --theme)"
        print(f"    shown on: {shown}")
    print("Every count and chart includes it. Rebuild the book to see it: make book")
