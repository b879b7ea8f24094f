"""Citation counts from OpenAlex for the papers of a bibliography: what ``metrics`` fetches.

Batched: one request asks for up to 50 works (OpenAlex's limit on values OR-ed in one filter,
``doi:A|B|...``). In order, each paper is looked up

1. by the OpenAlex ids the metrics file already holds for it (``ids.openalex:W1|W2``), so the
   next run asks by id;
2. by its DOI and, for an arXiv paper, its arXiv DOI ``10.48550/arXiv.ID`` (an entry with both
   may find two works, a preprint and its published version: they count once, the larger);
3. last, by its title: a work counts only when its normalised title is the entry's and its year
   within one of the entry's, and only one work is so; anything else is listed, never guessed.

The fetch is pure apart from ``client.get_json`` (:class:`analysis.scholarly.http.Client`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.bib.model import Paper
from analysis.bib.papers import title_key
from analysis.scholarly.http import SourceError
from analysis.scholarly.identifiers import normalise_doi

BATCH = 50
SELECT = "id,doi,title,publication_year,cited_by_count,counts_by_year"
_WORK_URL = re.compile(r"^https://openalex\.org/(W\d+)$")
# Characters that end a filter value or split it (OpenAlex reads , | : and & in filter values).
_FILTER_SPECIAL = re.compile(r"[,|:&()\[\]\"'?!*/\\]+")


@dataclass(frozen=True)
class Work:
    """What the metrics file needs of an OpenAlex work."""

    id: str  # W2741809807
    doi: str  # lower case, without https://doi.org/ ("" without one)
    title: str
    year: int
    cited_by: int
    by_year: dict[int, int]


@dataclass
class Lookup:
    """Every paper's works, and the papers not found or found twice by title."""

    works: dict[str, list[Work]] = field(default_factory=dict)  # key -> works, most cited first
    missing: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # key -> candidate work ids


def arxiv_doi(arxiv_id: str) -> str:
    """The DOI arXiv registers for a paper (DataCite), as OpenAlex stores it: lower case."""
    return f"10.48550/arxiv.{arxiv_id}".lower() if arxiv_id else ""


def paper_dois(paper: Paper) -> list[str]:
    dois = [normalise_doi(paper.doi).lower(), arxiv_doi(paper.arxiv_id)]
    return list(dict.fromkeys(d for d in dois if d))


def parse_work(item, identifier: str) -> Work:
    """One work of an OpenAlex list; SourceError when it is not shaped as OpenAlex documents."""
    try:
        match = _WORK_URL.match(item["id"])
        if match is None:
            raise ValueError(item["id"])
        rows = item.get("counts_by_year") or []
        by_year = {int(r["year"]): int(r["cited_by_count"]) for r in rows}
        return Work(
            id=match.group(1),
            doi=normalise_doi(item.get("doi") or "").lower(),
            title=item.get("title") or "",
            year=int(item.get("publication_year") or 0),
            cited_by=int(item["cited_by_count"]),
            by_year={y: n for y, n in by_year.items() if n},
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        message = "answered with a work not shaped as OpenAlex documents (id, cited_by_count, "
        raise SourceError("openalex", identifier, message + "counts_by_year)") from None


def fetch_citations(papers: Sequence[Paper], known: dict[str, tuple[str, ...]], client) -> Lookup:
    """Look every paper up (see the module docstring). `known`: key -> OpenAlex ids on file."""
    lookup = Lookup()
    by_id = _fetch_batches(client, "ids.openalex", sorted({i for k in known.values() for i in k}))
    unresolved = []
    for paper in papers:
        works = [by_id[i] for i in known.get(paper.key, ()) if i in by_id]
        covered = {w.doi for w in works}
        if works and all(d in covered for d in paper_dois(paper)):
            lookup.works[paper.key] = works
        else:
            unresolved.append(paper)
    dois = sorted({d for p in unresolved for d in paper_dois(p)})
    by_doi = {w.doi: w for w in _fetch_batches(client, "doi", dois).values()}
    for paper in unresolved:
        works = [by_id[i] for i in known.get(paper.key, ()) if i in by_id]
        works += [by_doi[d] for d in paper_dois(paper) if d in by_doi]
        if not works:
            works = _by_title(client, paper, lookup)
        if works:
            unique = {w.id: w for w in works}.values()
            lookup.works[paper.key] = sorted(unique, key=lambda w: (-w.cited_by, w.id))
        elif paper.key not in lookup.ambiguous:
            lookup.missing.append(paper.key)
    for key, works in lookup.works.items():
        lookup.works[key] = sorted(works, key=lambda w: (-w.cited_by, w.id))
    return lookup


def _fetch_batches(client, attribute: str, values: list[str]) -> dict[str, Work]:
    """Works whose `attribute` is one of `values`, BATCH values a request; id -> work."""
    found = {}
    for start in range(0, len(values), BATCH):
        batch = values[start : start + BATCH]
        identifier = f"{len(batch)} works by {attribute}" if len(batch) > 1 else batch[0]
        reply = client.get_json("openalex", "/works", identifier=identifier, params={
            "filter": f"{attribute}:{'|'.join(batch)}",
            "per-page": str(2 * BATCH),  # a DOI may name two works (OpenAlex merges them late)
            "select": SELECT,
        })  # fmt: skip
        for item in _results(reply, identifier):
            work = parse_work(item, identifier)
            found[work.id] = work
    return found


def _by_title(client, paper: Paper, lookup: Lookup) -> list[Work]:
    """The one work with the paper's exact (normalised) title and year within one, or none."""
    wanted = title_key(paper.title)
    query = " ".join(_FILTER_SPECIAL.sub(" ", paper.title).split())
    if not wanted or not query:
        return []
    reply = client.get_json("openalex", "/works", identifier=paper.key, params={
        "filter": f"title.search:{query}",
        "per-page": "10",
        "select": SELECT,
    })  # fmt: skip
    works = [parse_work(item, paper.key) for item in _results(reply, paper.key)]
    matches = [w for w in works if title_key(w.title) == wanted and abs(w.year - paper.year) <= 1]
    if len(matches) > 1:
        lookup.ambiguous[paper.key] = [w.id for w in matches]
        return []
    return matches


def _results(reply, identifier: str) -> list:
    if not isinstance(reply, dict) or not isinstance(reply.get("results"), list):
        raise SourceError("openalex", identifier, "answered without a list of results")
    return reply["results"]
