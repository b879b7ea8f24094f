"""``python -m analysis add FILE|DOI|ARXIV_ID [...]``: add papers to references.bib, safely.

The input is BibTeX as a researcher has it: pasted from arXiv or Google Scholar, an ADS, DBLP or
Zotero export, or a whole al-folio ``papers.bib`` (front matter and al-folio's own fields
included); or a DOI or an arXiv id, whose metadata is fetched (doi.org's CSL-JSON, the arXiv
API; an arXiv paper with a published version is added as that paper, its eprint kept) and
written as an entry in the file's own style and key style. Every problem of every entry is
reported in one run:

1. each input is parsed and checked with the loader's rules (the ones ``check`` uses);
2. every new entry is compared with the book's papers and the other new entries: one with the
   same key, DOI, arXiv id or normalised title is already present, so it is skipped and listed
   (``--duplicates error`` refuses the input instead);
3. the new entries are formatted in the file's style and the whole new file is checked again;
   an error refuses, warnings are reported (the book builds with them);
4. the new text is appended after the file's existing bytes, which are never changed, through a
   temporary file renamed over the old one, so an interruption leaves the old file or the new.

Any error anywhere refuses the whole input, and nothing is written. al-folio's display-only
fields (``abbr``, ``bibtex_show``, ``preview``, ``altmetric``, ``dimensions``) are dropped: they
point at al-folio's own assets and mean nothing here. Its ``arxiv = {ID}`` becomes ``eprint`` +
``archiveprefix``, which the loader reads. A ``crossref`` to an entry of the same input (DBLP) is
resolved into the entry, so the book's file stays self-contained; the cross-referenced
``@proceedings`` is not added. Everything else, identifiers first, is kept; values are written
in braces, with @string macros resolved; a field given twice keeps its first value.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.bib.filters import PaperFilter, filters_in_page, newest_first
from analysis.bib.loader import evaluated_entries, inherited_fields, parse_bibliography, read_bib
from analysis.bib.model import BibliographyError, Paper, Problem
from analysis.bib.papers import identities
from analysis.bib.writer import (
    FileChangedError,
    LockTimeoutError,
    Style,
    append_atomically,
    bibliography_lock,
    format_entry,
    separator,
)
from analysis.cli.common import OK, PROBLEMS, USAGE, plural
from analysis.cli.sources import UnknownArgument, identifier_inputs
from analysis.cv.data import cv_path
from analysis.cv.pdf import CV_PDF, PUBLICATIONS_PDF
from analysis.safeinput import MAX_FILE_BYTES, read_regular_file
from analysis.scholarly.http import SourceError
from analysis.scholarly.identifiers import classify
from analysis.settings import Settings, find_book_root

# The CV page's directive: it lists every paper, as the PDFs built beside it do.
_CV_DIRECTIVE = re.compile(r"^(?::{3,}|`{3,})\{cv\}", re.M)


class AddRefusedError(Exception):
    """Why nothing was written; each line is a located problem or an instruction."""

    def __init__(self, *lines: str):
        self.lines = [str(line) for line in lines]
        super().__init__("\n".join(self.lines))


class UnreadableInputError(AddRefusedError):
    """A file ``add`` needs cannot be read (missing, not a regular file, not UTF-8): exit 2."""


@dataclass
class NewEntry:
    """One entry to add: where it came from and the text it will have in the file."""

    key: str
    source: str  # input label
    line: int  # 1-based line in the input
    text: str = ""
    paper: Paper | None = None  # as the combined file will load it
    placement: str = ""  # where the book lists it, e.g. "2024, 1st of 5"
    warnings: list[str] = field(default_factory=list)  # its warnings, located in the input
    notes: list[str] = field(default_factory=list)  # its notes (a venue in no venue table)


@dataclass
class Plan:
    """What ``add`` will do: the entries to append, those skipped, and what to report."""

    added: list[NewEntry]
    new_text: str
    pages: dict[str, list[str]] = field(default_factory=dict)  # key -> pages showing it
    skipped: list[str] = field(default_factory=list)  # one line per entry already present
    warnings: list[str] = field(default_factory=list)  # of the added entries, located
    notes: int = 0  # venues of the added entries that no venue table knows


def add_command(args) -> int:
    """Run ``add`` with parsed arguments (``files``, ``themes``, ``selected``, ``bib``,
    ``dry_run``, ``duplicates``); return the exit code. Nothing is written on any error."""
    bib = Path(args.bib)
    notes: list[str] = []
    try:
        duplicates = getattr(args, "duplicates", "skip")
        fetched, files, notes, known = _fetch_identifiers(args.files, bib)
        if known and duplicates == "error":
            raise AddRefusedError(*(f"{line}; leave it out" for line in known))
        inputs = fetched + [_read_input(name) for name in files]
        plan = Plan([], "")  # every identifier is in the book already
        # Under the lock, the book is read, checked for duplicates and written in one step: two
        # `add`s of one paper write it once, and neither loses the other's papers.
        with bibliography_lock(bib):
            if inputs:
                plan = plan_addition(
                    inputs,
                    bib,
                    themes=list(args.themes or []),
                    selected=bool(args.selected),
                    duplicates=duplicates,
                )
            if plan.added and not args.dry_run:
                append_atomically(bib, plan.new_text)
        plan.skipped[:0] = known
    except UnknownArgument as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    except SourceError as exc:  # offline, a 404, a 429 that persists: named with its identifier
        print(f"{exc}\nNothing was written; {bib} is unchanged.", file=sys.stderr)
        return PROBLEMS
    except AddRefusedError as refusal:
        for line in refusal.lines:
            print(line, file=sys.stderr)
        print(f"Nothing was written; {bib} is unchanged.", file=sys.stderr)
        return USAGE if isinstance(refusal, UnreadableInputError) else PROBLEMS
    except (FileChangedError, LockTimeoutError) as exc:  # another writer: its text is kept
        print(f"{bib}: {exc}; this command wrote nothing.", file=sys.stderr)
        return USAGE
    except OSError as exc:  # a full disk, a read-only folder: the rename never happened
        print(f"{bib}: cannot write: {exc.strerror or exc}; nothing was written, {bib} is "
              "unchanged", file=sys.stderr)  # fmt: skip
        return USAGE
    for note in notes:
        print(note)
    _report(plan, bib, dry_run=args.dry_run)
    return OK


def _fetch_identifiers(arguments: list[str], bib: Path):
    """(fetched inputs, file arguments, notes, identifiers already in the book); the book's
    conventions come from `bib`, and what it has already is not fetched again."""
    try:
        old_text = read_regular_file(bib).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInputError(
            f"{bib}: cannot read the bibliography ({exc}); name it with --bib"
        ) from None
    settings = Settings.from_book(find_book_root(bib))
    known = {}
    wanted = any(classify(argument)[0] in ("doi", "arxiv") for argument in arguments)
    for paper in parse_bibliography(old_text, bib, settings).papers if wanted else []:
        where = f"'{paper.key}' ({bib}:{paper.line})"
        for kind, value in (("doi", paper.doi.lower()), ("arxiv", paper.arxiv_id)):
            if value:
                known.setdefault((kind, value), where)
    return identifier_inputs(arguments, old_text, settings, known)


def _read_input(name: str) -> tuple[str, str]:
    if name == "-":
        try:
            text = sys.stdin.read(MAX_FILE_BYTES + 1)
        except UnicodeDecodeError:
            raise UnreadableInputError(
                "<stdin>:1: -: the input is not UTF-8: convert it first"
            ) from None
        if len(text) > MAX_FILE_BYTES:
            raise UnreadableInputError(
                f"<stdin>:1: -: more than {MAX_FILE_BYTES:,} characters: is it BibTeX?"
            )
        return "<stdin>", text.removeprefix("\ufeff")
    try:
        return name, read_bib(name).removeprefix("\ufeff")
    except OSError as exc:
        raise UnreadableInputError(f"{name}:1: -: cannot read this file ({exc})") from None
    except BibliographyError as exc:
        raise UnreadableInputError(str(exc)) from None


def plan_addition(
    inputs: list[tuple[str, str]],
    bib: Path,
    themes: list[str],
    selected: bool,
    duplicates: str = "skip",
    old_text: str | None = None,
) -> Plan:
    """Check everything and return the :class:`Plan`; nothing is written here.

    `old_text` is the file's text when the caller has changed it already (``sync``), else the
    file is read. Raises :class:`AddRefusedError` listing every error at once: of the themes, of
    each input entry, of the duplicates (with ``duplicates="error"``), and of the file as it
    would be.
    """
    try:
        old_text = read_regular_file(bib).decode("utf-8") if old_text is None else old_text
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInputError(
            f"{bib}: cannot read the bibliography ({exc}); name it with --bib"
        ) from None
    root = find_book_root(bib)
    settings = Settings.from_book(root)
    existing = parse_bibliography(old_text, bib, settings)
    if existing.errors:
        raise AddRefusedError(
            *existing.errors,
            f"{bib} has errors already: fix them first (python -m analysis check), then add.",
        )
    refusals = _theme_refusals(themes, settings)
    entries = []
    for label, text in inputs:
        found, errors = _read_entries(label, text, settings)
        entries += found
        refusals += errors
    if not entries and not refusals:
        raise AddRefusedError("add: give at least one FILE (or - for standard input)")
    entries, skipped = _split_duplicates(entries, existing.papers, bib)
    if duplicates == "error":
        refusals += [f"{line}; leave it out or edit that entry" for line in skipped]
    if refusals:
        raise AddRefusedError(*refusals)
    style = Style.of(old_text)
    for entry, fields in entries:
        entry.text = format_entry(fields, style, themes, selected)
    new_entries = [entry for entry, _ in entries]
    if not new_entries:
        return Plan([], "", skipped=skipped)
    new_text = separator(old_text, style) + (style.newline * 2).join(e.text for e in new_entries)
    combined = _check_combined(old_text, new_text, new_entries, bib, settings)
    _place(new_entries, combined)
    page_filters = _page_filters(root)
    pdfs = [CV_PDF, PUBLICATIONS_PDF] if cv_path(root).is_file() else []
    pages = {
        e.key: [
            page
            for page, filters in page_filters.items()
            if any(f.matches(e.paper) for f in filters)
        ]
        + pdfs
        for e in new_entries
    }
    warnings = [line for e in new_entries for line in e.warnings]
    venues = len({note for e in new_entries for note in e.notes})  # a venue has many papers
    return Plan(new_entries, new_text, pages, skipped, warnings, venues)


def _read_entries(label: str, text: str, settings: Settings):
    """([(NewEntry, (type, key, fields))], errors) for every paper of one input.

    A crossref to an entry of the same input is resolved (its fields filled in, the field
    dropped), and the cross-referenced parents are left out: they are not papers.
    """
    parsed = parse_bibliography(text, label, settings)
    errors = [str(p) for p in parsed.errors]
    records = evaluated_entries(text)  # what it skips is located in parsed.errors
    if not records and not errors:
        errors.append(f"{label}:1: -: no BibTeX entry found: paste entries such as @article{{...}}")
    parents = {key.lower() for key in parsed.parents}
    by_key = {block.key.lower(): fields for block, fields in records}
    papers = {p.key: p for p in parsed.papers}
    warnings: dict[str, list[str]] = {}
    for problem in parsed.warnings:
        warnings.setdefault(problem.key, []).append(str(problem))
    notes: dict[str, list[str]] = {}
    for problem in parsed.notes:
        notes.setdefault(problem.key, []).append(problem.message)
    entries = []
    for block, fields in records:
        if block.key.lower() in parents or block.key not in papers:
            continue  # a parent, or an entry with an error (reported)
        fields = _resolve_crossref(fields, by_key)
        new = NewEntry(block.key, label, (block.start_line or 0) + 1, paper=papers[block.key])
        new.warnings, new.notes = warnings.get(block.key, []), notes.get(block.key, [])
        entries.append((new, (block.entry_type, block.key, fields)))
    return entries, errors


def _resolve_crossref(fields, by_key) -> list[tuple[str, str]]:
    names = {name.lower(): value for name, value in fields}
    parent = by_key.get(names.get("crossref", "").strip().lower())
    if parent is None:
        return fields
    kept = [(name, value) for name, value in fields if name.lower() != "crossref"]
    return kept + inherited_fields(names, parent)


def _split_duplicates(entries, existing: list[Paper], bib: Path):
    """(new entries, one line per entry already in the book or given twice in the input).

    Against the book, the same key, DOI, arXiv id or title means the paper is there. Within
    one input, a shared title alone does not: exports list a paper's conference and journal
    versions, which ``check`` then reports as likely duplicates for the owner to decide.
    """
    seen: dict[tuple[str, str], str] = {}  # (what, value) -> where the first one is
    for paper in existing:
        for what, value in _identities(paper):
            seen.setdefault((what, value), f"'{paper.key}' ({bib}:{paper.line})")
    new, skipped = [], []
    for entry, fields in entries:
        for what, value in _identities(entry.paper):
            first = seen.get((what, value))
            if first:
                skipped.append(
                    f"{entry.source}:{entry.line}: {entry.key}: already in the book as {first}: "
                    f"same {what}"
                )
                break
        else:
            for what, value in _identities(entry.paper):
                if what != "title":
                    seen[(what, value)] = f"'{entry.key}' ({entry.source}:{entry.line})"
            new.append((entry, fields))
    return new, skipped


def _identities(paper: Paper) -> list[tuple[str, str]]:
    return [("key", paper.key.lower()), *identities(paper)]


def _check_combined(old_text, new_text, entries, bib, settings) -> list[Paper]:
    """Load the file as it will be: an error in a new entry refuses (its warnings were read
    from the input, located there). Returns the papers of the combined file."""
    combined = parse_bibliography(old_text + new_text, bib, settings)
    old_lines = old_text.count("\n")
    by_key = {e.key: e for e in entries}
    refusals = []
    for problem in combined.errors:
        if problem.line <= old_lines:
            continue  # the file's own problems: `check` reports them, they are not ours
        entry = by_key.get(problem.key)
        where = (entry.source, entry.line) if entry else (str(bib), problem.line)
        refusals.append(str(Problem(*where, problem.key, problem.message, problem.severity)))
    papers = {p.key: p for p in combined.papers if p.line > old_lines}
    missing = [e.key for e in entries if e.key not in papers]
    if missing and not refusals:  # never add an entry the book would not show
        refusals.append(f"{', '.join(missing)}: would not load as papers once added")
    if refusals:
        raise AddRefusedError(*refusals)
    for entry in entries:
        entry.paper = papers[entry.key]
    return combined.papers


def _place(entries: list[NewEntry], papers: list[Paper]) -> None:
    """Say where each new paper appears in the book's lists: its year, its rank in that year."""
    ordered = sorted(papers, key=newest_first)
    for entry in entries:
        same_year = [p for p in ordered if p.year == entry.paper.year]
        rank = next(i for i, p in enumerate(same_year) if p.key == entry.key)
        place = f"{entry.paper.year_label}, {_ordinal(rank + 1)} of {len(same_year)}"
        if rank + 1 < len(same_year):
            place += f", before '{same_year[rank + 1].title}'"
        elif rank:
            place += f", after '{same_year[rank - 1].title}'"
        if rank and not entry.paper.month:  # arXiv's own BibTeX has no month
            place += "\n    (it has no month: give it one, e.g. month = aug, to list it by date)"
        entry.placement = place


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _theme_refusals(themes: list[str], settings: Settings) -> list[str]:
    declared = settings.theme_slugs
    return [
        f"--theme {theme}: not a theme of this book; declared themes: "
        f"{', '.join(declared) or 'none'}. To start a new theme, declare it under "
        "portfolio_themes in _config.yml and add its chapter (see 'Extending this book')."
        for theme in themes
        if theme not in declared
    ]


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
                text = page.read_text(encoding="utf-8")
                filters = filters_in_page(text) + [PaperFilter()] * bool(_CV_DIRECTIVE.search(text))
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


