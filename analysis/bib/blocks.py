"""Problems with whole blocks: what bibtexparser could not parse, and text it silently skipped.

bibtexparser 2 never raises on bad input. It stores what it cannot parse in
``library.failed_blocks`` and keeps stray text as implicit comments, so a careless loader loses
papers without a word. Every failed block becomes a located :class:`Problem` here, and so does
skipped text that looks like BibTeX (the tail of an entry closed too early, an entry without its
``@``), and an entry that contains the start of another one.
"""

from __future__ import annotations

import re

from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)

from analysis.bib.model import Problem

_KEY_RE = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()=\"]+)\s*,")
# A field (`name = {`, `name = "`, `name = 2024`), or an entry head without its `@`.
_FIELD_RE = re.compile(r"^\s*[\w\-]+\s*=\s*[{\"\d]", re.MULTILINE)
_HEAD_RE = re.compile(r"^\s*[a-zA-Z]+\s*\{\s*([^\s,{}=]+)\s*,\s*$", re.MULTILINE)
_ENTRY_START_RE = re.compile(r"@[a-zA-Z]+\s*[{(]\s*([^,\s{}()=\"]+)\s*,")


def line_of(block: Block) -> int:
    """The 1-based line where a block starts (bibtexparser counts from 0)."""
    return (block.start_line or 0) + 1


def key_of(block: Block) -> str:
    """The key of an entry or failed block, read from its text when the parser lost it."""
    key = getattr(block, "key", None)
    if key:
        return key
    match = _KEY_RE.match((block.raw or "").lstrip())
    return match.group(1) if match else "-"


def failed_block_problem(block: ParsingFailedBlock, path: str) -> Problem:
    """The located error for one of bibtexparser's failed blocks."""
    line, key = line_of(block), key_of(block)
    if isinstance(block, DuplicateBlockKeyBlock):
        what = "@string" if not isinstance(block.ignore_error_block, Entry) else "key"
        return Problem(
            path,
            line,
            key,
            f"duplicate {what}: '{block.key}' is already defined on line "
            f"{line_of(block.previous_block)}; rename one of them or delete the copy",
        )
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        return Problem(path, line, key, f"field '{fields}' is given twice in this entry: keep one")
    if isinstance(block, MiddlewareErrorBlock):
        return Problem(path, line, key, f"this block could not be read ({block.error}): fix it")
    reason = " ".join(str(getattr(block.error, "abort_reason", block.error)).split())
    if reason.startswith("Unexpected block start") or "found `@" in reason:
        hint = "it is not closed before the next entry starts: add the missing '}' (or '\"')"
    elif reason.startswith("Unexpectedly reached end of file"):
        hint = "the file ends inside it: add the missing '}'"
    else:
        hint = "look for a missing or extra brace, quote, comma or '='"
    return Problem(
        path,
        line,
        key,
        f"this entry could not be parsed and nothing from it was loaded: {hint} "
        f"(bibtexparser: {reason.rstrip('.')})",
    )


def skipped_text_problem(
    block: ImplicitComment, previous: Block | None, path: str
) -> Problem | None:
    """An error when text outside any entry looks like BibTeX that the parser skipped."""
    comment = block.comment or ""
    head = _HEAD_RE.search(comment)
    if head is not None:
        line = line_of(block) + comment.count("\n", 0, head.start())
        snippet = " ".join(head.group(0).split())
        return Problem(
            path,
            line,
            head.group(1),
            f"'{snippet}' is outside any entry and was ignored: is its '@' missing?",
        )
    match = _FIELD_RE.search(comment)
    if match is None:
        return None
    # A lost tail follows the early '}' at once (after the rest of its line). BibTeX ignores
    # text between entries, and prose there may say `type = "..."` (IEEEtran's IEEEexample.bib).
    if comment[: match.start()].partition("\n")[2].strip():
        return None
    line = line_of(block) + comment.count("\n", 0, match.start())
    snippet = " ".join(match.group(0).split())
    if isinstance(previous, Entry):
        return Problem(
            path,
            line,
            previous.key,
            f"'{snippet}...' is outside any entry and was ignored: the entry starting on line "
            f"{line_of(previous)} was probably closed early by an extra '}}'",
        )
    return Problem(path, line, "-", f"'{snippet}...' is outside any entry and was ignored")


def swallowed_entry_problem(entry: Entry, path: str) -> Problem | None:
    """An error when an entry's text contains the start of another entry (a brace is missing)."""
    raw = entry.raw or ""
    match = _ENTRY_START_RE.search(raw, 1)
    if match is None:
        return None
    line = line_of(entry) + raw.count("\n", 0, match.start())
    return Problem(
        path,
        line_of(entry),
        entry.key,
        f"the entry '{match.group(1)}' on line {line} is inside this entry, so it was not "
        "loaded: close this entry with '}' before it",
    )
