"""references.bib -> Bibliography: parse once, surface every problem with its line and key.

The contract: :func:`parse_bibliography` never raises, whatever text it is given; it returns the
papers it could read and every problem it found. :func:`load_bibliography` reads a file and
raises :class:`BibliographyError` (and nothing else) when there is any error.

Speed: we run bibtexparser's splitter without its middleware stack, evaluate values ourselves
(:mod:`analysis.bib.values`) and LaTeX-decode only what is displayed (title, authors, venue).
"""

from __future__ import annotations

import gc
import logging
from contextlib import contextmanager
from pathlib import Path

import bibtexparser
from bibtexparser.model import (
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    String,
)

from analysis.bib.blocks import (
    failed_block_problem,
    line_of,
    skipped_text_problem,
    swallowed_entry_problem,
)
from analysis.bib.model import Bibliography, BibliographyError, Problem
from analysis.bib.papers import PaperBuilder, find_likely_duplicates, title_key
from analysis.bib.values import MONTHS, BadValue, evaluate
from analysis.settings import Settings

__all__ = [
    "blank_front_matter",
    "load_bibliography",
    "parse_bibliography",
    "read_bib",
    "title_key",
]
_FRONT_MATTER_END = "\n---"
SEVERITIES = ("error", "warning", "note")


def blank_front_matter(text: str) -> str:
    """Blank out Jekyll front matter (al-folio's ``---`` lines), keeping every line number."""
    if not text.startswith("---"):
        return text
    end = text.find(_FRONT_MATTER_END, 0)
    first_line_end = text.find("\n")
    if first_line_end < 0 or text[:first_line_end].strip() != "---" or end < 0:
        return text
    close_end = text.find("\n", end + 1)
    if close_end < 0 or text[end + 1 : close_end].strip() != "---":
        return text
    return "\n" * text.count("\n", 0, close_end) + text[close_end:]


@contextmanager
def _no_cyclic_gc():
    """Pause CPython's cyclic garbage collector while loading.

    Loading allocates hundreds of thousands of small objects (blocks, fields, strings, papers)
    and no reference cycles; the collector would scan them again and again for nothing (about
    an eighth of `check` on 20,000 entries). Reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _quiet_splitter():
    """bibtexparser logs each failed block; we report them ourselves, located and once."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def parse_bibliography(
    text: str, path: str | Path = "references.bib", settings: Settings | None = None
) -> Bibliography:
    """Parse BibTeX text into papers and problems; never raises."""
    with _no_cyclic_gc():
        return _parse(text, path, settings or Settings())


def _parse(text: str, path: str | Path, settings: Settings) -> Bibliography:
    label = str(path)
    text = blank_front_matter(text.removeprefix("\ufeff"))
    try:
        with _quiet_splitter():
            library = bibtexparser.parse_string(text, parse_stack=[])
    except Exception as exc:  # noqa: BLE001 - the parser's own bugs must not lose the file silently
        problem = Problem(
            label,
            1,
            "-",
            f"bibtexparser failed on this file ({exc!r}); nothing "
            "was loaded: look for unusual characters or braces",
        )
        return Bibliography(Path(path), [], [problem])

    problems: list[Problem] = []
    builder = PaperBuilder(label, settings)
    strings = dict(MONTHS)
    records, previous = [], None  # (entry, fields, unreadable fields), in file order
    for block in library.blocks:
        entry = block.ignore_error_block if isinstance(block, DuplicateFieldKeyBlock) else block
        if isinstance(entry, Entry):
            problem = swallowed_entry_problem(entry, label)
            if problem:
                problems.append(problem)
            if builder.check_key(entry):
                records.append((entry, *builder.evaluate_fields(entry, strings)))
        elif isinstance(block, String):
            _define_string(block, strings, label, problems)
        elif isinstance(block, ParsingFailedBlock):
            problems.append(failed_block_problem(block, label))
        elif isinstance(block, ImplicitComment) and not isinstance(previous, ParsingFailedBlock):
            # Text right after a failed block is that block's tail, already reported.
            problem = skipped_text_problem(block, previous, label)
            if problem:
                problems.append(problem)
        previous = block
    parents = _apply_crossrefs(records, builder)
    papers = []
    for entry, fields, bad in records:
        if entry.key.lower() not in parents:
            paper = builder.build(entry, fields, bad)
            if paper is not None:
                papers.append(paper)
    papers = builder.group_venues(papers)
    problems += builder.problems
    problems += find_likely_duplicates(papers, label)
    problems.sort(key=lambda p: (p.line, SEVERITIES.index(p.severity)))
    parent_keys = [e.key for e, _, _ in records if e.key.lower() in parents]
    return Bibliography(Path(path), papers, problems, parent_keys)


def _apply_crossrefs(records: list, builder: PaperBuilder) -> set[str]:
    """Fill each entry's missing fields from its ``crossref`` target, as BibTeX and biber do;
    return the lower-case keys of the targets, which are not papers of their own.

    biblatex also maps the parent's ``title`` to the child's ``booktitle`` (DBLP's
    ``@proceedings`` have it as both).
    """
    by_key = {entry.key.lower(): fields for entry, fields, _ in records}
    parents = set()
    for entry, fields, _ in records:
        target = fields.get("crossref", "").strip()
        if not target:
            continue
        parent = by_key.get(target.lower())
        if parent is None or parent is fields:
            builder.problem(
                entry,
                f"crossref '{target}' is not an entry of this file: its fields (booktitle, "
                "year, ...) are not inherited; add that entry or remove the crossref",
                "warning",
            )
            continue
        parents.add(target.lower())
        for name, value in parent.items():
            if name not in fields and name not in ("crossref", "key"):
                fields[name] = value
        if "booktitle" not in fields and "title" in parent:
            fields["booktitle"] = parent["title"]
    return parents


def _define_string(block: String, strings: dict, path: str, problems: list[Problem]) -> None:
    try:
        strings[block.key.lower()] = evaluate(block.value, strings)
    except BadValue as exc:
        problems.append(Problem(path, line_of(block), block.key, f"@string {block.key}: {exc}"))


def load_bibliography(
    path: str | Path = "references.bib", settings: Settings | None = None, strict: bool = False
) -> Bibliography:
    """Load and validate a bibliography file; raise :class:`BibliographyError` on any error.

    With ``strict``, warnings (likely duplicates, repeated fields) and notes (venues no rule
    knows) count as errors too.
    """
    path = Path(path)
    try:
        text = read_bib(path)
    except OSError as exc:
        raise BibliographyError(
            [Problem(str(path), 1, "-", f"cannot read the file: {exc}")]
        ) from exc
    bibliography = parse_bibliography(text, path, settings)
    failing = bibliography.problems if strict else bibliography.errors
    if failing:
        raise BibliographyError(failing)
    return bibliography


def read_bib(path: str | Path) -> str:
    """The text of a .bib file; raise :class:`BibliographyError` if it is not UTF-8 (located at
    the first byte that is not, with how to convert the file), OSError if it cannot be read."""
    path = Path(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = Problem(
            str(path),
            line,
            "-",
            f"byte 0x{data[exc.start]:02x} is not UTF-8: the file is saved in another encoding "
            "(often Latin-1 or Windows-1252); save it as UTF-8, e.g. "
            f"iconv -f windows-1252 -t utf-8 {path.name} > utf8.bib",
        )
        raise BibliographyError([problem]) from None
