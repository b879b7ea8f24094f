"""Venue normalisation: raw venue strings -> (canonical venue, venue type, honours)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from analysis.bib.model import VENUE_TYPES
from analysis.safeinput import BoundedSafeLoader, read_regular_file

# Honours written into a venue string: "NeurIPS (Oral)", "Phys. Rev. Lett. (Editor's suggestion)".
_HONOR_RE = re.compile(
    r"\(\s*(oral|spotlight|editors?['’]?s?\s+suggestion|best paper[^)]*)\s*\)", re.I
)
HONOR_NAMES = {"oral": "Oral", "spotlight": "Spotlight", "editor": "Editor's Suggestion"}
_ARXIV_IN_VENUE = re.compile(r"arxiv[:\s]*(?:preprint\s+arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?)", re.I)
# The venue type an entry type implies when no rule knows the venue (BibTeX and biblatex types).
ENTRY_TYPE_VENUES = {
    "article": "journal",
    "periodical": "journal",
    "inproceedings": "conference",
    "conference": "conference",
    "proceedings": "conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "book": "book",
    "inbook": "book",
    "incollection": "book",
    "collection": "book",
    "booklet": "book",
    "techreport": "report",
    "report": "report",
}
# Labels for an entry with no venue at all, by its venue type.
TYPE_LABELS = {"thesis": "Thesis", "book": "Book", "report": "Report"}
_WORKSHOP_RE = re.compile(r"\bworkshops?\b", re.I)
# DBLP and ACM name a conference "<long name>, {ABBR} 2017, <dates, place>" or "... (ABBR 2020)".
_ACRONYM_YEAR_RE = re.compile(
    r"(?:^|[,(]\s*)([A-Z][A-Za-z&]*[A-Z][A-Za-z/&+\-]*)\s*['’]?\d{2,4}\s*(?:[,):]|$)"
)
_PROCEEDINGS_RE = re.compile(
    r"^\s*(?:in\s+)?(?:proc(?:eedings|\.)?\s+of\s+(?:the\s+)?|proc\.\s+)", re.I
)
_ORDINAL_RE = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty)[\s-]?)?(?:first|second|third"
    r"|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven"
    r"|eigh|nine)teenth|(?:twen|thir|for|fif|six)tieth)\b",
    re.I,
)
# A year, and the 年 (year) or 年度 (fiscal year) that Japanese and Chinese write after it.
_YEAR_RE = re.compile(r"(?<![\d.])(?:19|20)\d{2}(?:年度?)?(?![\d.])")
_THE_RE = re.compile(r"^the\s+", re.I)
_EMPTY_PARENS_RE = re.compile(r"\(\s*\)")
_KEY_RE = re.compile(r"[^\w&]+|_")  # letters of any script stay: 历史研究 is not 日本音響学会誌


@dataclass(frozen=True)
class VenueRule:
    pattern: re.Pattern[str]
    venue: str
    type: str


@dataclass(frozen=True)
class Venue:
    name: str  # canonical, e.g. "NeurIPS"
    type: str  # one of VENUE_TYPES
    honors: tuple[str, ...]
    known: bool  # False when no rule matched (the raw string is kept as the name)


def normalise_honor(text: str) -> str:
    """``editor's suggestion`` -> ``Editor's Suggestion``; unknown honours keep their own words."""
    lowered = text.strip().lower()
    for prefix, name in HONOR_NAMES.items():
        if lowered.startswith(prefix):
            return name
    return text.strip()


class VenueTableError(ValueError):
    """A venue table file is malformed."""


@lru_cache(maxsize=32)
def load_rules(paths: tuple[Path, ...]) -> tuple[VenueRule, ...]:
    """Read the rule tables, in order; an unreadable rule names its file and position."""
    rules = []
    for path in paths:
        try:
            text = read_regular_file(path).decode("utf-8")
            entries = yaml.load(text, Loader=BoundedSafeLoader) or []  # noqa: S506 - a safe loader
        except (OSError, UnicodeDecodeError) as exc:
            raise VenueTableError(f"{path}: cannot read the venue table: {exc}") from exc
        except yaml.YAMLError as exc:
            raise VenueTableError(f"{path}: is not valid YAML: {exc}") from exc
        if not isinstance(entries, list):
            raise VenueTableError(f"{path}: must be a list of rules (- {{match, venue, type}})")
        for number, entry in enumerate(entries, start=1):
            where = f"{path}: rule {number}"
            if not isinstance(entry, dict) or not {"match", "venue", "type"} <= entry.keys():
                raise VenueTableError(f"{where}: needs 'match', 'venue' and 'type' keys")
            if entry["type"] not in VENUE_TYPES:
                raise VenueTableError(f"{where}: type must be one of {', '.join(VENUE_TYPES)}")
            try:
                pattern = re.compile(str(entry["match"]), re.IGNORECASE)
            except re.error as exc:
                raise VenueTableError(f"{where}: bad regular expression: {exc}") from exc
            rules.append(VenueRule(pattern, str(entry["venue"]), entry["type"]))
    return tuple(rules)


def canonical_name(text: str) -> str:
    """A venue's name without what varies between its editions and exporters.

    DBLP's ``42nd International Symposium on ..., {MFCS} 2017, August 21-25, 2017, Aalborg``
    becomes ``MFCS``; otherwise "Proceedings of the", a leading "The", ordinals and years go:
    ``Proceedings of the 37th Annual Meeting of X 2021`` -> ``Annual Meeting of X``.
    """
    acronym = _ACRONYM_YEAR_RE.search(text)
    if acronym:
        return acronym.group(1)
    name = _PROCEEDINGS_RE.sub("", text)
    name = _YEAR_RE.sub("", _ORDINAL_RE.sub("", name))
    name = _EMPTY_PARENS_RE.sub("", name.replace("( ", "(").replace(" )", ")"))
    name = _THE_RE.sub("", " ".join(name.split()))
    return name.strip(" ,;:-'") or text


def venue_key(name: str) -> str:
    """The grouping key of a canonical name: case, punctuation and every "the" folded."""
    return " ".join(w for w in _KEY_RE.sub(" ", name.lower()).split() if w != "the")


class VenueTable:
    """Classifies venue strings with the first matching rule; results are cached per string.

    A venue no rule knows is normal: it keeps its canonical name, its type comes from the entry
    type (``@article`` -> journal, "workshop" in the name -> workshop, ``@phdthesis`` -> thesis),
    and names that differ only in case, "The", ordinals or years are one venue.
    """

    def __init__(self, paths: tuple[Path, ...]):
        self.rules = load_rules(tuple(paths))
        self.classify = lru_cache(maxsize=16384)(self._classify)
        self.names: dict[str, str] = {}  # venue_key -> the first spelling met

    def _classify(self, raw: str, entry_type: str = "") -> Venue:
        honors = tuple(normalise_honor(m.group(1)) for m in _HONOR_RE.finditer(raw))
        text = " ".join(_HONOR_RE.sub(" ", raw).split())
        for rule in self.rules:
            if rule.pattern.search(text):
                return Venue(rule.venue, rule.type, honors, True)
        venue_type = ENTRY_TYPE_VENUES.get(entry_type.lower(), "other")
        if _WORKSHOP_RE.search(text) and venue_type in ("conference", "other"):
            venue_type = "workshop"
        if not text:
            return Venue(TYPE_LABELS.get(venue_type, "Unknown"), venue_type, honors, False)
        name = canonical_name(text)
        name = self.names.setdefault(venue_key(name), name)
        return Venue(name, venue_type, honors, False)


def arxiv_id_in_venue(raw: str) -> str:
    """The arXiv id written in a venue string such as ``arXiv preprint arXiv:2310.02258``."""
    match = _ARXIV_IN_VENUE.search(raw)
    return match.group(1) if match else ""
