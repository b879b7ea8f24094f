"""How a list names a paper's venue and its authors: the cards, citations, the CV page and the
PDF all read these, so they say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.bib.model import Paper
from analysis.bib.names import shorten_authors

_HOST_WORKSHOP_RE = re.compile(r"^\S+ workshop$", re.I)  # "NeurIPS workshop": every one of them
# In a workshop's venue string, the words that are not its name.
_NOT_WORKSHOP_NAME = re.compile(r"\([^)]*\)|\bworkshops?\b(?:\s+(?:on|in|for)\b)?|\b\d{4}\b", re.I)


def venue_label(paper: Paper) -> str:
    """ "ICLR 2023", "VarDial 2025"; a conference's workshops, which are one venue ("NeurIPS
    workshop"), are told apart by name: "NeurIPS 2023 UniReps workshop"; a preprint by its id,
    "arXiv:2404.19756"; a paper not yet published, "Nature (forthcoming)"."""
    if paper.forthcoming:
        return f"{paper.venue} (forthcoming)"
    if paper.venue_type == "preprint" and paper.arxiv_id:
        return f"arXiv:{paper.arxiv_id}"
    if paper.venue_type != "workshop" or not _HOST_WORKSHOP_RE.match(paper.venue):
        return f"{paper.venue} {paper.year}"
    host = re.sub(r"\s*\bworkshop\b\s*", " ", paper.venue, flags=re.I).strip()
    name = _NOT_WORKSHOP_NAME.sub(" ", paper.venue_raw)
    if host:
        name = re.sub(rf"\b{re.escape(host)}\b", " ", name, flags=re.I)
    name = " ".join(name.split()).strip(" ,:;-")
    return " ".join(part for part in (host, str(paper.year), name, "workshop") if part)


@dataclass(frozen=True)
class ShownAuthor:
    """One item of an author list as shown: a name, or ``… N more …`` for authors left out."""

    name: str
    owner: bool = False  # the book's owner: shown in bold
    equal: bool = False  # an equal contributor: marked with *
    left_out: int = 0  # > 0: this item stands for that many authors left out


def shown_authors(paper: Paper) -> list[ShownAuthor]:
    """The authors a list shows: a long collaboration list shortened around the owner with a
    count of the authors left out. BibTeX's ``and others`` is :attr:`Paper.et_al`, not a name."""
    names = paper.authors[:-1] if paper.et_al else paper.authors
    shown = []
    for position in shorten_authors(len(names), paper.owner_positions):
        if isinstance(position, range):
            shown.append(ShownAuthor(f"… {len(position)} more …", left_out=len(position)))
        else:
            owner, equal = position in paper.owner_positions, position in paper.equal_contribution
            shown.append(ShownAuthor(names[position], owner, equal))
    return shown
