"""The book's papers against the owner's record: new works, published versions, undecided ones.

Pure functions over :class:`Work` (from ORCID, OpenAlex, DBLP) and the book's ``Paper``s: the
command (``python -m analysis sync``) fetches and writes, this module decides.

1. The record's works are merged across sources: the same DOI, arXiv id or title is one work
   (OpenAlex and ORCID both list a paper; a preprint and its published version share an arXiv
   id). A merged work prefers the published version's venue and DOI and keeps the arXiv id.
2. Each work is matched with the book by DOI, then arXiv id, then a strict title match.
   No paper: a new work. One paper that is a preprint, while the work has a published DOI: a
   published version to record (the entry keeps its key, eprint and the book's own fields).
   Two papers, or two published versions for one preprint: undecided, listed for the owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.bib.latex import latex_to_unicode
from analysis.bib.model import Paper
from analysis.bib.papers import title_key
from analysis.scholarly.record import Work


@dataclass
class Comparison:
    new: list[Work] = field(default_factory=list)
    published: list[tuple[Paper, Work]] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)  # one line each, for the owner
    matched: int = 0  # works already in the book as they are


def work_title_key(work: Work) -> str:
    return title_key(latex_to_unicode(work.title))


def identities(work: Work) -> list[tuple[str, str]]:
    pairs = [("doi", work.doi.lower()), ("arxiv", work.arxiv), ("title", work_title_key(work))]
    return [(what, value) for what, value in pairs if value]


def is_published(work: Work) -> bool:
    return bool(work.doi) and not work.doi.lower().startswith("10.48550/")


def merge_works(works: list[Work]) -> list[Work]:
    """One Work per paper of the record, whichever sources list it."""
    merged: list[Work] = []
    index: dict[tuple[str, str], int] = {}
    for work in works:
        places = {index[i] for i in identities(work) if i in index}
        if not places:
            index.update({i: len(merged) for i in identities(work)})
            merged.append(work)
            continue
        if (
            len(
                {merged[p].doi.lower() for p in places if is_published(merged[p])}
                | ({work.doi.lower()} if is_published(work) else set())
            )
            > 1
        ):  # two published versions: keep them apart, matching will flag them
            index.update({i: len(merged) for i in identities(work) if i not in index})
            merged.append(work)
            continue
        place = min(places)
        merged[place] = _combine(merged[place], work)
        index.update({i: place for i in identities(merged[place])})
    return merged


def _combine(first: Work, second: Work) -> Work:
    """The published version's bibliographic fields, the other's where it has none."""

    def richness(work: Work) -> tuple[bool, bool]:  # the published version, then full records
        return is_published(work), bool(work.authors)

    main, other = (second, first) if richness(second) > richness(first) else (first, second)
    for name in ("title", "year", "month", "venue", "volume", "number", "pages", "publisher",
                 "doi", "arxiv", "url"):  # fmt: skip
        if not getattr(main, name):
            setattr(main, name, getattr(other, name))
    if not main.authors:
        main.authors = other.authors
    main.extra = {**other.extra, **main.extra}
    main.source = " + ".join(dict.fromkeys(f"{main.source} + {other.source}".split(" + ")))
    return main


def compare(papers: list[Paper], works: list[Work]) -> Comparison:
    """What the record has that the book lacks (see the module docstring)."""
    by = {"doi": {}, "arxiv": {}, "title": {}}
    for paper in papers:
        for what, value in (("doi", paper.doi.lower()), ("arxiv", paper.arxiv_id),
                            ("title", title_key(paper.title))):  # fmt: skip
            if value:
                by[what].setdefault(value, []).append(paper)
    result = Comparison()
    upgrades: dict[str, list[tuple[Paper, Work]]] = {}
    for work in merge_works(works):
        found = _match(work, by)
        if not found:
            result.new.append(work)
        elif len(found) > 1:
            keys = " and ".join(f"'{p.key}'" for p in found)
            result.undecided.append(
                f"{_describe(work)}: matches {keys} in the book; decide which it is and edit it"
            )
        elif _is_preprint(found[0]) and is_published(work):
            upgrades.setdefault(found[0].key, []).append((found[0], work))
        else:
            result.matched += 1
    for key, pairs in upgrades.items():
        dois = {w.doi.lower() for _, w in pairs}
        if len(dois) == 1:
            result.published.append(pairs[0])
        else:
            result.undecided.append(
                f"'{key}': the record has {len(dois)} published versions of this preprint "
                f"({', '.join(sorted(dois))}); add the right DOI to the entry by hand"
            )
    return result


def _match(work: Work, by: dict) -> list[Paper]:
    """The book's papers for `work`: by DOI, else arXiv id, else strict title."""
    for what, value in (("doi", work.doi.lower()), ("arxiv", work.arxiv),
                        ("title", work_title_key(work))):  # fmt: skip
        found = by[what].get(value) if value else None
        if found:
            return list({p.key: p for p in found}.values())
    return []


def _is_preprint(paper: Paper) -> bool:
    return paper.venue_type == "preprint" or (
        not paper.doi and not paper.venue and bool(paper.arxiv_id)
    )


def _describe(work: Work) -> str:
    ids = work.doi and f"doi:{work.doi}" or work.arxiv and f"arXiv:{work.arxiv}" or work.source
    return f"'{latex_to_unicode(work.title)}' ({ids})"


def upgrade_changes(paper: Paper, work: Work) -> tuple[str, dict[str, str], dict[str, str]]:
    """(entry type, {field: value}, {old field: new field}) turning a preprint entry into its
    published version: venue, DOI, year, month, volume, number, pages. Nothing else changes."""
    entry_type = work.entry_type if work.entry_type in ("article", "inproceedings") else "article"
    venue_field = "booktitle" if entry_type == "inproceedings" else "journal"
    old_venue = {"inproceedings": "booktitle", "misc": "howpublished"}.get(
        paper.entry_type.lower(), "journal"
    )
    changes = {venue_field: work.venue, "doi": work.doi, "year": work.year, "month": work.month,
               "volume": work.volume, "number": work.number, "pages": work.pages}  # fmt: skip
    rename = {old_venue: venue_field} if old_venue != venue_field else {}
    return entry_type, {k: v for k, v in changes.items() if v}, rename
