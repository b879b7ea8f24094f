"""Author lists: split on ``and``, turn "Last, First" into "First Last", match the owner."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from analysis.bib.latex import latex_to_unicode

_AND_RE = re.compile(r"\s+and\s+", re.IGNORECASE)


def split_authors(value: str) -> list[str]:
    """Split a BibTeX author field on ``and`` outside braces."""
    parts, depth, start = [], 0, 0
    if "{" not in value:
        return [p.strip() for p in _AND_RE.split(value.strip()) if p.strip()]
    for match in re.finditer(r"[{}]|\s+and\s+", value, re.IGNORECASE):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(value[start : match.start()])
            start = match.end()
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip()]


# Cached: the same co-authors recur across a researcher's papers.
@lru_cache(maxsize=65536)
def display_name(raw: str) -> str:
    """``Liu, Ziming`` or ``Ziming Liu`` -> ``Ziming Liu``; ``Hou, Jr, Tom`` -> ``Tom Hou Jr``."""
    parts = [p.strip() for p in _split_top_level_commas(raw)]
    if len(parts) == 2:
        raw = f"{parts[1]} {parts[0]}"
    elif len(parts) >= 3:
        raw = f"{parts[2]} {parts[0]} {parts[1]}"
    return latex_to_unicode(raw)


def _split_top_level_commas(raw: str) -> list[str]:
    if "{" not in raw:
        return raw.split(",")
    parts, depth, current = [], 0, []
    for char in raw:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A comparison key: accents, dots, hyphens and case ignored (``Soljačić`` == ``soljacic``)."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[.\-]", " ", letters).lower().split())
