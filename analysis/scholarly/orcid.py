"""The works of an ORCID record: ``GET /{iD}/works`` of the public API (v3.0).

The answer groups the record's works: each ``group`` is one work, its ``external-ids`` the
identifiers every source agreed on, its ``work-summary`` list one summary per source (the
first is the one the owner prefers). Summaries have no authors: a new work's full metadata is
fetched by its DOI or arXiv id. An identifier whose relationship is ``version-of`` names
another version of the work (a preprint's published version, or the reverse).
"""

from __future__ import annotations

from analysis.scholarly.http import Client, SourceError
from analysis.scholarly.identifiers import normalise_arxiv, normalise_doi
from analysis.scholarly.record import Work, markup_to_bibtex, month_name

ENTRY_TYPES = {
    "journal-article": "article",
    "conference-paper": "inproceedings",
    "book-chapter": "incollection",
    "book": "book",
    "dissertation-thesis": "phdthesis",
    "dissertation": "phdthesis",
}


def fetch_orcid_works(client: Client, orcid: str) -> list[Work]:
    """One Work per group of the record (no authors: see the module docstring)."""
    data = client.get_json("orcid", f"/{orcid}/works", identifier=orcid)
    if not isinstance(data, dict) or not isinstance(data.get("group"), list):
        raise SourceError("orcid", orcid, "answered without the 'group' list of works")
    works = []
    for group in data["group"]:
        summaries = group.get("work-summary") if isinstance(group, dict) else None
        if not summaries or not isinstance(summaries[0], dict):
            continue
        summary = summaries[0]
        title = ((summary.get("title") or {}).get("title") or {}).get("value") or ""
        if not title.strip():
            continue
        ids = (group.get("external-ids") or {}).get("external-id") or []
        date = summary.get("publication-date") or {}
        work = Work(
            title=markup_to_bibtex(title),
            year=str(((date.get("year") or {}).get("value")) or ""),
            month=month_name((date.get("month") or {}).get("value")),
            entry_type=ENTRY_TYPES.get(str(summary.get("type")), "misc"),
            venue=markup_to_bibtex(str((summary.get("journal-title") or {}).get("value") or "")),
            source="ORCID",
        )
        for external in ids:
            kind = str(external.get("external-id-type", "")).lower()
            value = str(external.get("external-id-value", ""))
            relation = external.get("external-id-relationship", "self")
            if kind == "doi" and normalise_doi(value):
                doi = normalise_doi(value)
                if doi.lower().startswith("10.48550/arxiv."):
                    work.arxiv = work.arxiv or normalise_arxiv(doi.split("/", 1)[1][6:])
                elif relation == "self":
                    work.doi = work.doi or doi
                else:
                    work.published_as = work.published_as or doi
            elif kind == "arxiv" and normalise_arxiv(value):
                work.arxiv = work.arxiv or normalise_arxiv(value)
        if work.arxiv and not work.doi and not work.venue:
            work.venue = f"arXiv preprint arXiv:{work.arxiv}"
        works.append(work)
    return works
