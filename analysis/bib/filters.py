"""Which papers a page lists: the filters of the ``publications`` directive, free of Sphinx.

The directive builds its filter here, and ``python -m analysis add`` reads the same filters out of
the book's pages to say which pages will show a new paper, with the very same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.bib.model import VENUE_TYPES, Paper
from analysis.bib.names import OwnerMatcher

GROUPINGS = ("year", "none")
_YEARS_RE = re.compile(r"^\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*$")
# A directive block in a MyST page: ```{publications} or :::{publications}, up to its closing fence.
_BLOCK_RE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{publications\}[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S
)
_OPTION_RE = re.compile(r"^:([\w-]+):[ \t]*(.*?)\s*$", re.M)


def parse_years(text: str) -> tuple[int | None, int | None]:
    """``2021-2023`` -> (2021, 2023); ``2022-`` -> (2022, None); ``2023`` -> (2023, 2023)."""
    match = _YEARS_RE.match(text or "")
    if not match or not (match.group(1) or match.group(3)):
        raise ValueError(
            f"years '{text}' is not a year range: write 2023, 2021-2023, 2022- or -2020"
        )
    first, dash, last = match.groups()
    if not dash:
        if first and last:  # "2021 2023"
            raise ValueError(f"years '{text}' is not a year range: put a '-' between the years")
        return int(first), int(first)
    low, high = (int(first) if first else None), (int(last) if last else None)
    if low and high and low > high:
        raise ValueError(f"years '{text}' goes backwards: write {high}-{low}")
    return low, high


def parse_venue_types(text: str) -> frozenset[str]:
    """``conference, journal`` -> the set of venue types; unknown types raise ValueError."""
    types = frozenset(t.strip().lower() for t in (text or "").split(",") if t.strip())
    unknown = sorted(types - set(VENUE_TYPES))
    if not types or unknown:
        raise ValueError(
            f"venue-type '{text}' is not a list of venue types: use {', '.join(VENUE_TYPES)}"
        )
    return types


@dataclass(frozen=True)
class PaperFilter:
    """The directive's filters; a paper is listed when every given filter matches it."""

    theme: str = ""
    selected: bool = False
    first_year: int | None = None
    last_year: int | None = None
    venue_types: frozenset[str] = frozenset()
    author: str = ""  # a name, matched in every form that means it (initials, accents, ...)

    @classmethod
    def from_options(cls, options: dict) -> PaperFilter:
        """Build a filter from directive options (raw strings); raises ValueError on bad values."""
        first, last = parse_years(options["years"]) if options.get("years") else (None, None)
        types = options.get("venue-type")
        return cls(
            theme=(options.get("theme") or "").strip().lower(),
            selected="selected" in options,
            first_year=first,
            last_year=last,
            venue_types=parse_venue_types(types) if types else frozenset(),
            author=" ".join((options.get("author") or "").split()),
        )

    def matches(self, paper: Paper) -> bool:
        return (
            (not self.theme or self.theme in paper.themes)
            and (not self.selected or paper.selected)
            and (self.first_year is None or paper.year >= self.first_year)
            and (self.last_year is None or paper.year <= self.last_year)
            and (not self.venue_types or paper.venue_type in self.venue_types)
            and (not self.author or any(map(_name_matcher(self.author), paper.authors)))
        )


@lru_cache(maxsize=64)
def _name_matcher(name: str) -> OwnerMatcher:
    """`:author: Marin Soljacic` lists `M. Soljačić` and `Soljačić, Marin` too: the rules that
    recognise the owner, for any name."""
    return OwnerMatcher([name])


def newest_first(paper: Paper) -> tuple[int, int, int]:
    """Sort key: year, then month and day where the entry has them (undated papers after the
    dated ones of their year); a stable sort keeps the file order among equals."""
    return (-paper.year, -paper.month, -paper.day)


def select_papers(papers: list[Paper], paper_filter: PaperFilter) -> list[Paper]:
    """The matching papers, newest first: by year, then month and day, then file order."""
    return sorted((p for p in papers if paper_filter.matches(p)), key=newest_first)


def filters_in_page(text: str) -> list[PaperFilter]:
    """The filters of every ``publications`` block in a MyST page (bad options are skipped)."""
    found = []
    for block in _BLOCK_RE.finditer(text):
        options = {}
        for match in _OPTION_RE.finditer(block.group("body")):
            options[match.group(1)] = match.group(2)
        try:
            found.append(PaperFilter.from_options(options))
        except ValueError:
            continue  # the build reports it, with its line; here we only predict pages
    return found
