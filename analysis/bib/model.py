"""The records the rest of the package works with: papers, problems, and a loaded bibliography."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.bib.latex import title_html
from analysis.problems import Problem  # noqa: F401 - the loader's problems, as ever

# The year of a forthcoming paper (``year = {To Appear}``, ``in press``, ...): it sorts before
# every real year; lists show it as FORTHCOMING_LABEL and the year-by-year charts leave it out.
FORTHCOMING = 9999
FORTHCOMING_LABEL = "Forthcoming"
VENUE_TYPES = ("conference", "journal", "workshop", "preprint", "thesis", "book", "report", "other")


class BibliographyError(ValueError):
    """A bibliography could not be loaded; ``problems`` holds every located reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Paper:
    """One paper, normalised for display and counting."""

    key: str
    entry_type: str
    title: str  # plain Unicode, LaTeX decoded: charts, alt texts, search, duplicates
    authors: tuple[str, ...]  # display names, "First Last"
    year: int  # FORTHCOMING for a paper not yet published
    venue_raw: str  # as written in the file (journal, booktitle, ...)
    venue: str  # the venue's short name, e.g. "NeurIPS", "J. Chem. Theory Comput."
    venue_type: str  # one of VENUE_TYPES
    honors: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    selected: bool = False
    equal_contribution: tuple[int, ...] = ()  # 0-based author positions
    owner_positions: tuple[int, ...] = ()  # 0-based positions of the book's owner
    # kind (arxiv, doi, url, pdf, supp, code, html, website, slides, poster, video, blog) -> an
    # http(s) URL, or a file of the book ("_static/talk.pdf")
    links: dict[str, str] = field(default_factory=dict)
    arxiv_id: str = ""
    doi: str = ""
    decision: str = ""  # why this entry departs from one of its sources
    line: int = 0  # 1-based line of the entry in its file
    raw: str = ""  # the entry's BibTeX as written
    month: int = 0  # 1-12, 0 when the entry has none
    day: int = 0  # 1-31, 0 when the entry has none
    title_tex: str = ""  # the title as written (TeX), for title_html
    collaboration: str = ""  # INSPIRE's `collaboration` field, e.g. "ATLAS" or "ATLAS, CMS"
    venue_full: str = ""  # the venue's full name when `venue` is short ("" when it is not)
    # al-folio's display fields, shown on the card, never in the citable BibTeX:
    abstract: str = ""  # as written (TeX)
    preview: str = ""  # thumbnail: an http(s) URL or a file of the book, "_static/kan.png"
    award: str = ""  # the sentence about an honour named by award_name (its badge)
    annotation: str = ""  # a note on the authors, e.g. "Co-first authors"
    additional_info: str = ""  # shown after the venue, e.g. "Oral presentation"

    @property
    def title_html(self) -> str:
        """The title as safe HTML: text escaped, math as MathML (converted on first use)."""
        return title_html(self.title_tex) if self.title_tex else html.escape(self.title, False)

    @property
    def forthcoming(self) -> bool:
        return self.year == FORTHCOMING

    @property
    def year_label(self) -> str:
        """ "2023", or "Forthcoming": what a heading or a badge shows for the year."""
        return FORTHCOMING_LABEL if self.forthcoming else str(self.year)

    @property
    def collaboration_label(self) -> str:
        """``ATLAS`` -> "ATLAS Collaboration", shown after the author list ("" without one)."""
        name = self.collaboration
        if not name or "collaboration" in name.lower():
            return name
        return (
            f"{name} Collaborations" if re.search(r",|\band\b", name) else f"{name} Collaboration"
        )

    @property
    def owner_first_author(self) -> bool:
        return 0 in self.owner_positions

    @property
    def et_al(self) -> bool:
        """True when the author list ends in BibTeX's ``and others``."""
        return bool(self.authors) and self.authors[-1] == "others"


@dataclass
class Bibliography:
    """A loaded file: its papers in file order, and every problem found."""

    path: Path
    papers: list[Paper]
    problems: list[Problem] = field(default_factory=list)
    # Keys of entries that are only the target of other entries' crossref (DBLP's @proceedings):
    # their fields fill in the papers that cite them; they are not papers of their own.
    parents: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        """What is normal but worth a look under ``check --strict`` (venues no rule knows)."""
        return [p for p in self.problems if p.severity == "note"]

    @property
    def unknown_venues(self) -> int:
        """How many venues no venue table knows: a note per paper, and a venue has many."""
        return len({p.message for p in self.notes})

    def by_key(self) -> dict[str, Paper]:
        return {p.key: p for p in self.papers}
