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
import re
from collections.abc import Iterable
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
from analysis.bib.papers import PaperBuilder, find_likely_duplicates
from analysis.bib.values import MONTHS, BadValueError, evaluate
from analysis.safeinput import read_regular_file
from analysis.settings import Settings

__all__ = [
    "blank_front_matter",
    "evaluated_entries",
    "inherited_fields",
    "splittable_text",
    "load_bibliography",
    "parse_bibliography",
    "read_bib",
]
_FRONT_MATTER_END = "\n---"
SEVERITIES = ("error", "warning", "note")
# A @comment block at the start of a line: bibtex-ruby (al-folio's reader) skips it whole.
_COMMENT_START_RE = re.compile(r"^[ \t]*@[ \t]*comment[ \t]*\{", re.IGNORECASE | re.MULTILINE)


def splittable_text(text: str) -> str:
    """The text bibtexparser's splitter is given: no byte-order mark, front matter or comments."""
    return blank_comment_blocks(blank_front_matter(text.removeprefix("\ufeff")))


def blank_comment_blocks(text: str) -> str:
    """Blank out ``@comment{...}`` blocks, keeping every offset and line number.

    al-folio users comment entries out by wrapping them in ``@comment{ ... }``; bibtex-ruby
    reads the brace-balanced block as a comment, but bibtexparser's splitter stops at the first
    ``@`` inside it and reports the block as failed (and loads the entries inside). A block
    whose braces never balance is left as it is, for the parser to report.
    """
    position = 0
    while match := _COMMENT_START_RE.search(text, position):
        depth, end = 0, -1
        for i in range(match.end() - 1, len(text)):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
        if end < 0:
            return text
        block = text[match.start() : end]
        text = text[: match.start()] + re.sub(r"[^\n]", " ", block) + text[end:]
        position = end
    return text


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


def _blocks(text: str) -> list:
    """bibtexparser's blocks of `text`, front matter blanked: the first step of every reading of
    BibTeX here (the loader's, ``add``'s and the benchmarks'). Raises what the splitter raises."""
    with _quiet_splitter():
        library = bibtexparser.parse_string(splittable_text(text), parse_stack=[])
    return library.blocks


def _parse(text: str, path: str | Path, settings: Settings) -> Bibliography:
    label = str(path)
    try:
        blocks = _blocks(text)
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
    for block in blocks:
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
    return the lower-case keys of the targets that are not papers of their own.

    biblatex also maps the parent's ``title`` to the child's ``booktitle`` (DBLP's
    ``@proceedings`` have it as both). A target with authors of its own is a paper too (a book
    its chapters crossref); one with only editors (DBLP's ``@proceedings``) is not. A cycle of
    crossrefs (A -> B -> A) is an error on each of its entries.
    """
    by_key = {entry.key.lower(): (entry, fields, bad) for entry, fields, bad in records}
    cycles = _crossref_cycles(by_key, builder)
    parents = set()
    for entry, fields, _ in records:
        target = fields.get("crossref", "").strip()
        if not target or entry.key.lower() in cycles:
            continue
        parent = by_key.get(target.lower())
        if parent is None or parent[1] is fields:
            builder.problem(
                entry,
                f"crossref '{target}' is not an entry of this file: its fields (booktitle, "
                "year, ...) are not inherited; add that entry or remove the crossref",
                "warning",
            )
            continue
        parent_fields = parent[1]
        if not parent_fields.get("author", "").strip():
            parents.add(target.lower())
        fields.update(inherited_fields(fields.keys(), parent_fields.items()))
    return parents - cycles


def _crossref_cycles(by_key: dict, builder: PaperBuilder) -> set[str]:
    """The lower-case keys of the entries on a crossref cycle, each reported as an error (and
    marked unreadable, so it is named and not loaded). Iterative: any chain length is safe."""
    in_cycle: set[str] = set()
    done: set[str] = set()
    for start in by_key:
        chain: list[str] = []
        key = start
        while key in by_key and key not in done and key not in chain:
            chain.append(key)
            key = by_key[key][1].get("crossref", "").strip().lower()
        if key in chain:  # back to an entry of this walk: a cycle
            loop = chain[chain.index(key) :]
            shown = " -> ".join(by_key[k][0].key for k in [*loop, key])
            for member in loop:
                entry, _, bad = by_key[member]
                builder.problem(
                    entry,
                    f"crossref cycle {shown}: no entry of it can inherit from the others; "
                    "remove the crossref that points back",
                )
                bad.add("crossref")
                in_cycle.add(member)
        done.update(chain)
    return in_cycle


def inherited_fields(
    own: Iterable[str], parent: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The fields an entry takes from its ``crossref`` target (`parent`, (name, value) pairs),
    given the names of its `own` fields: each one it lacks, as BibTeX and biber do, but the
    target's ``title``, which becomes its ``booktitle`` as in biblatex (DBLP's ``@proceedings``
    give both). The loader and ``add`` both resolve a crossref with this."""
    own = {name.lower() for name in own}
    parent = list(parent)
    taken = [(n, v) for n, v in parent if n.lower() not in own | {"crossref", "key", "title"}]
    titles = [v for n, v in parent if n.lower() == "title"]
    if titles and "booktitle" not in own | {n.lower() for n, _ in taken}:
        taken.append(("booktitle", titles[0]))
    return taken


def evaluated_entries(text: str) -> list[tuple[Entry, list[tuple[str, str]]]]:
    """Every entry of `text` whose values all evaluate, with its fields as (name as written,
    value with its macros expanded), a repeated field's first value only.

    The raw pass for ``add`` (which writes entries as their fields are written) and the
    benchmarks; what it skips, :func:`parse_bibliography` locates.
    """
    try:
        blocks = _blocks(text)
    except Exception:  # noqa: BLE001 - parse_bibliography reports the splitter's failure
        return []
    strings = dict(MONTHS)
    entries = []
    for block in blocks:
        if isinstance(block, DuplicateFieldKeyBlock):
            block = block.ignore_error_block
        if isinstance(block, String):
            _define_string(block, strings, "", [])  # a bad one: parse_bibliography locates it
        elif isinstance(block, Entry):
            try:
                fields = [(f.key, evaluate(f.value, strings)) for f in block.fields]
            except BadValueError:
                continue
            seen: set[str] = set()
            first = [(n, v) for n, v in fields if not (n.lower() in seen or seen.add(n.lower()))]
            entries.append((block, first))
    return entries


def _define_string(block: String, strings: dict, path: str, problems: list[Problem]) -> None:
    try:
        strings[block.key.lower()] = evaluate(block.value, strings)
    except BadValueError as exc:
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
    the first byte that is not, with how to convert the file), OSError if it cannot be read or
    is no regular file (a FIFO, a device) or is too big."""
    path = Path(path)
    data = read_regular_file(path)
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