def _report(plan: Plan, bib: Path, dry_run: bool) -> None:
    for line in plan.warnings:
        print(line, file=sys.stderr)
    if plan.skipped:
        reasons = Counter(line.rsplit(": same ", 1)[-1] for line in plan.skipped)
        by = ", ".join(f"{count} by {what}" for what, count in reasons.items())
        print(
            f"Skipped {plural(len(plan.skipped), 'entry', 'entries')} already "
            f"in the book ({by}; --duplicates error refuses them instead):"
        )
        for line in plan.skipped:
            print(f"  {line}")
    if not plan.added:
        print(f"Nothing new to add; {bib} is unchanged.")
        return
    count = plural(len(plan.added), "paper")
    if dry_run:
        print(f"Would add {count} to {bib} (dry run: nothing written). The new text:")
        print(plan.new_text, end="" if plan.new_text.endswith("\n") else "\n")
    else:
        print(f"Added {count} to {bib}:")
    for entry in plan.added:
        paper = entry.paper
        print(f"  {entry.key}: {paper.title} ({paper.venue} {paper.year_label})")
        print(f"    listed: {entry.placement}")
        shown = ", ".join(plan.pages[entry.key]) or "no page (give it a theme with --theme)"
        print(f"    shown on: {shown}")
    if plan.notes:
        print(
            f"{plural(plan.notes, 'venue')} of the new papers in no venue table, listed under "
            "their own names (python -m analysis check --strict lists them)."
        )
    print("Every count and chart includes it. Rebuild the book to see it: make book")
