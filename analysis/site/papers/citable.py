"""The BibTeX a reader copies from a paper card: the citable entry, without the book's own fields.

The book keeps its own data in ``references.bib`` (``themes``, ``selected``, ``decision``, ...)
and entries from al-folio may carry its display fields; none of that belongs in someone else's
bibliography, so it is cut out here, as al-folio does for its own fields. Everything else stays
exactly as written (spacing, braces, comments inside values).
"""

from __future__ import annotations

import re

from analysis.bib.values import closing_brace, closing_quote
from analysis.bib.writer import DISPLAY_ONLY_FIELDS

# Fields this book reads for itself (see chapters/extending.md).
BOOK_FIELDS = frozenset({"themes", "selected", "decision", "honors", "equal_contribution"})
# al-folio's buttons and badges (its `filtered_bibtex_keywords`, less the standard `eprint`):
# links and the abstract the card shows, not part of a citation.
SITE_FIELDS = frozenset(
    {"abstract", "additional_info", "annotation", "arxiv", "award", "award_name", "blog", "code"}
    | {"google_scholar_id", "html", "inspirehep_id", "pdf", "poster", "slides", "supp", "video"}
    | {"website"}
)
DROPPED_FIELDS = BOOK_FIELDS | DISPLAY_ONLY_FIELDS | SITE_FIELDS
_HEADER_RE = re.compile(r"^\s*@\s*\w+\s*[{(]\s*[^,\s]*\s*,", re.S)
_NAME_RE = re.compile(r"\s*([A-Za-z][\w\-:.]*)\s*=\s*")


def citable_bibtex(raw: str, theme_slugs: frozenset[str] = frozenset()) -> str:
    """`raw` without the book's fields; ``keywords`` only go when they are all theme slugs."""
    header = _HEADER_RE.match(raw)
    if not header:
        return raw.strip()
    kept, position = [raw[: header.end()]], header.end()
    for name, value, end in _fields(raw, position):
        drop = name in DROPPED_FIELDS or (name == "keywords" and _only_themes(value, theme_slugs))
        if not drop:
            kept.append(raw[position:end])
        position = end
    kept.append(raw[position:])
    return "".join(kept).strip()


def _only_themes(value: str, slugs: frozenset[str]) -> bool:
    words = {w.strip().lower() for w in value.strip('{}"').split(",") if w.strip()}
    return bool(words) and words <= slugs


def _fields(raw: str, position: int):
    """(name, value text, end) of each field from `position`; end includes its comma."""
    while True:
        match = _NAME_RE.match(raw, position)
        if not match:
            return
        end = _value_end(raw, match.end())
        if end is None:
            return  # not BibTeX we understand: the rest is kept as written
        value = raw[match.end() : end]
        comma = re.match(r"\s*,", raw[end:])
        stop = end + (comma.end() if comma else 0)
        yield match.group(1).lower(), value, stop
        position = stop


def _value_end(raw: str, position: int) -> int | None:
    """Where a value (``{...}``, ``"..."``, a number or macro, joined by ``#``) ends."""
    while True:
        while position < len(raw) and raw[position].isspace():
            position += 1
        if position >= len(raw):
            return None
        char = raw[position]
        if char in '{"':
            end = (closing_brace if char == "{" else closing_quote)(raw, position)
            if end < 0:
                return None
            position = end + 1
        else:
            bare = re.match(r"[\w\-:.]+", raw[position:])
            if not bare:
                return None
            position += bare.end()
        joined = re.match(r"\s*#", raw[position:])
        if not joined:
            return position
        position += joined.end()
