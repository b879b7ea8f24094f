"""Venue normalisation: raw venue strings -> (canonical venue, venue type, honours)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from analysis.bib.model import VENUE_TYPES

# Honours written into a venue string: "NeurIPS (Oral)", "Phys. Rev. Lett. (Editor's suggestion)".
_HONOR_RE = re.compile(
    r"\(\s*(oral|spotlight|editors?['’]?s?\s+suggestion|best paper[^)]*)\s*\)", re.I
)
HONOR_NAMES = {"oral": "Oral", "spotlight": "Spotlight", "editor": "Editor's Suggestion"}
_ARXIV_IN_VENUE = re.compile(r"arxiv[:\s]*(?:preprint\s+arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?)", re.I)


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
            entries = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
        except OSError as exc:
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


class VenueTable:
    """Classifies venue strings with the first matching rule; results are cached per string."""

    def __init__(self, paths: tuple[Path, ...]):
        self.rules = load_rules(tuple(paths))
        self.classify = lru_cache(maxsize=16384)(self._classify)

    def _classify(self, raw: str) -> Venue:
        honors = tuple(normalise_honor(m.group(1)) for m in _HONOR_RE.finditer(raw))
        text = " ".join(_HONOR_RE.sub(" ", raw).split())
        for rule in self.rules:
            if rule.pattern.search(text):
                return Venue(rule.venue, rule.type, honors, True)
        return Venue(text or "Unknown", "other", honors, False)


def arxiv_id_in_venue(raw: str) -> str:
    """The arXiv id written in a venue string such as ``arXiv preprint arXiv:2310.02258``."""
    match = _ARXIV_IN_VENUE.search(raw)
    return match.group(1) if match else ""
